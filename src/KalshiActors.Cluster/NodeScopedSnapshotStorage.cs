using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Cluster;

/// <summary>The snapshot store as a cluster node sees it: per-node streams get their node suffix.</summary>
internal sealed class NodeScopedSnapshotStorage(ISnapshotStorage inner, NodeScopedIds ids) : ISnapshotStorage
{
    public Task SaveAsync(SnapshotRow row, CancellationToken cancellationToken) =>
        inner.SaveAsync(row with { Metadata = row.Metadata with { PersistenceId = ids.ToStored(row.Metadata.PersistenceId) } }, cancellationToken);

    public async Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        var row = await inner.LoadAsync(ids.ToStored(persistenceId), criteria, cancellationToken).ConfigureAwait(false);
        return row is null ? null : row with { Metadata = row.Metadata with { PersistenceId = persistenceId } };
    }

    public Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken) =>
        inner.DeleteAsync(ids.ToStored(persistenceId), sequenceNr, cancellationToken);

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        inner.DeleteAsync(ids.ToStored(persistenceId), criteria, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
