using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.Actors;

namespace KalshiActors.Persistence.Tests;

/// <summary>
/// The synchronous reads of rows held in memory (<see cref="IJournalStorage.ReadLoadedEvents"/>, <see cref="IJournalStorage.ReadLoadedTagged"/>)
/// and the journal's paged reads built on them return exactly what the async reads return.
/// </summary>
public sealed class LoadedReadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LoadedReads_ReturnWhatTheAsyncReadsReturn_FromLoadedRowsAndFromAnAsOfViewWithItsOverlay()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path, oddTag: "odd");
        var registry = ActorTestEvents.CreateRegistry();
        await using var loaded = await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 6, registry);
        await AssertSameReadsAsync(loaded);

        // A view with a bound inside the loaded rows, and rows written after it (overlay orderings 5 and 6).
        await using var view = new JournalAsOfStorage(loaded, upToOrdering: 4, ownsSource: false);
        var added = registry.Serialize(new Added(5));
        await view.WriteAsync([new JournalRow(0, "a", 4, added.Manifest, added.Payload, ["counter", "odd"], 2_000_000, "w")], CancellationToken.None);
        await view.WriteAsync([new JournalRow(0, "b", 2, added.Manifest, added.Payload, [], 2_001_000, "w")], CancellationToken.None);
        await AssertSameReadsAsync(view);

        // Rows read from a store are not in memory: the callers read them with the async reads.
        await using var store = SqliteJournalStorage.Open(path, new PersistenceSettings());
        await using var storeView = new JournalAsOfStorage(SqliteJournalStorage.Open(path, new PersistenceSettings()), upToOrdering: 4);
        foreach (var storage in new IJournalStorage[] { store, storeView })
        {
            Assert.Equal(-1, storage.ReadLoadedEvents("a", 1, long.MaxValue, new JournalRow[4]));
            Assert.Equal(-1, storage.ReadLoadedTagged("counter", 0, new JournalRow[4]));
        }
    }

    [Fact]
    public async Task PagedReads_HandOverTheSameEventsAsTheQueries_FromMemoryAndFromTheStore()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path, oddTag: "odd");
        var registry = ActorTestEvents.CreateRegistry();
        var view = new JournalAsOfStorage(await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 6, registry), upToOrdering: 5);
        var added = registry.Serialize(new Added(5));
        await view.WriteAsync([new JournalRow(0, "b", 3, added.Manifest, added.Payload, ["counter"], 2_000_000, "w")], CancellationToken.None);

        // Pages of two events, so that a read runs over several pages and ends on a full one.
        await using var fromMemory = new EventJournal(view, registry, TimeProvider.System, queryPageSize: 2);
        await using var fromStore = new EventJournal(SqliteJournalStorage.Open(path, new PersistenceSettings()), registry, TimeProvider.System, queryPageSize: 2);
        foreach (var journal in new[] { fromMemory, fromStore })
        {
            foreach (var (tag, offset) in new[] { ("counter", 0L), ("counter", 2L), ("counter", 5L), ("odd", 0L), ("none", 0L) })
            {
                Assert.Equal(
                    await journal.CurrentEventsByTag(tag, offset).Select(e => e.Event).ToListAsync(),
                    await Flatten(journal.CurrentEventPagesByTag(tag, offset)));
            }

            foreach (var (id, from, to, max) in new[] { ("a", 1L, long.MaxValue, long.MaxValue), ("a", 2L, 3L, long.MaxValue), ("a", 1L, long.MaxValue, 2L), ("b", 1L, long.MaxValue, long.MaxValue), ("c", 1L, long.MaxValue, long.MaxValue), ("a", 1L, long.MaxValue, 0L) })
            {
                Assert.Equal(
                    await journal.ReplayAsync(id, from, to, max).Select(r => (r.SequenceNr, r.Payload)).ToListAsync(),
                    await Flatten(journal.ReplayPagesAsync(id, from, to, max), e => (e.SequenceNr, e.Payload)));
            }
        }
    }

    [Fact]
    public async Task PagedReads_HandOverTheEventsBeforeAnUnreadableRow_ThenFailWithItsError()
    {
        var path = await InterleavedJournal.WriteAsync(_temp.Path);
        var registry = ActorTestEvents.CreateRegistry();
        await using (var storage = SqliteJournalStorage.Open(path, new PersistenceSettings()))
        {
            // A known manifest whose JSON is broken, as the third event of "b" and the seventh tagged "counter".
            await storage.WriteAsync([new JournalRow(0, "b", 3, "Added.v1", "{\"Amount\":"u8.ToArray(), ["counter"], 1_010_000, "w")], CancellationToken.None);
        }

        await using var fromMemory = new EventJournal(
            await PreloadedJournalStorage.LoadAsync(SqliteJournalStorage.Open(path, new PersistenceSettings()), 7, registry), registry, TimeProvider.System, queryPageSize: 4);
        await using var fromStore = new EventJournal(SqliteJournalStorage.Open(path, new PersistenceSettings()), registry, TimeProvider.System, queryPageSize: 4);
        foreach (var journal in new[] { fromMemory, fromStore })
        {
            var tagged = new List<object>();
            await Assert.ThrowsAsync<EventDeserializationException>(async () =>
            {
                await foreach (var page in journal.CurrentEventPagesByTag("counter"))
                {
                    tagged.AddRange(page.ToArray());
                }
            });
            Assert.Equal([10L, 20L, 30L, 40L, 50L, 60L], tagged.Select(e => ((Added)e).Amount));

            var replayed = new List<long>();
            await Assert.ThrowsAsync<EventDeserializationException>(async () =>
            {
                await foreach (var page in journal.ReplayPagesAsync("b", 1, long.MaxValue, long.MaxValue))
                {
                    replayed.AddRange(page.ToArray().Select(e => e.SequenceNr));
                }
            });
            Assert.Equal([1L, 2L], replayed);
        }
    }

    // Every read of the storage, loaded and async, with pages of every size from 0 to past the rows' count.
    private static async Task AssertSameReadsAsync(IJournalStorage storage)
    {
        for (var size = 0; size <= 8; size++)
        {
            foreach (var id in new[] { "a", "b", "c" })
            {
                foreach (var (from, to) in new[] { (1L, long.MaxValue), (2L, 3L), (3L, long.MaxValue), (5L, long.MaxValue) })
                {
                    var into = new JournalRow[size];
                    var read = storage.ReadLoadedEvents(id, from, to, into);
                    Assert.Equal(await storage.ReadEventsAsync(id, from, to, size, CancellationToken.None).ToListAsync(), into.Take(read));
                }
            }

            foreach (var tag in new[] { "counter", "odd", "none" })
            {
                for (var after = 0L; after <= 7; after++)
                {
                    var into = new JournalRow[size];
                    var read = storage.ReadLoadedTagged(tag, after, into);
                    Assert.Equal(await storage.ReadTaggedAsync(tag, after, size, CancellationToken.None).ToListAsync(), into.Take(read));
                }
            }
        }
    }

    private static Task<List<object>> Flatten(IAsyncEnumerable<ReadOnlyMemory<object>> pages) => Flatten(pages, e => e);

    private static async Task<List<T>> Flatten<TItem, T>(IAsyncEnumerable<ReadOnlyMemory<TItem>> pages, Func<TItem, T> select)
    {
        var all = new List<T>();
        await foreach (var page in pages)
        {
            Assert.False(page.IsEmpty);
            all.AddRange(page.ToArray().Select(select));
        }

        return all;
    }
}
