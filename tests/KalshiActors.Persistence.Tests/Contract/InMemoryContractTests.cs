using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Persistence.Tests.Contract;

/// <summary>The journal contract on the in-memory backend.</summary>
public sealed class InMemoryJournalSpec : JournalSpec
{
    /// <inheritdoc />
    protected override Task<IJournalStorage> CreateStorageAsync() => Task.FromResult<IJournalStorage>(new InMemoryJournalStorage());
}

/// <summary>The snapshot contract on the in-memory backend.</summary>
public sealed class InMemorySnapshotStoreSpec : SnapshotStoreSpec
{
    /// <inheritdoc />
    protected override Task<ISnapshotStorage> CreateStorageAsync() => Task.FromResult<ISnapshotStorage>(new InMemorySnapshotStorage());
}
