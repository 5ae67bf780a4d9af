using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using Xunit;

namespace KalshiActors.Testing.Persistence;

/// <summary>
/// The journal contract every backend must pass (after Akka.Persistence.TCK's JournalSpec): atomic batches, replay
/// ranges, uniqueness of (persistence id, sequence nr), deletion, serialization, upcasting, tags and queries.
/// A backend's test class derives from it and supplies an empty storage per test.
/// </summary>
public abstract class JournalSpec : IAsyncLifetime
{
    // Safety net for live queries: a broken backend fails the test instead of hanging the run.
    private static readonly TimeSpan LiveQueryLimit = TimeSpan.FromSeconds(30);

    private EventJournal? _journal;
    private IJournalStorage? _storage;

    /// <summary>The journal under test (fresh and empty for each test).</summary>
    protected EventJournal Journal => _journal ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>The raw storage under the journal, for writing rows an older release would have written.</summary>
    protected IJournalStorage Storage => _storage ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates an empty storage for one test.</summary>
    protected abstract Task<IJournalStorage> CreateStorageAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _storage = await CreateStorageAsync().ConfigureAwait(false);
        _journal = new EventJournal(_storage, SpecEvents.CreateRegistry(), TimeProvider.System, queryPageSize: 7, refreshInterval: TimeSpan.FromMilliseconds(100));
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One atomic write of events seq from..to for an id, with optional tags.</summary>
    protected static AtomicWrite Events(string persistenceId, long from, long to, params string[] tags) =>
        new([.. Enumerable.Range(0, (int)(to - from + 1)).Select(i => new PersistentRepr(persistenceId, from + i, new SpecEvent($"{persistenceId}-{from + i}", from + i), tags, "writer-1"))]);

    private async Task WriteOk(params AtomicWrite[] writes)
    {
        var results = await Journal.WriteAsync(writes).ConfigureAwait(false);
        Assert.All(results, r => Assert.Null(r));
    }

    private async Task<List<PersistentRepr>> Replay(string persistenceId, long from = 1, long to = long.MaxValue, long max = long.MaxValue) =>
        await Journal.ReplayAsync(persistenceId, from, to, max).ToListAsync().ConfigureAwait(false);

    /// <summary>Replay returns what was written, in order, with payload, tags and writer.</summary>
    [Fact]
    public async Task Journal_must_replay_written_events_in_order()
    {
        await WriteOk(Events("a", 1, 3, "t1", "t2"), Events("b", 1, 2));

        var replayed = await Replay("a");

        Assert.Equal([1L, 2L, 3L], replayed.Select(r => r.SequenceNr));
        Assert.Equal(new SpecEvent("a-2", 2), replayed[1].Payload);
        Assert.Equal(["t1", "t2"], replayed[0].Tags.Order());
        Assert.Equal("writer-1", replayed[0].WriterId);
        Assert.True(replayed[0].Timestamp > 0);
        Assert.Equal(2, (await Replay("b")).Count);
    }

    /// <summary>from, to and max bound the replay.</summary>
    [Fact]
    public async Task Journal_must_replay_only_the_requested_range()
    {
        await WriteOk(Events("a", 1, 5));

        Assert.Equal([2L, 3L, 4L], (await Replay("a", 2, 4)).Select(r => r.SequenceNr));
        Assert.Equal([3L, 4L], (await Replay("a", 3, long.MaxValue, 2)).Select(r => r.SequenceNr));
        Assert.Empty(await Replay("a", 6));
        Assert.Empty(await Replay("nobody"));
    }

