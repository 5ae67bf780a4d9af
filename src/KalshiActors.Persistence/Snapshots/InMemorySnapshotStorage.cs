namespace KalshiActors.Persistence.Snapshots;

/// <summary>Snapshots held in process memory, for tests, backtests and `memory:` URIs.</summary>
public sealed class InMemorySnapshotStorage : ISnapshotStorage
{
    private readonly Lock _gate = new();

    // Per persistence id: snapshots by sequence number (one per sequence number, a later save replaces).
    private readonly Dictionary<string, SortedList<long, SnapshotRow>> _snapshots = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(SnapshotRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(row.Metadata.PersistenceId, out var rows))
            {
                rows = [];
                _snapshots[row.Metadata.PersistenceId] = rows;
            }

            rows[row.Metadata.SequenceNr] = row with { Payload = row.Payload.ToArray() };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(persistenceId, out var rows)
                ? rows.Values.LastOrDefault(r => criteria.Matches(r.Metadata))
                : null);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_snapshots.TryGetValue(persistenceId, out var rows))
            {
                rows.Remove(sequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_gate)
        {
            if (_snapshots.TryGetValue(persistenceId, out var rows))
            {
                foreach (var sequenceNr in rows.Values.Where(r => criteria.Matches(r.Metadata)).Select(r => r.Metadata.SequenceNr).ToList())
                {
                    rows.Remove(sequenceNr);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
