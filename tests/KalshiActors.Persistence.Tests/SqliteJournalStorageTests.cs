using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Testing.Persistence;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Tests;

public sealed class SqliteJournalStorageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "sub", "journal.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_NewFile_CreatesItInWalModeAtTheCurrentSchemaVersion()
    {
        await using (SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Open_ExistingFile_KeepsItsEvents()
    {
        var registry = SpecEvents.CreateRegistry();
        await using (var journal = new EventJournal(SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()), registry, TimeProvider.System))
        {
            await journal.WriteAsync([new AtomicWrite([new PersistentRepr("a", 1, new SpecEvent("x", 1), [])])]);
        }

        await using var reopened = new EventJournal(SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()), registry, TimeProvider.System);
        Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task Open_FileFromANewerRelease_FailsSayingToUpgrade()
    {
        await using (SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<JournalStorageException>(() => SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()));
        Assert.Contains("upgrade", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_FailsWithAJournalStorageException()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        File.WriteAllText(DatabasePath, new string('x', 8192));

        var ex = Assert.Throws<JournalStorageException>(() => SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings()));
        Assert.Contains(DatabasePath, ex.Message, StringComparison.Ordinal);
    }
    [Fact]
    public async Task WriteAsync_RowsReadBackWithEveryFieldAsWritten()
    {
        await using var storage = SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings());
        byte[] payload = [1, 2, 3, 0, 255];
        await storage.WriteAsync(
        [
            new JournalRow(0, "a", 1, "First.v1", payload, ["t1", "t2", "t1"], 1234, "writer-1"),
            new JournalRow(0, "a", 2, "Second.v2", Array.Empty<byte>(), [], 5678, "writer-2"),
        ], CancellationToken.None);

        var rows = await ToListAsync(storage.ReadEventsAsync("a", 1, long.MaxValue, long.MaxValue, CancellationToken.None));
        var tagged = await ToListAsync(storage.ReadTaggedAsync("t1", 0, 10, CancellationToken.None));

        Assert.Equal(2, rows.Count);
        Assert.Equal(("a", 1L, "First.v1", 1234L, "writer-1"), (rows[0].PersistenceId, rows[0].SequenceNr, rows[0].Manifest, rows[0].Timestamp, rows[0].WriterId));
        Assert.Equal(payload, rows[0].Payload.ToArray());
        Assert.Equal(["t1", "t2", "t1"], rows[0].Tags);
        Assert.Equal(("Second.v2", 5678L, "writer-2"), (rows[1].Manifest, rows[1].Timestamp, rows[1].WriterId));
        Assert.Empty(rows[1].Payload.ToArray());
        Assert.Empty(rows[1].Tags);
        var tag = Assert.Single(tagged);
        Assert.Equal(("a", 1L, rows[0].Ordering), (tag.PersistenceId, tag.SequenceNr, tag.Ordering));
    }

    [Fact]
    public async Task WriteAsync_ConflictInTheMiddleOfABatch_StoresNoneOfItAndLaterWritesSucceed()
    {
        await using var storage = SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings());
        await storage.WriteAsync([Row("a", 2)], CancellationToken.None);

        await Assert.ThrowsAsync<JournalConcurrencyException>(() => storage.WriteAsync([Row("b", 1), Row("a", 2), Row("c", 1)], CancellationToken.None));
        await storage.WriteAsync([Row("b", 1), Row("c", 1)], CancellationToken.None);

        Assert.Equal(1, await storage.ReadHighestSequenceNrAsync("b", CancellationToken.None));
        Assert.Equal(1, await storage.ReadHighestSequenceNrAsync("c", CancellationToken.None));
        Assert.Single(await ToListAsync(storage.ReadAllAsync(0, 100, CancellationToken.None)), r => r.PersistenceId == "b");
    }

    [Fact]
    public async Task WriteAsync_PastACheckpointsWorthOfPages_CopiesTheLogIntoTheDatabaseFileOffTheWriter()
    {
        await using var storage = SqliteJournalStorage.Open(DatabasePath, new PersistenceSettings());
        var emptyFile = new FileInfo(DatabasePath).Length;

        // About one 4 KB page per row: 1,500 rows take the log past the 1,000 pages after which a checkpoint starts.
        var payload = new byte[3000];
        for (var batch = 0; batch < 150; batch++)
        {
            await storage.WriteAsync([.. Enumerable.Range(1, 10).Select(i => new JournalRow(0, "a", (batch * 10) + i, "E.v1", payload, ["x"], 1, "w"))], CancellationToken.None);
        }

        var checkpoints = await storage.WhenCheckpointsIdleAsync();

        // The writer's own automatic checkpoint only starts at 4,000 pages, so the pages reached the database file
        // through the checkpointer's connection; every row is still there.
        Assert.True(checkpoints >= 1, $"{checkpoints} checkpoints");
        Assert.True(new FileInfo(DatabasePath).Length > emptyFile + (500 * 4096), $"database file {new FileInfo(DatabasePath).Length} bytes");
        Assert.Equal(1500, (await ToListAsync(storage.ReadAllAsync(0, 10_000, CancellationToken.None))).Count);
    }

    private static JournalRow Row(string persistenceId, long sequenceNr) =>
        new(0, persistenceId, sequenceNr, "E.v1", new byte[] { 1 }, ["x"], 1, "w");

    private static async Task<List<JournalRow>> ToListAsync(IAsyncEnumerable<JournalRow> rows)
    {
        var list = new List<JournalRow>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}
