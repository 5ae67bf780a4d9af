namespace KalshiActors.Persistence.Snapshots;

/// <summary>Identifies a snapshot: whose state, as of which sequence number, taken when.</summary>
/// <param name="PersistenceId">The persistence id the state belongs to.</param>
/// <param name="SequenceNr">The sequence number of the last event folded into the state.</param>
/// <param name="Timestamp">Unix milliseconds when it was saved.</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, long Timestamp);

/// <summary>A loaded snapshot: its metadata and the state object.</summary>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Which snapshots a load or delete considers (bounds inclusive), as in Akka.Persistence.</summary>
/// <param name="MaxSequenceNr">Highest sequence number considered.</param>
/// <param name="MaxTimestamp">Latest timestamp considered (unix ms).</param>
/// <param name="MinSequenceNr">Lowest sequence number considered.</param>
/// <param name="MinTimestamp">Earliest timestamp considered (unix ms).</param>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    long MaxTimestamp = long.MaxValue,
    long MinSequenceNr = 0,
    long MinTimestamp = 0)
{
    /// <summary>Every snapshot.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue);

    /// <summary>No snapshot (recovery replays from the first event).</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, 0);

    /// <summary>Whether a snapshot with this metadata falls inside the criteria.</summary>
    public bool Matches(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.SequenceNr <= MaxSequenceNr && metadata.Timestamp <= MaxTimestamp &&
               metadata.SequenceNr >= MinSequenceNr && metadata.Timestamp >= MinTimestamp;
    }
}