    /// <summary>The highest sequence number is 0 for unknown ids and follows writes.</summary>
    [Fact]
    public async Task Journal_must_report_highest_sequence_nr()
    {
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("a"));
        await WriteOk(Events("a", 1, 3));
        await WriteOk(Events("a", 4, 4));
        Assert.Equal(4, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    /// <summary>A second writer of a taken sequence number is refused with JournalConcurrencyException and stores nothing.</summary>
    [Fact]
    public async Task Journal_must_refuse_a_concurrent_writer_without_storing_any_of_its_events()
    {
        await WriteOk(Events("a", 1, 3));

        var results = await Journal.WriteAsync([Events("a", 3, 5)]);

        var conflict = Assert.IsType<JournalConcurrencyException>(results[0]);
        Assert.Equal("a", conflict.PersistenceId);
        Assert.Equal(3, conflict.ExpectedSequenceNr);
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(new SpecEvent("a-3", 3), (await Replay("a"))[2].Payload);
    }

    /// <summary>In a batch, one writer's conflict fails only that writer; the others are stored.</summary>
    [Fact]
    public async Task Journal_must_isolate_a_conflicting_write_from_the_rest_of_its_batch()
    {
        await WriteOk(Events("a", 1, 2));

        var results = await Journal.WriteAsync([Events("b", 1, 2), Events("a", 2, 3), Events("c", 1, 1)]);

        Assert.Null(results[0]);
        Assert.IsType<JournalConcurrencyException>(results[1]);
        Assert.Null(results[2]);
        Assert.Equal(2, (await Replay("b")).Count);
        Assert.Single(await Replay("c"));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    /// <summary>Events of an unregistered type are rejected (nothing stored) while the rest of the batch is stored.</summary>
    [Fact]
    public async Task Journal_must_reject_unserializable_events_and_store_the_rest()
    {
        var bad = new AtomicWrite([new PersistentRepr("x", 1, new UnregisteredSpecEvent("?"), [])]);

        var results = await Journal.WriteAsync([bad, Events("a", 1, 1)]);

        var rejection = Assert.IsType<EventSerializationException>(results[0]);
        Assert.Contains(nameof(UnregisteredSpecEvent), rejection.Message, StringComparison.Ordinal);
        Assert.Null(results[1]);
        Assert.Empty(await Replay("x"));
        Assert.Single(await Replay("a"));
    }

    /// <summary>A large atomic write is stored whole.</summary>
    [Fact]
    public async Task Journal_must_store_a_large_atomic_write_whole()
    {
        await WriteOk(Events("big", 1, 2000));

        var replayed = await Replay("big");

        Assert.Equal(2000, replayed.Count);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), replayed.Select(r => r.SequenceNr));
    }

