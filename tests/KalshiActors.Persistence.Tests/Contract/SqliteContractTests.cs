using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Persistence.Tests.Contract;

/// <summary>The journal contract on SQLite (a fresh file per test).</summary>
public sealed class SqliteJournalSpec : JournalSpec, IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <inheritdoc />
    protected override Task<IJournalStorage> CreateStorageAsync() =>
        Task.FromResult<IJournalStorage>(SqliteJournalStorage.Open(Path.Combine(_directory.Path, "journal.db"), new PersistenceSettings()));

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}

/// <summary>The snapshot contract on SQLite (a fresh file per test).</summary>
public sealed class SqliteSnapshotStoreSpec : SnapshotStoreSpec, IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <inheritdoc />
    protected override Task<ISnapshotStorage> CreateStorageAsync() =>
        Task.FromResult<ISnapshotStorage>(SqliteSnapshotStorage.Open(Path.Combine(_directory.Path, "journal.db"), new PersistenceSettings()));

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
