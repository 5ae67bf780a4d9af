namespace KalshiActors.Persistence.Snapshots;

/// <summary>The snapshot-store SPI a backend implements; serialization lives once in <see cref="SnapshotStore"/>.</summary>
public interface ISnapshotStorage : IAsyncDisposable
{
    /// <summary>Stores (or replaces) the snapshot at (persistence id, sequence nr).</summary>
    Task SaveAsync(SnapshotRow row, CancellationToken cancellationToken);

    /// <summary>The youngest snapshot (highest sequence nr) matching the criteria, or null.</summary>
    Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Deletes the snapshot at exactly (persistence id, sequence nr).</summary>
    Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken);

    /// <summary>Deletes every snapshot of the id matching the criteria.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);
}

/// <summary>One stored snapshot in serialized form.</summary>
/// <param name="Metadata">Whose state, as of which sequence number, when.</param>
/// <param name="Manifest">The state type's manifest.</param>
/// <param name="Payload">UTF-8 JSON.</param>
public sealed record SnapshotRow(SnapshotMetadata Metadata, string Manifest, ReadOnlyMemory<byte> Payload);