    /// <summary>Deleted events are not replayed, the highest sequence number survives, and writing continues after it.</summary>
    [Fact]
    public async Task Journal_must_delete_up_to_a_sequence_nr_and_keep_the_highest()
    {
        await WriteOk(Events("a", 1, 5, "t"));

        await Journal.DeleteMessagesToAsync("a", 3);
        Assert.Equal([4L, 5L], (await Replay("a")).Select(r => r.SequenceNr));
        Assert.Equal([4L, 5L], await Journal.CurrentEventsByTag("t").Select(e => e.SequenceNr).ToListAsync());

        await Journal.DeleteMessagesToAsync("a", long.MaxValue);
        Assert.Empty(await Replay("a"));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("a"));
        Assert.IsType<JournalConcurrencyException>((await Journal.WriteAsync([Events("a", 5, 5)]))[0]);
        await WriteOk(Events("a", 6, 6));
        Assert.Equal([6L], (await Replay("a")).Select(r => r.SequenceNr));
    }

    /// <summary>A row with an unknown manifest fails replay and queries naming persistence id, sequence nr and manifest.</summary>
    [Fact]
    public async Task Journal_must_fail_clearly_on_an_unknown_manifest()
    {
        await WriteOk(Events("a", 1, 1));
        await Storage.WriteAsync([new JournalRow(0, "a", 2, "Ghost.v7", "{}"u8.ToArray(), [], 1, "old")], CancellationToken.None);

        var replay = await Assert.ThrowsAsync<UnknownManifestException>(() => Replay("a"));
        Assert.Equal(("a", 2L, "Ghost.v7"), (replay.PersistenceId, replay.SequenceNr, replay.Manifest));
        Assert.Contains("Ghost.v7", replay.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnknownManifestException>(() => Journal.CurrentAllEvents().ToListAsync().AsTask());
    }

    /// <summary>A corrupt payload fails replay naming the row.</summary>
    [Fact]
    public async Task Journal_must_fail_clearly_on_an_unreadable_payload()
    {
        await Storage.WriteAsync([new JournalRow(0, "a", 1, "SpecEvent.v2", "{not json"u8.ToArray(), [], 1, "old")], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<EventDeserializationException>(() => Replay("a"));
        Assert.Equal(("a", 1L, "SpecEvent.v2"), (ex.PersistenceId, ex.SequenceNr, ex.Manifest));
    }

    /// <summary>Rows written by an older event version are read back through the upcaster, in replay and queries.</summary>
    [Fact]
    public async Task Journal_must_upcast_old_manifests_in_replay_and_queries()
    {
        await Storage.WriteAsync([new JournalRow(0, "a", 1, SpecEvents.V1Manifest, SpecEvents.V1Payload("old"), ["t"], 1, "v1")], CancellationToken.None);
        await WriteOk(Events("a", 2, 2, "t"));

        Assert.Equal(new SpecEvent("old", -1), (await Replay("a"))[0].Payload);
        var tagged = await Journal.CurrentEventsByTag("t").ToListAsync();
        Assert.Equal(new SpecEvent("old", -1), tagged[0].Event);
        Assert.Equal(SpecEvents.V1Manifest, tagged[0].Manifest);
        Assert.Equal(new SpecEvent("a-2", 2), tagged[1].Event);
    }

    /// <summary>Tag queries return only tagged events, in global order, and resume after an offset.</summary>
    [Fact]
    public async Task Journal_must_answer_tag_queries_in_global_order_and_resume_from_offset()
    {
        await WriteOk(Events("a", 1, 10, "even"), Events("b", 1, 10), Events("c", 1, 10, "even", "c"));

        var all = await Journal.CurrentEventsByTag("even").ToListAsync();

        Assert.Equal(20, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        Assert.DoesNotContain(all, e => e.PersistenceId == "b");
        var resumed = await Journal.CurrentEventsByTag("even", all[12].Offset).ToListAsync();
        Assert.Equal(all.Skip(13).Select(e => (e.PersistenceId, e.SequenceNr)), resumed.Select(e => (e.PersistenceId, e.SequenceNr)));
        Assert.Equal(10, await Journal.CurrentEventsByTag("c").CountAsync());
        Assert.Empty(await Journal.CurrentEventsByTag("none").ToListAsync());
    }

    /// <summary>AllEvents delivers every event once, ordered by a strictly increasing offset, resumable.</summary>
    [Fact]
    public async Task Journal_must_deliver_all_events_by_ordering_and_resume_from_offset()
    {
        await WriteOk(Events("a", 1, 9), Events("b", 1, 9));
        await WriteOk(Events("a", 10, 12));

        var all = await Journal.CurrentAllEvents().ToListAsync();

        Assert.Equal(21, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        Assert.Equal(all.Skip(5), await Journal.CurrentAllEvents(all[4].Offset).ToListAsync());
        Assert.Equal([10L, 11L, 12L], all.TakeLast(3).Select(e => e.SequenceNr));
    }

    /// <summary>CurrentEventsByPersistenceId honours the sequence range across pages.</summary>
    [Fact]
    public async Task Journal_must_answer_current_events_by_persistence_id_across_pages()
    {
        await WriteOk(Events("a", 1, 20));

        var some = await Journal.CurrentEventsByPersistenceId("a", 3, 17).ToListAsync();

        Assert.Equal(Enumerable.Range(3, 15).Select(i => (long)i), some.Select(e => e.SequenceNr));
    }

    /// <summary>The live persistence-id query delivers stored events, then events written later, then ends at `to`.</summary>
    [Fact]
    public async Task Journal_must_deliver_later_events_to_a_live_persistence_id_query()
    {
        await WriteOk(Events("a", 1, 2));
        using var limit = new CancellationTokenSource(LiveQueryLimit);
        var seen = new List<long>();

        var reading = Task.Run(async () =>
        {
            await foreach (var e in Journal.EventsByPersistenceId("a", 1, 4, limit.Token))
            {
                lock (seen)
                {
                    seen.Add(e.SequenceNr);
                }
            }
        });
        await WriteOk(Events("a", 3, 3));
        await WriteOk(Events("a", 4, 5));
        await reading;

        Assert.Equal([1L, 2L, 3L, 4L], seen);
    }

    /// <summary>The live tag query delivers events written after it started, until cancelled.</summary>
    [Fact]
    public async Task Journal_must_deliver_later_events_to_a_live_tag_query()
    {
        await WriteOk(Events("a", 1, 1, "t"));
        using var limit = new CancellationTokenSource(LiveQueryLimit);
        var received = new List<EventEnvelope>();
        var enumerator = Journal.EventsByTag("t", 0, limit.Token).GetAsyncEnumerator(limit.Token);
        try
        {
            Assert.True(await enumerator.MoveNextAsync());
            received.Add(enumerator.Current);
            var next = enumerator.MoveNextAsync().AsTask();
            await WriteOk(Events("b", 1, 1), Events("c", 1, 1, "t"));
            Assert.True(await next);
            received.Add(enumerator.Current);
        }
        finally
        {
            await enumerator.DisposeAsync();
        }

        Assert.Equal(["a", "c"], received.Select(e => e.PersistenceId));
    }

    /// <summary>Statistics count events per id, tag and manifest.</summary>
    [Fact]
    public async Task Journal_must_report_statistics()
    {
        await WriteOk(Events("a", 1, 3, "t"), Events("b", 1, 2));

        var stats = await Journal.ReadStatisticsAsync();

        Assert.Equal(5, stats.EventCount);
        Assert.True(stats.HighestOrdering >= 5);
        Assert.Equal(3, stats.ByPersistenceId["a"]);
        Assert.Equal(2, stats.ByPersistenceId["b"]);
        Assert.Equal(3, stats.ByTag["t"]);
        Assert.Equal(5, stats.ByManifest["SpecEvent.v2"]);
    }
}
