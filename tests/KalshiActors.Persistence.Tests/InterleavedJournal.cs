using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.Actors;

namespace KalshiActors.Persistence.Tests;

/// <summary>
/// A SQLite journal of two persistence ids written interleaved, a-1 a-2 b-1 a-3 b-2 a-4 (orderings 1..6), 1 s apart from
/// t = 1000 s, every event tagged "counter" and the odd orderings also <c>oddTag</c> when one is given.
/// </summary>
internal static class InterleavedJournal
{
    /// <summary>Writes the journal to `journal.db` in <paramref name="directory"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(string directory, string? oddTag = null)
    {
        var path = Path.Combine(directory, "journal.db");
        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());
        var journal = new EventJournal(storage, ActorTestEvents.CreateRegistry(), TimeProvider.System);
        var order = new[] { ("a", 1L), ("a", 2L), ("b", 1L), ("a", 3L), ("b", 2L), ("a", 4L) };
        for (var i = 0; i < order.Length; i++)
        {
            var (id, sequenceNr) = order[i];
            string[] tags = i % 2 == 0 && oddTag is not null ? ["counter", oddTag] : ["counter"];
            var repr = new PersistentRepr(id, sequenceNr, new Added(10 * (i + 1)), tags, "w", Timestamp: 1_000_000 + (i * 1000));
            Assert.Null((await journal.WriteAsync([new AtomicWrite([repr])]))[0]);
        }

        return path;
    }
}
