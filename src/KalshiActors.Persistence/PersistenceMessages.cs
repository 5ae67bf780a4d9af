using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence;

/// <summary>Delivered to ReceiveRecover once recovery has replayed everything; commands flow after it.</summary>
public sealed class RecoveryCompleted
{
    /// <summary>The one instance.</summary>
    public static RecoveryCompleted Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "<RecoveryCompleted>";
}

/// <summary>Delivered to ReceiveRecover first when recovery starts from a snapshot.</summary>
/// <param name="Metadata">Whose state, as of which sequence number.</param>
/// <param name="Snapshot">The state saved.</param>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>A snapshot requested with SaveSnapshot was stored.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>A snapshot requested with SaveSnapshot could not be stored (the events are still safe).</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>DeleteMessages finished.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>DeleteMessages failed; nothing or part was deleted.</summary>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);

/// <summary>DeleteSnapshots finished.</summary>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

/// <summary>DeleteSnapshots failed.</summary>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);

/// <summary>How a persistent actor recovers (Akka's <c>Recovery</c>).</summary>
/// <param name="FromSnapshot">Which snapshot to start from (<see cref="SnapshotSelectionCriteria.None"/> replays everything).</param>
/// <param name="ToSequenceNr">Replay up to and including this sequence number.</param>
/// <param name="ReplayMax">Replay at most this many events.</param>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue, long ReplayMax = long.MaxValue)
{
    /// <summary>Latest snapshot, then every later event.</summary>
    public static Recovery Default { get; } = new(SnapshotSelectionCriteria.Latest);
}
