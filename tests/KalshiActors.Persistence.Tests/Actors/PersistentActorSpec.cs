using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence.Tests.Actors;

public sealed class PersistentActorSpec : IAsyncLifetime
{
    // Bounds every wait so a broken actor fails the test instead of hanging the run; not a performance assertion.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly CountingJournalStorage _storage = new(new InMemoryJournalStorage());
    private ActorSystem _system = null!;
    private EventJournal _journal = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("persistence-spec");
        _journal = new EventJournal(_storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);
        PersistenceExtension.Start(_system, _journal, new SnapshotStore(new InMemorySnapshotStorage(), ActorTestEvents.CreateRegistry()), new PersistenceSettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate().WaitAsync(Limit);

    private Task<CounterReport> Report(IActorRef actor) => actor.Ask<CounterReport>(new GetState(), Limit);

    // Asks until the actor reports what the test waits for (an async reply it handles later); bounded.
    private async Task<CounterReport> ReportWhen(IActorRef actor, Func<CounterReport, bool> condition)
    {
        for (var attempt = 0; attempt < 100_000; attempt++)
        {
            var report = await Report(actor);
            if (condition(report))
            {
                return report;
            }

            await Task.Yield();
        }

        throw new InvalidOperationException("The actor never reached the expected state.");
    }

    private async Task StopAndWait(IActorRef actor)
    {
        var terminated = await Watch(actor);
        _system.Stop(actor);
        await terminated.WaitAsync(Limit);
    }

    private Task<Task> Watch(IActorRef actor)
    {
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorOf(WatcherActor.Props(actor, terminated));
        return Task.FromResult<Task>(terminated.Task);
    }

    [Fact]
    public async Task PersistentActor_must_recover_its_state_after_a_restart()
    {
        var first = _system.ActorOf(CounterActor.Props("c1"));
        Assert.Equal(5L, await first.Ask<long>(new Add(5), Limit));
        Assert.Equal(12L, await first.Ask<long>(new Add(7), Limit));
        await StopAndWait(first);

        var second = _system.ActorOf(CounterActor.Props("c1"));
        var report = await Report(second);

        Assert.Equal(12, report.Total);
        Assert.Equal(2, report.Replayed);
        Assert.Equal(2, report.LastSequenceNr);
        Assert.Equal("recovered", report.Log[0]);
        Assert.Equal(15L, await second.Ask<long>(new Add(3), Limit));
        Assert.Equal([1L, 2L, 3L], await _journal.ReplayAsync("c1", 1, long.MaxValue).Select(r => r.SequenceNr).ToListAsync());
    }

    [Fact]
    public async Task PersistentActor_must_recover_its_state_when_its_supervisor_restarts_it()
    {
        var actor = _system.ActorOf(CounterActor.Props("restarted"));
        await actor.Ask<long>(new Add(4), Limit);
        await actor.Ask<long>(new Add(6), Limit);

        actor.Tell(new Crash());
        var report = await Report(actor);

        // The default strategy restarts: the fresh instance replayed both events instead of starting at zero.
        Assert.Equal(10, report.Total);
        Assert.Equal(2, report.Replayed);
        Assert.Equal(2, report.LastSequenceNr);
        Assert.Equal(11L, await actor.Ask<long>(new Add(1), Limit));
    }

    [Fact]
    public async Task PersistentActor_must_stash_commands_while_a_persist_is_in_flight()
    {
        var actor = _system.ActorOf(CounterActor.Props("c2"));

        // Sent back to back: GetState arrives while Add's event is still being written, so it must wait for the handler.
        var added = actor.Ask<long>(new Add(4), Limit);
        var report = await Report(actor);

        Assert.Equal(4, report.Total);
        Assert.Equal(4L, await added);
    }

    [Fact]
    public async Task PersistentActor_must_run_PersistAll_handlers_in_order_after_one_atomic_write()
    {
        var actor = _system.ActorOf(CounterActor.Props("c3"));
        await Report(actor);
        var writesBefore = _storage.Writes;

        actor.Tell(new AddAll([1, 2, 3]));
        var report = await Report(actor);

        Assert.Equal(["recovered", "all:1", "all:2", "all:3"], report.Log);
        Assert.Equal(6, report.Total);
        Assert.Equal(3, report.LastSequenceNr);
        Assert.Equal(1, _storage.Writes - writesBefore);
    }

    [Fact]
    public async Task PersistentActor_must_run_deferred_handlers_after_the_preceding_PersistAsync_handlers()
    {
        var actor = _system.ActorOf(CounterActor.Props("c4"));
        actor.Tell(new AddAsync(1));
        actor.Tell(new AddAsync(2));

        // Persisted with PersistAsync, so GetState is not held back; wait until both handlers ran.
        var report = await ReportWhen(actor, r => r.Log.Count >= 5);

        Assert.Equal(["recovered", "async:1", "deferred:1", "async:2", "deferred:2"], report.Log);
        Assert.Equal(3, report.Total);
    }

    [Fact]
    public async Task PersistentActor_must_recover_from_a_snapshot_and_replay_only_later_events()
    {
        var first = _system.ActorOf(CounterActor.Props("c5"));
        await first.Ask<long>(new Add(10), Limit);
        await first.Ask<long>(new Add(20), Limit);
        first.Tell(new TakeSnapshot());
        await ReportWhen(first, r => r.Log.Contains("snapshot:2"));

        await first.Ask<long>(new Add(5), Limit);
        await StopAndWait(first);

        var report = await Report(_system.ActorOf(CounterActor.Props("c5")));

        Assert.Equal(35, report.Total);
        Assert.Equal(1, report.Replayed);
        Assert.Equal(2, report.SnapshotSequenceNr);
        Assert.Equal(3, report.LastSequenceNr);
    }

    [Fact]
    public async Task PersistentActor_must_keep_numbering_after_deleting_all_its_events()
    {
        var first = _system.ActorOf(CounterActor.Props("c6"));
        await first.Ask<long>(new Add(1), Limit);
        await first.Ask<long>(new Add(1), Limit);
        first.Tell(new DeleteUpTo(long.MaxValue));
        await ReportWhen(first, r => r.Log.Contains("deleted:2"));

        await StopAndWait(first);
        var second = _system.ActorOf(CounterActor.Props("c6"));
        await second.Ask<long>(new Add(1), Limit);

        Assert.Equal(3, (await Report(second)).LastSequenceNr);
        Assert.Equal([3L], await _journal.ReplayAsync("c6", 1, long.MaxValue).Select(r => r.SequenceNr).ToListAsync());
    }

    [Fact]
    public async Task PersistentActor_must_stop_with_a_clear_error_when_recovery_finds_a_sequence_gap()
    {
        await _journal.WriteAsync([Write("gap", 1, 2), Write("gap", 4, 4)]);
        var probe = new CounterProbe();

        var actor = _system.ActorOf(CounterActor.Props("gap", probe));
        var terminated = await Watch(actor);

        var failure = Assert.IsType<RecoveryException>(await probe.RecoveryFailure.Task.WaitAsync(Limit));
        Assert.Equal("gap", failure.PersistenceId);
        Assert.Equal(3, failure.SequenceNr);
        Assert.Contains("3..3", failure.Message, StringComparison.Ordinal);
        await terminated.WaitAsync(Limit);
    }

    [Fact]
    public async Task PersistentActor_must_stop_when_events_right_after_its_snapshot_are_missing()
    {
        await _journal.WriteAsync([Write("snapgap", 1, 2), Write("snapgap", 5, 5)]);
        await PersistenceExtension.Get(_system).Snapshots.SaveAsync(new SnapshotMetadata("snapgap", 2, 1), new CounterState(2, 2));
        var probe = new CounterProbe();

        var actor = _system.ActorOf(CounterActor.Props("snapgap", probe));
        var terminated = await Watch(actor);

        var failure = Assert.IsType<RecoveryException>(await probe.RecoveryFailure.Task.WaitAsync(Limit));
        Assert.Equal(3, failure.SequenceNr);
        await terminated.WaitAsync(Limit);
    }

    [Fact]
    public async Task PersistentActor_must_stop_with_a_clear_error_when_recovery_meets_an_unreadable_event()
    {
        await _storage.WriteAsync([new JournalRow(0, "ghost", 1, "Ghost.v3", "{}"u8.ToArray(), [], 1, "w")], CancellationToken.None);
        var probe = new CounterProbe();

        var actor = _system.ActorOf(CounterActor.Props("ghost", probe));
        var terminated = await Watch(actor);

        var failure = Assert.IsType<UnknownManifestException>(await probe.RecoveryFailure.Task.WaitAsync(Limit));
        Assert.Equal(("ghost", 1L, "Ghost.v3"), (failure.PersistenceId, failure.SequenceNr, failure.Manifest));
        await terminated.WaitAsync(Limit);
    }

    [Fact]
    public async Task PersistentActor_must_stop_when_another_writer_took_its_sequence_number()
    {
        var probe = new CounterProbe();
        var actor = _system.ActorOf(CounterActor.Props("contended", probe));
        await Report(actor);
        var terminated = await Watch(actor);

        // Another incarnation (e.g. on another node) writes #1 behind this actor's back.
        await _journal.WriteAsync([Write("contended", 1, 1)]);
        actor.Tell(new Add(1));

        var failure = Assert.IsType<JournalConcurrencyException>(await probe.PersistFailure.Task.WaitAsync(Limit));
        Assert.Equal(("contended", 1L), (failure.PersistenceId, failure.ExpectedSequenceNr));
        await terminated.WaitAsync(Limit);
    }

    [Fact]
    public async Task PersistentActor_stopped_by_a_persist_failure_must_be_restarted_by_a_backoff_supervisor_and_recover()
    {
        var probe = new CounterProbe();
        var supervisor = _system.ActorOf(BackoffSupervisor.Props(
            Backoff.OnStop(CounterActor.Props("backoff", probe), "counter", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), 0)));
        var first = (await supervisor.Ask<BackoffSupervisor.CurrentChild>(new BackoffSupervisor.GetCurrentChild(), Limit)).Ref!;
        await first.Ask<long>(new Add(1), Limit);

        await _journal.WriteAsync([Write("backoff", 2, 2)]);
        first.Tell(new Add(5));
        Assert.IsType<JournalConcurrencyException>(await probe.PersistFailure.Task.WaitAsync(Limit));

        IActorRef? second = null;
        for (var attempt = 0; attempt < 3_000 && (second is null || second.Equals(first)); attempt++)
        {
            await Task.Delay(10);
            second = (await supervisor.Ask<BackoffSupervisor.CurrentChild>(new BackoffSupervisor.GetCurrentChild(), Limit)).Ref;
        }

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        var report = await Report(second);
        Assert.Equal(2, report.Total);
        Assert.Equal(2, report.LastSequenceNr);
    }

