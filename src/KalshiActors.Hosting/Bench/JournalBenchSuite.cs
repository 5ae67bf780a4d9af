using System.Diagnostics;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench journal`: raw prepared inserts (the ceiling), sequential Persist of one actor, 100 actors persisting at once,
/// PersistAll batches of 100, recovery of one actor, and EventsByTag, all on one journal (default: a temp SQLite file).
/// </summary>
public sealed class JournalBenchSuite : IBenchSuite
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Name => "journal";

    /// <inheritdoc />
    public string Description => "event journal: raw insert ceiling, Persist (1 and 100 actors), PersistAll, recovery, EventsByTag";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var temp = options.Journal is null ? Directory.CreateTempSubdirectory("kalshi-bench-journal-").FullName : null;
        var uri = options.Journal ?? "sqlite:" + Path.Combine(temp!, "bench.db");
        var sizes = options.Quick ? Sizes.Quick : Sizes.Full;
        var run = Guid.NewGuid().ToString("N")[..8];
        var settings = new PersistenceSettings { JournalUri = uri };
        try
        {
            var registry = new EventRegistry().Register("BenchEvent.v1", BenchJsonContext.Default.BenchEvent);
            var storage = new CountingStorage(await JournalStorages.OpenJournalAsync(uri, settings, cancellationToken).ConfigureAwait(false));
            await using var journal = new EventJournal(storage, registry, TimeProvider.System);
            var system = ActorSystem.Create("bench-journal");
            try
            {
                PersistenceExtension.Start(
                    system, journal, new SnapshotStore(await JournalStorages.OpenSnapshotsAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry), settings);
                var figures = new List<BenchFigure>();
                options.Progress.WriteLine($"journal {JournalUri.Parse(uri)}: raw inserts of {sizes.RawRows:N0} rows");
                figures.Add(new("raw_insert_per_s", await RawInsertAsync(uri, settings, storage, registry, sizes.RawRows, run, cancellationToken).ConfigureAwait(false)));

                options.Progress.WriteLine($"persist: 1 actor x {sizes.SingleActorEvents:N0} sequential events");
                figures.Add(new("persist_1_actor_per_s", await PersistAsync(system, [$"{run}-single"], sizes.SingleActorEvents, 1).ConfigureAwait(false)));

                options.Progress.WriteLine($"persist: 100 actors x {sizes.PerActorEvents:N0} events at once");
                var writesBefore = storage.Writes;
                var rowsBefore = storage.Rows;
                var actors = Enumerable.Range(0, 100).Select(i => $"{run}-many-{i}").ToList();
                figures.Add(new("persist_100_actors_per_s", await PersistAsync(system, actors, sizes.PerActorEvents, 1).ConfigureAwait(false)));
                var eventsPerTransaction = (double)(storage.Rows - rowsBefore) / Math.Max(1, storage.Writes - writesBefore);

                options.Progress.WriteLine($"persist: PersistAll, {sizes.PersistAllEvents:N0} events in batches of 100");
                figures.Add(new("persist_all_per_s", await PersistAsync(system, [$"{run}-all"], sizes.PersistAllEvents, 100).ConfigureAwait(false)));

                options.Progress.WriteLine($"recovery: one actor with {sizes.RecoveryEvents:N0} events (writing them first)");
                figures.Add(new("recovery_per_s", await RecoveryAsync(system, journal, $"{run}-recover", sizes.RecoveryEvents, cancellationToken).ConfigureAwait(false)));

                options.Progress.WriteLine($"events by tag: {sizes.TaggedEvents:N0} tagged events");
                figures.Add(new("events_by_tag_per_s", await EventsByTagAsync(journal, $"{run}-tagged", $"bench-{run}", sizes.TaggedEvents, cancellationToken).ConfigureAwait(false)));
                figures.Add(new("persist_100_actors_events_per_transaction", eventsPerTransaction));
                return figures;
            }
            finally
            {
                await system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (temp is not null)
            {
                SqliteJournalStorage.ReleasePooledConnections();
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static async Task<double> RawInsertAsync(
        string uri, PersistenceSettings settings, IJournalStorage storage, EventRegistry registry, int count, string run, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = Enumerable.Range(1, count)
            .Select(i =>
            {
                var serialized = registry.Serialize(new BenchEvent(i));
                return new JournalRow(0, $"{run}-raw-{i % 100}", (i / 100) + 1, serialized.Manifest, serialized.Payload, [], now, "raw");
            })
            .ToList();
        var parsed = JournalUri.Parse(uri);
        var watch = Stopwatch.StartNew();
        switch (parsed.Kind)
        {
            case JournalKind.Sqlite:
                SqliteInsertBaseline.Write(parsed.Target, settings, rows);
                break;
            case JournalKind.PostgreSql:
                await PostgreSqlInsertBaseline.WriteAsync(parsed.Target, settings, rows, cancellationToken).ConfigureAwait(false);
                break;
            default:
                foreach (var chunk in rows.Chunk(1000))
                {
                    await storage.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> PersistAsync(ActorSystem system, IReadOnlyList<string> persistenceIds, long eventsPerActor, int batchSize)
    {
        var actors = persistenceIds.Select(id => system.ActorOf(JournalBenchActor.Props(id))).ToList();

        // Recovery (empty) is not part of the figure.
        await Task.WhenAll(actors.Select(a => a.Ask<long>(new JournalBenchActor.CountEvents(), Limit))).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(actors.Select(a => a.Ask<JournalBenchActor.PersistManyDone>(new JournalBenchActor.PersistMany(eventsPerActor, batchSize), Limit))).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        foreach (var actor in actors)
        {
            system.Stop(actor);
        }

        return actors.Count * eventsPerActor / elapsed.TotalSeconds;
    }

    private static async Task<double> RecoveryAsync(ActorSystem system, EventJournal journal, string persistenceId, int count, CancellationToken cancellationToken)
    {
        await WriteEventsAsync(journal, persistenceId, count, [], cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var actor = system.ActorOf(JournalBenchActor.Props(persistenceId));
        var recovered = await actor.Ask<long>(new JournalBenchActor.CountEvents(), Limit).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        system.Stop(actor);
        if (recovered != count)
        {
            throw new InvalidOperationException($"recovery replayed {recovered} events, expected {count}");
        }

        return count / elapsed.TotalSeconds;
    }

    private static async Task<double> EventsByTagAsync(EventJournal journal, string persistenceId, string tag, int count, CancellationToken cancellationToken)
    {
        await WriteEventsAsync(journal, persistenceId, count, [tag], cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var read = 0L;
        await foreach (var _ in journal.CurrentEventsByTag(tag, 0, cancellationToken).ConfigureAwait(false))
        {
            read++;
        }

        var elapsed = watch.Elapsed;
        if (read != count)
        {
            throw new InvalidOperationException($"EventsByTag returned {read} events, expected {count}");
        }

        return count / elapsed.TotalSeconds;
    }

    private static async Task WriteEventsAsync(EventJournal journal, string persistenceId, int count, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        const int Chunk = 10_000;
        for (var start = 1; start <= count; start += Chunk)
        {
            var size = Math.Min(Chunk, count - start + 1);
            var write = new AtomicWrite([.. Enumerable.Range(start, size).Select(i => new PersistentRepr(persistenceId, i, new BenchEvent(i), tags, "bench"))]);
            var results = await journal.WriteAsync([write], cancellationToken).ConfigureAwait(false);
            if (results[0] is { } failure)
            {
                throw failure;
            }
        }
    }

    private sealed record Sizes(int RawRows, long SingleActorEvents, long PerActorEvents, long PersistAllEvents, int RecoveryEvents, int TaggedEvents)
    {
        public static Sizes Full { get; } = new(100_000, 1_000, 100, 20_000, 1_000_000, 100_000);

        public static Sizes Quick { get; } = new(2_000, 50, 5, 500, 5_000, 2_000);
    }

    /// <summary>Counts transactions so the figures can show how many events one transaction carried.</summary>
    private sealed class CountingStorage(IJournalStorage inner) : ForwardingJournalStorage(inner)
    {
        private long _writes;
        private long _rows;

        public long Writes => Interlocked.Read(ref _writes);

        public long Rows => Interlocked.Read(ref _rows);

        public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
        {
            await Inner.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _writes);
            Interlocked.Add(ref _rows, rows.Count);
        }

    }
}
