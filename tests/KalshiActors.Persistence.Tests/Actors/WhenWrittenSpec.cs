using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence.Tests.Actors;

/// <summary>
/// <see cref="PersistenceExtension.WhenWrittenAsync"/>: a reader who saw an actor act on an event it stored with
/// PersistAsync waits for it, then finds the event in the journal.
/// </summary>
public sealed class WhenWrittenSpec : IAsyncLifetime
{
    // Bounds every wait so a broken journal fails the test instead of hanging the run; not a performance assertion.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly GatedStorage _storage = new(new InMemoryJournalStorage());
    private ActorSystem _system = null!;
    private EventJournal _journal = null!;
    private PersistenceExtension _persistence = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("when-written-spec");
        _journal = new EventJournal(_storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);
        _persistence = PersistenceExtension.Start(
            _system, _journal, new SnapshotStore(new InMemorySnapshotStorage(), ActorTestEvents.CreateRegistry()), new PersistenceSettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _storage.Open();
        await _system.Terminate().WaitAsync(Limit);
    }

    [Fact]
    public async Task WhenWrittenAsync_completes_only_after_the_writes_handed_over_before_it_are_stored()
    {
        var counter = _system.ActorOf(CounterActor.Props("counter-1"));
        await counter.Ask<CounterReport>(new GetState(), Limit);

        _storage.Close();
        counter.Tell(new AddAsync(5));
        // Answered after the AddAsync turn, which hands its write to the journal when it ends.
        await counter.Ask<CounterReport>(new GetState(), Limit);
        await _storage.WaitForHeldWriteAsync(Limit);

        var written = _persistence.WhenWrittenAsync(Limit);
        await Task.Delay(200);
        Assert.False(written.IsCompleted, "answered while the write before it was still held by the storage");
        Assert.Empty(await Events("counter-1"));

        _storage.Open();
        await written;
        Assert.Equal([new Added(5)], await Events("counter-1"));
    }

    [Fact]
    public async Task WhenWrittenAsync_completes_at_once_with_nothing_pending_and_after_a_failed_write()
    {
        await _persistence.WhenWrittenAsync(Limit).WaitAsync(Limit);

        var counter = _system.ActorOf(CounterActor.Props("counter-2"));
        await counter.Ask<CounterReport>(new GetState(), Limit);
        _storage.Close();
        _storage.FailNext = true;
        counter.Tell(new AddAsync(7));
        await counter.Ask<CounterReport>(new GetState(), Limit);
        await _storage.WaitForHeldWriteAsync(Limit);

        var written = _persistence.WhenWrittenAsync(Limit);
        await Task.Delay(200);
        Assert.False(written.IsCompleted, "answered while the write before it was still held by the storage");

        // The failure is the held write's answer and the waiter's too: it is not left to time out.
        _storage.Open();
        await written;
        Assert.Empty(await Events("counter-2"));
    }

    private async Task<List<object>> Events(string persistenceId)
    {
        var events = new List<object>();
        await foreach (var envelope in _journal.CurrentEventsByPersistenceId(persistenceId))
        {
            events.Add(envelope.Event);
        }

        return events;
    }

    /// <summary>Holds every write while closed; fails the next write it lets through when told to.</summary>
    private sealed class GatedStorage(IJournalStorage inner) : ForwardingJournalStorage(inner)
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _gate = Opened();

        public bool FailNext { get; set; }

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public Task WaitForHeldWriteAsync(TimeSpan limit) => _held.Task.WaitAsync(limit);

        public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
        {
            var gate = _gate;
            if (!gate.Task.IsCompleted)
            {
                _held.TrySetResult();
            }

            await gate.Task.WaitAsync(cancellationToken);
            if (FailNext)
            {
                FailNext = false;
                throw new JournalStorageException("injected failure");
            }

            await base.WriteAsync(rows, cancellationToken);
        }

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource();
            opened.SetResult();
            return opened;
        }
    }
}