    [Fact]
    public async Task PersistentActor_must_reject_an_unregistered_event_and_continue_without_a_gap()
    {
        var probe = new CounterProbe();
        var actor = _system.ActorOf(CounterActor.Props("rejecting", probe));

        actor.Tell(new AddUnregistered(1));
        Assert.IsType<EventSerializationException>(await probe.PersistRejected.Task.WaitAsync(Limit));
        await actor.Ask<long>(new Add(2), Limit);

        var report = await Report(actor);
        Assert.Contains("rejected:1", report.Log);
        Assert.DoesNotContain("unregistered-handler-ran", report.Log);
        Assert.Equal([1L], await _journal.ReplayAsync("rejecting", 1, long.MaxValue).Select(r => r.SequenceNr).ToListAsync());
    }

    [Fact]
    public async Task PersistentActor_must_tag_events_for_tag_queries()
    {
        var actor = _system.ActorOf(CounterActor.Props("tagged"));
        await actor.Ask<long>(new Add(1), Limit);

        var tagged = await _journal.CurrentEventsByTag("counter").ToListAsync();

        Assert.Equal(new Added(1), Assert.Single(tagged).Event);
    }

    private static AtomicWrite Write(string persistenceId, long from, long to) =>
        new([.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => new PersistentRepr(persistenceId, i, new Added(1), []))]);
}

