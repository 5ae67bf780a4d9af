using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.CrashWriter;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;

// Usage: crash-writer JOURNAL-URI POSTGRES-SCHEMA WRITERS [pairs]
// Each writer is a persistent actor appending Counted events forever; every event whose handler ran (it is stored)
// is reported as one stdout line "ack PERSISTENCE-ID SEQUENCE-NR". The parent kills this process at a random moment.
// With "pairs", each writer is instead a deciding actor (PersistAsync + SendWritesNow, then tells at once) and an ordering
// actor (Persist, then acts); every order stored is reported as "ack orders-N NUMBER".
var pairs = args.Length == 4 && args[3] == "pairs";
if (args.Length is < 3 or > 4 || (args.Length == 4 && !pairs) || !int.TryParse(args[2], out var writers) || writers < 1)
{
    await Console.Error.WriteLineAsync("usage: crash-writer JOURNAL-URI POSTGRES-SCHEMA WRITERS [pairs]");
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
    if (pairs)
    {
        var ordersId = $"orders-{i}";
        var orderer = system.ActorOf(OrderingActor.Props(ordersId, number => output.Ack(ordersId, number)), $"orderer-{i}");
        system.ActorOf(DecidingActor.Props($"decisions-{i}", orderer, inFlight: 8), $"decider-{i}");
    }
    else
    {
        system.ActorOf(CountingActor.Props($"crash-{i}", output), $"writer-{i}");
    }
}

// Runs until SIGKILL; the parent never lets it end on its own.
await Task.Delay(Timeout.Infinite);
return 0;
