using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.Actors;

namespace KalshiActors.Persistence.Tests;

/// <summary>
/// A write made on condition that the writes ahead of it are stored (an order after its decision) shares their transaction,
/// and is refused, not stored, when one of them is refused; an unconditional write beside them is stored as before.
/// </summary>
public sealed class ConditionalWriteTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_conditional_write_behind_a_refused_write_in_the_same_transaction_is_refused_and_not_stored()
    {
        await using var storage = SqliteJournalStorage.Open(Path.Combine(_temp.Path, "journal.db"), new PersistenceSettings());
        var journal = new EventJournal(storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);

        var results = await journal.WriteAsync(
        [
            Write("decision", new NotRegistered(1)),
            Write("order", new Added(2)) with { RequiresEarlierWritesStored = true },
            Write("independent", new Added(3)),
        ]);

        Assert.IsType<EventSerializationException>(results[0]);
        var refused = Assert.IsType<JournalStorageException>(results[1]);
        Assert.Contains("'decision' #1", refused.Message);
        Assert.Null(results[2]);
        Assert.Empty(await journal.ReplayAsync("order", 1, long.MaxValue).ToListAsync());
        Assert.Single(await journal.ReplayAsync("independent", 1, long.MaxValue).ToListAsync());
    }

    [Fact]
    public async Task A_conditional_write_is_stored_in_the_same_transaction_when_every_write_ahead_of_it_is()
    {
        var counting = new CountingJournalStorage(new InMemoryJournalStorage());
        var journal = new EventJournal(counting, ActorTestEvents.CreateRegistry(), TimeProvider.System);

        var results = await journal.WriteAsync(
        [
            Write("decision", new Added(1)),
            Write("order", new Added(2)) with { RequiresEarlierWritesStored = true },
        ]);

        Assert.All(results, Assert.Null);
        Assert.Single(await journal.ReplayAsync("order", 1, long.MaxValue).ToListAsync());
        Assert.Equal(1, counting.Writes);
    }

    private static AtomicWrite Write(string persistenceId, object payload) =>
        new([new PersistentRepr(persistenceId, 1, payload, [], "w")]);
}