public sealed class JournalActorSpec
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task JournalActor_must_write_100_concurrently_persisting_actors_in_one_transaction()
    {
        var storage = new CountingJournalStorage(new InMemoryJournalStorage());
        var system = ActorSystem.Create("journal-batching");
        try
        {
            var journal = new EventJournal(storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);

            // A full batch is written at once; the long linger only matters for a partial batch, which this test never has.
            PersistenceExtension.Start(
                system, journal, new SnapshotStore(new InMemorySnapshotStorage(), ActorTestEvents.CreateRegistry()),
                new PersistenceSettings { MaxBatchSize = 100, Linger = TimeSpan.FromHours(1) });
            var actors = Enumerable.Range(0, 100).Select(i => system.ActorOf(CounterActor.Props($"batch-{i}"))).ToList();
            foreach (var actor in actors)
            {
                await actor.Ask<CounterReport>(new GetState(), Limit);
            }

            var totals = await Task.WhenAll(actors.Select(a => a.Ask<long>(new Add(1), Limit)));

            Assert.All(totals, t => Assert.Equal(1, t));
            Assert.Equal(1, storage.Writes);
            Assert.Equal(100, storage.Rows);
        }
        finally
        {
            await system.Terminate().WaitAsync(Limit);
        }
    }
}
