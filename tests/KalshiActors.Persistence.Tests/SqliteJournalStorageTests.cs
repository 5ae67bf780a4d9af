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
}
