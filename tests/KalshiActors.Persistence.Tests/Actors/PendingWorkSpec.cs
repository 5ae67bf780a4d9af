using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence.Tests.Actors;

/// <summary>
/// A virtual-clock driver (backtest, replay) moves time only when <see cref="ActorSystem.PendingWork"/> is zero, so a
/// journal write must count as pending work from the persist call until its handler has run, for Persist and PersistAsync
/// alike; otherwise the clock moves while a handler (e.g. a strategy's intent leaving after its signal is stored) is still due.
/// </summary>
public sealed class PendingWorkSpec : IAsyncLifetime
{
    // Bounds every wait so a broken actor fails the test instead of hanging the run; not a performance assertion.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly GatedJournalStorage _storage = new(new InMemoryJournalStorage());
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("pending-work-spec");
        var journal = new EventJournal(_storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);
        PersistenceExtension.Start(_system, journal, new SnapshotStore(new InMemorySnapshotStorage(), ActorTestEvents.CreateRegistry()), new PersistenceSettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _storage.Open();
        await _system.Terminate().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_in_flight_is_pending_work_until_its_handler_ran(bool async)
    {
        var handled = new HandlerLog();
        var actor = _system.ActorOf(Kernel.Props.Create(() => new RecordingActor("pending-" + async, handled)));
        await actor.Ask<string>("ready", Limit);
        await IdleAsync();

        _storage.Close();
        actor.Tell(new Record(7, async));
        await _storage.WriteReached.WaitAsync(Limit);

        // The storage holds the write: nothing may look idle, however long the write takes.
        Assert.NotEqual(0, _system.PendingWork);
        Assert.Equal(0, handled.Count);

        _storage.Open();
        await IdleAsync();

        // Idle means the handler already ran (and what it sent was handled): read at once, without asking the actor.
        Assert.Equal(1, handled.Count);
        Assert.Equal(1, handled.Echoes);
    }

    private async Task IdleAsync()
    {
        var started = DateTime.UtcNow;
        while (_system.PendingWork != 0)
        {
            if (DateTime.UtcNow - started > Limit)
            {
                throw new TimeoutException($"{_system.PendingWork} pending");
            }

            await Task.Yield();
        }
    }

    private sealed record Record(long Amount, bool Async);

    private sealed record Echo;

    private sealed class HandlerLog
    {
        private int _count;
        private int _echoes;

        public int Count => Volatile.Read(ref _count);

        public int Echoes => Volatile.Read(ref _echoes);

        public void Handled() => Interlocked.Increment(ref _count);

        public void Echoed() => Interlocked.Increment(ref _echoes);
    }

    private sealed class RecordingActor : ReceivePersistentActor
    {
        private readonly string _persistenceId;

        public RecordingActor(string persistenceId, HandlerLog log)
        {
            _persistenceId = persistenceId;
            Recover<Added>(_ => { });
            Command<string>(_ => Sender.Tell("ready"));
            Command<Record>(r =>
            {
                Action<Added> handler = _ =>
                {
                    log.Handled();
                    Self.Tell(new Echo());
                };
                if (r.Async)
                {
                    PersistAsync(new Added(r.Amount), handler);
                }
                else
                {
                    Persist(new Added(r.Amount), handler);
                }
            });
            Command<Echo>(_ => log.Echoed());
        }

        public override string PersistenceId => _persistenceId;
    }

    // Holds writes while closed, so the test can look at the system with a write in flight.
    private sealed class GatedJournalStorage(IJournalStorage inner) : ForwardingJournalStorage(inner)
    {
        private volatile TaskCompletionSource _gate = Opened();
        private readonly TaskCompletionSource _writeReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WriteReached => _writeReached.Task;

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
        {
            var gate = _gate.Task;
            if (!gate.IsCompleted)
            {
                _writeReached.TrySetResult();
            }

            await gate;
            await Inner.WriteAsync(rows, cancellationToken);
        }

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            opened.TrySetResult();
            return opened;
        }
    }
}
