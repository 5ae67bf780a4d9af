using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.Actors;

namespace KalshiActors.Persistence.Tests;

public sealed class PreloadedJournalStorageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reads_AreTheSourceRowsUpToTheBound_WithTheirEventsDecoded()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path, oddTag: "odd");
        await using var source = SqliteJournalStorage.Open(path, new PersistenceSettings());
        await using var loaded = await PreloadedJournalStorage.LoadAsync(
            SqliteJournalStorage.Open(path, new PersistenceSettings()), upToOrdering: 5, ActorTestEvents.CreateRegistry());

        Assert.Equal(5, loaded.Count);
        Assert.Equal([1L, 2L, 4L], await ToListAsync(loaded.ReadEventsAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.Ordering));
        Assert.Equal([2L, 3L], await ToListAsync(loaded.ReadEventsAsync("a", 2, 3, long.MaxValue, CancellationToken.None), r => r.SequenceNr));
        Assert.Equal([2L], await ToListAsync(loaded.ReadEventsAsync("a", 2, long.MaxValue, 1, CancellationToken.None), r => r.SequenceNr));
        Assert.Empty(await ToListAsync(loaded.ReadEventsAsync("c", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.Ordering));
        Assert.Equal([3L, 4L], await ToListAsync(loaded.ReadAllAsync(2, 2, CancellationToken.None), r => r.Ordering));
        Assert.Equal([3L, 5L], await ToListAsync(loaded.ReadTaggedAsync("odd", 1, 100, CancellationToken.None), r => r.Ordering));
        Assert.Empty(await ToListAsync(loaded.ReadTaggedAsync("none", 0, 100, CancellationToken.None), r => r.Ordering));
        Assert.Equal(5, await loaded.ReadHighestOrderingAsync(CancellationToken.None));

        // The same rows as the source's, each with its event decoded.
        var expected = await ToListAsync(source.ReadAllAsync(0, 5, CancellationToken.None), r => (r.Ordering, r.PersistenceId, r.SequenceNr, r.Manifest, string.Join(',', r.Tags), r.Timestamp, r.WriterId));
        Assert.Equal(expected, await ToListAsync(loaded.ReadAllAsync(0, 100, CancellationToken.None), r => (r.Ordering, r.PersistenceId, r.SequenceNr, r.Manifest, string.Join(',', r.Tags), r.Timestamp, r.WriterId)));
        Assert.Equal([10L, 20L, 30L, 40L, 50L], await ToListAsync(loaded.ReadAllAsync(0, 100, CancellationToken.None), r => ((Added)r.Event!).Amount));

        // Highest sequence numbers come from the source, as the as-of view expects of its source.
        Assert.Equal(4, await loaded.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => loaded.WriteAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task AJournalOverTheLoadedRows_ReadsTheSameEvents_AndAnUnreadableRowFailsWhereItIsRead()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path, oddTag: "odd");
        var registry = ActorTestEvents.CreateRegistry();
        await using (var storage = SqliteJournalStorage.Open(path, new PersistenceSettings()))
        {
            // A manifest this registry does not know: stored, but not decodable.
            await storage.WriteAsync([new JournalRow(0, "c", 1, "Retired.v1", "{}"u8.ToArray(), ["counter"], 1_010_000, "w")], CancellationToken.None);

            // A known manifest whose JSON is broken: decoding fails in the load and again, the same way, where it is read.
            await storage.WriteAsync([new JournalRow(0, "d", 1, "Added.v1", "{\"Amount\":"u8.ToArray(), [], 1_011_000, "w")], CancellationToken.None);
        }

        await using var fromStore = new EventJournal(SqliteJournalStorage.Open(path, new PersistenceSettings()), registry, TimeProvider.System);
        await using var fromMemory = new EventJournal(
            await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 6, registry), registry, TimeProvider.System);

        Assert.Equal(
            await fromStore.CurrentEventsByTag("counter").Take(6).Select(e => (e.Offset, e.PersistenceId, e.Event)).ToListAsync(),
            await fromMemory.CurrentEventsByTag("counter").Select(e => (e.Offset, e.PersistenceId, e.Event)).ToListAsync());
        Assert.Equal(
            await fromStore.ReplayAsync("b", 1, long.MaxValue).Select(r => r.Payload).ToListAsync(),
            await fromMemory.ReplayAsync("b", 1, long.MaxValue).Select(r => r.Payload).ToListAsync());

        await using var withUnreadable = new EventJournal(
            await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 7, registry), registry, TimeProvider.System);
        await Assert.ThrowsAsync<UnknownManifestException>(() => withUnreadable.CurrentAllEvents().ToListAsync().AsTask());

        await using var withBrokenJson = new EventJournal(
            await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 8, registry), registry, TimeProvider.System);
        await Assert.ThrowsAsync<EventDeserializationException>(() => withBrokenJson.ReplayAsync("d", 1, long.MaxValue).ToListAsync().AsTask());
    }

    [Fact]
    public async Task ALoadCutIntoChunks_HoldsTheSameRowsAsOneRead_IncludingUndecodableOnes()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path, oddTag: "odd");
        var registry = ActorTestEvents.CreateRegistry();
        await using (var storage = SqliteJournalStorage.Open(path, new PersistenceSettings()))
        {
            await storage.WriteAsync([new JournalRow(0, "c", 1, "Retired.v1", "{}"u8.ToArray(), ["counter"], 1_010_000, "w")], CancellationToken.None);
            await storage.WriteAsync([new JournalRow(0, "b", 3, "Added.v1", "{\"Amount\":77}"u8.ToArray(), [], 1_011_000, "w")], CancellationToken.None);
        }

        static (long, string, long, string, string, object?, string) Shape(JournalRow r) =>
            (r.Ordering, r.PersistenceId, r.SequenceNr, r.Manifest, string.Join(',', r.Tags), r.Event, Convert.ToHexString(r.Payload.Span));

        await using var whole = await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 8, registry, 1_000, CancellationToken.None);
        var expected = await ToListAsync(whole.ReadAllAsync(0, 100, CancellationToken.None), Shape);
        Assert.Equal(8, expected.Count);
        Assert.Equal([10L, 20L, 30L, 40L, 50L, 60L, 77L], expected.Where(r => r.Item6 is Added).Select(r => ((Added)r.Item6!).Amount));

        // The undecodable row keeps its payload (to fail where it is read); decoded rows drop theirs.
        Assert.Equal([7L], expected.Where(r => r.Item6 is null).Select(r => r.Item1));
        Assert.Equal(Convert.ToHexString("{}"u8), expected.Single(r => r.Item1 == 7).Item7);
        Assert.All(expected.Where(r => r.Item6 is not null), r => Assert.Empty(r.Item7));

        foreach (var chunk in new long[] { 1, 2, 3, 5 })
        {
            await using var chunked = await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 8, registry, chunk, CancellationToken.None);
            Assert.Equal(expected, await ToListAsync(chunked.ReadAllAsync(0, 100, CancellationToken.None), Shape));
            Assert.Equal([1L, 2L, 4L, 6L], await ToListAsync(chunked.ReadEventsAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None), r => r.Ordering));
            Assert.Equal([1L, 3L, 5L], await ToListAsync(chunked.ReadTaggedAsync("odd", 0, 100, CancellationToken.None), r => r.Ordering));

            // Each chunk is indexed and counted by the worker that read it; joined, the figures are the whole load's.
            var (wholeStats, chunkedStats) = (await whole.ReadStatisticsAsync(CancellationToken.None), await chunked.ReadStatisticsAsync(CancellationToken.None));
            Assert.Equal((8L, 8L), (chunkedStats.EventCount, chunkedStats.HighestOrdering));
            Assert.Equal(wholeStats.ByPersistenceId.OrderBy(p => p.Key), chunkedStats.ByPersistenceId.OrderBy(p => p.Key));
            Assert.Equal(wholeStats.ByTag.OrderBy(p => p.Key), chunkedStats.ByTag.OrderBy(p => p.Key));
            Assert.Equal([("Added.v1", 7L), ("Retired.v1", 1L)], chunkedStats.ByManifest.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
            Assert.Equal(wholeStats.SizeBytes, chunkedStats.SizeBytes);
        }

        // A bound inside a chunk stops there.
        await using var bounded = await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 5, registry, 2, CancellationToken.None);
        Assert.Equal(expected.Take(5), await ToListAsync(bounded.ReadAllAsync(0, 100, CancellationToken.None), Shape));
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
