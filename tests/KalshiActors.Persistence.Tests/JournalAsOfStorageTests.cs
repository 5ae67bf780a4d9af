using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.Actors;

namespace KalshiActors.Persistence.Tests;

public sealed class JournalAsOfStorageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reads_StopAtTheBound_ByPersistenceIdTagAndOrdering()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path);
        await using var view = new JournalAsOfStorage(SqliteJournalStorage.Open(path, new PersistenceSettings()), upToOrdering: 4);

        Assert.Equal([1L, 2L, 3L], await ToListAsync(view.ReadEventsAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.SequenceNr));
        Assert.Equal([1L], await ToListAsync(view.ReadEventsAsync("b", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.SequenceNr));
        Assert.Equal([1L, 2L, 3L, 4L], await ToListAsync(view.ReadAllAsync(0, 100, CancellationToken.None), r => r.Ordering));
        Assert.Equal([3L, 4L], await ToListAsync(view.ReadTaggedAsync("counter", 2, 100, CancellationToken.None), r => r.Ordering));
        Assert.Equal(3, await view.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        Assert.Equal(1, await view.ReadHighestSequenceNrAsync("b", CancellationToken.None));
        Assert.Equal(4, (await view.ReadStatisticsAsync(CancellationToken.None)).EventCount);
    }

    [Fact]
    public async Task PersistentActor_RecoversExactlyToTheBound_AndItsWritesNeverReachTheSource()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path);
        var registry = ActorTestEvents.CreateRegistry();
        var view = new JournalAsOfStorage(SqliteJournalStorage.Open(path, new PersistenceSettings()), upToOrdering: 5);
        await using var journal = new EventJournal(view, registry, TimeProvider.System);
        var system = ActorSystem.Create("as-of");
        try
        {
            PersistenceExtension.Start(system, journal, new SnapshotStore(new InMemorySnapshotStorage(), registry), new PersistenceSettings());
            var a = system.ActorOf(CounterActor.Props("a"));
            var report = await a.Ask<CounterReport>(new GetState(), Limit);
            Assert.Equal(10 + 20 + 40, report.Total);
            Assert.Equal(3, report.LastSequenceNr);

            // The actor continues after the bound's sequence number; the write lands in the overlay only.
            Assert.Equal(10 + 20 + 40 + 7, await a.Ask<long>(new Add(7), Limit));
            var written = Assert.Single(view.OverlayRows);
            Assert.Equal(("a", 4L, 6L), (written.PersistenceId, written.SequenceNr, written.Ordering));
            Assert.Equal([1L, 2L, 3L, 4L], await ToListAsync(view.ReadEventsAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.SequenceNr));
        }
        finally
        {
            await system.Terminate();
        }

        await using var source = SqliteJournalStorage.Open(path, new PersistenceSettings());
        var sourceRows = await ToListAsync(source.ReadEventsAsync("a", 4, 4, 1, CancellationToken.None), r => System.Text.Encoding.UTF8.GetString(r.Payload.Span));
        Assert.Equal(["{\"Amount\":60}"], sourceRows);
        Assert.Equal(6, (await source.ReadStatisticsAsync(CancellationToken.None)).EventCount);
    }

    [Fact]
    public async Task FindOrderingAt_IsTheLastRowWrittenAtOrBeforeTheTime()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path);
        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());

        Assert.Equal(0, await JournalAsOfStorage.FindOrderingAtAsync(storage, DateTimeOffset.FromUnixTimeMilliseconds(999_999)));
        Assert.Equal(3, await JournalAsOfStorage.FindOrderingAtAsync(storage, DateTimeOffset.FromUnixTimeMilliseconds(1_002_500)));
        Assert.Equal(6, await JournalAsOfStorage.FindOrderingAtAsync(storage, DateTimeOffset.FromUnixTimeMilliseconds(9_999_999)));
    }

    [Fact]
    public async Task Delete_IsRefused()
    {
        await using var view = new JournalAsOfStorage(new InMemoryJournalStorage(), 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => view.DeleteToAsync("a", 1, CancellationToken.None));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<JournalRow> rows, Func<JournalRow, T> select)
    {
        var list = new List<T>();
        await foreach (var row in rows)
        {
            list.Add(select(row));
        }

        return list;
    }
}
