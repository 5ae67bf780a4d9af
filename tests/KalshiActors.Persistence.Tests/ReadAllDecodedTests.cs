using System.Text;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Persistence.Tests;

/// <summary>The decoding scan a preload reads with: SQLite's (decoding in place) and the interface's default give the same rows.</summary>
public sealed class ReadAllDecodedTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheRowsInTheRange_EachDecodedOrKeepingItsPayload_AlikeFromSqliteAndTheDefault()
    {
        // More streams than a short cache of recent ids holds, interleaved row by row.
        var rows = Enumerable.Range(0, 120)
            .Select(i => new JournalRow(0, $"stream-{i % 40}", (i / 40) + 1, i % 7 == 0 ? "Odd.v1" : "Even.v1", Encoding.UTF8.GetBytes($"payload-{i}"), i % 2 == 0 ? ["even"] : [], 1_000 + i, "w"))
            .ToList();
        await using var sqlite = SqliteJournalStorage.Open(Path.Combine(_temp.Path, "journal.db"), new PersistenceSettings());
        await sqlite.WriteAsync(rows, CancellationToken.None);
        await using var memory = new InMemoryJournalStorage();
        await memory.WriteAsync(rows, CancellationToken.None);

        // Decodes "Even.v1" payloads into their text and refuses the others.
        static object? Decode(string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload) =>
            manifest == "Even.v1" ? $"{persistenceId}#{sequenceNr}:{Encoding.UTF8.GetString(payload)}" : null;

        static async Task<List<(long, string, long, string, string, long, string, object?, string)>> ReadAsync(IJournalStorage storage, long after, long upTo)
        {
            var read = new List<(long, string, long, string, string, long, string, object?, string)>();
            await foreach (var r in storage.ReadAllDecodedAsync(after, upTo, Decode, CancellationToken.None))
            {
                read.Add((r.Ordering, r.PersistenceId, r.SequenceNr, r.Manifest, string.Join(',', r.Tags), r.Timestamp, r.WriterId, r.Event, Encoding.UTF8.GetString(r.Payload.Span)));
            }

            return read;
        }

        var fromSqlite = await ReadAsync(sqlite, 10, 100);
        Assert.Equal(await ReadAsync(memory, 10, 100), fromSqlite);
        Assert.Equal(Enumerable.Range(11, 90).Select(o => (long)o), fromSqlite.Select(r => r.Item1));

        var row = fromSqlite.Single(r => r.Item1 == 12);
        Assert.Equal(("stream-11", 1L, "Even.v1", "", "stream-11#1:payload-11", ""), (row.Item2, row.Item3, row.Item4, row.Item5, row.Item8, row.Item9));
        var refused = fromSqlite.Single(r => r.Item1 == 15);
        Assert.Equal(("stream-14", "Odd.v1", "even", (object?)null, "payload-14"), (refused.Item2, refused.Item4, refused.Item5, refused.Item8, refused.Item9));

        Assert.Empty(await ReadAsync(sqlite, 120, 200));
        Assert.Equal(120, (await ReadAsync(sqlite, 0, long.MaxValue)).Count);
        Assert.Equal(120, (await ReadAsync(memory, 0, long.MaxValue)).Count);
    }
}
