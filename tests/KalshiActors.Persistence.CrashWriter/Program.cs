using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.CrashWriter;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;

// Usage: crash-writer JOURNAL-URI POSTGRES-SCHEMA WRITERS
// Each writer is a persistent actor appending Counted events forever; every event whose handler ran (it is stored)
// is reported as one stdout line "ack PERSISTENCE-ID SEQUENCE-NR". The parent kills this process at a random moment.
if (args.Length != 3 || !int.TryParse(args[2], out var writers) || writers < 1)
{
    await Console.Error.WriteLineAsync("usage: crash-writer JOURNAL-URI POSTGRES-SCHEMA WRITERS");
    return 2;
}

var settings = new PersistenceSettings { JournalUri = args[0], PostgresSchema = args[1] };
var uri = JournalUri.Parse(args[0]);
IJournalStorage storage = uri.Kind switch
{
    JournalKind.Sqlite => SqliteJournalStorage.Open(uri.Target, settings),
    JournalKind.PostgreSql => await PostgreSqlJournalStorage.OpenAsync(uri.Target, settings),
    _ => throw new ArgumentException("crash-writer needs a durable journal (sqlite: or postgres:)."),
};

var registry = CrashEvents.CreateRegistry();
var system = ActorSystem.Create("crash-writer");
PersistenceExtension.Start(system, new EventJournal(storage, registry, TimeProvider.System), new SnapshotStore(new InMemorySnapshotStorage(), registry), settings);
var output = new AckWriter(Console.OpenStandardOutput());
for (var i = 0; i < writers; i++)
{
    system.ActorOf(CountingActor.Props($"crash-{i}", output), $"writer-{i}");
}

// Runs until SIGKILL; the parent never lets it end on its own.
await Task.Delay(Timeout.Infinite);
return 0;
