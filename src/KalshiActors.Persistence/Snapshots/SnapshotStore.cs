using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Persistence.Snapshots;

/// <summary>Snapshots as actors use them: serialized through the <see cref="EventRegistry"/> into an <see cref="ISnapshotStorage"/>.</summary>
public sealed class SnapshotStore : IAsyncDisposable
{
    private readonly ISnapshotStorage _storage;
    private readonly EventRegistry _registry;

    /// <summary>Creates the store over a backend (disposed with it).</summary>
    public SnapshotStore(ISnapshotStorage storage, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(registry);
        _storage = storage;
        _registry = registry;
    }

    /// <summary>Saves a snapshot; its type must be registered like an event type.</summary>
    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var serialized = _registry.Serialize(snapshot);
        return _storage.SaveAsync(new SnapshotRow(metadata, serialized.Manifest, serialized.Payload), cancellationToken);
    }

    /// <summary>The youngest snapshot matching the criteria, deserialized (upcast when its manifest is retired), or null.</summary>
    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var row = await _storage.LoadAsync(persistenceId, criteria, cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new SelectedSnapshot(row.Metadata, _registry.Deserialize(persistenceId, row.Metadata.SequenceNr, row.Manifest, row.Payload.Span));
    }

    /// <summary>Deletes the snapshot at exactly this metadata's sequence number.</summary>
    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return _storage.DeleteAsync(metadata.PersistenceId, metadata.SequenceNr, cancellationToken);
    }

    /// <summary>Deletes every snapshot of the id matching the criteria.</summary>
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default) =>
        _storage.DeleteAsync(persistenceId, criteria, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _storage.DisposeAsync();
}
