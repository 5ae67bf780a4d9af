using KalshiActors.Domain.Protocol;

namespace KalshiActors.Cluster;

/// <summary>What the coordinator hands to one database round.</summary>
/// <param name="Held">Shards it believes it holds (with epochs).</param>
/// <param name="Releasing">Shards closed for handoff whose lock is still held.</param>
/// <param name="Unlock">Handoffs whose grace has passed: release their locks now.</param>
/// <param name="MayAcquire">False during the first rounds, while the other starting nodes register.</param>
/// <param name="DropConnection">The node fenced itself: start over on a new connection (any lock still held on the old one goes).</param>
/// <param name="InUse">What the risk guardian last reported as used of the budget.</param>
/// <param name="TradingState">The guardian's trading state, reported in the heartbeat (null: not known yet).</param>
/// <param name="RecordTakenControl">A control generation the guardian has taken since the last record: write it.</param>
/// <param name="ReadTakenControl">Read the control generation recorded for this node (when joining).</param>
internal sealed record RoundInput(
    IReadOnlyDictionary<int, long> Held,
    IReadOnlySet<int> Releasing,
    IReadOnlyList<int> Unlock,
    bool MayAcquire,
    bool DropConnection,
    RiskBudget InUse,
    TradingState? TradingState = null,
    long? RecordTakenControl = null,
    bool ReadTakenControl = false);

/// <summary>What one successful round found and did.</summary>
/// <param name="StartedAt">When the round began (leases are live until this plus the lease timeout).</param>
/// <param name="Reconnected">A new lock connection was opened: every lock of the old one is gone.</param>
/// <param name="Lost">Shards believed held whose lock the session no longer holds.</param>
/// <param name="Acquired">Shards acquired in this round, with their new epochs.</param>
/// <param name="Release">Shards above the fair share, to close now and unlock after the handoff grace.</param>
/// <param name="Unlocked">Shards whose locks this round released.</param>
/// <param name="LiveMembers">Members with a fresh heartbeat (this node included).</param>
/// <param name="Target">This node's fair share of shards.</param>
/// <param name="Budget">The budget granted until <paramref name="BudgetExpiresAt"/>.</param>
/// <param name="Control">The cluster-wide kill switch as the database holds it.</param>
/// <param name="TakenControl">
/// The control generation recorded for this node after the round, when the round wrote or read it (null otherwise, or
/// when the node never took one).
/// </param>
internal sealed record RoundResult(
    DateTimeOffset StartedAt,
    bool Reconnected,
    IReadOnlyList<int> Lost,
    IReadOnlyDictionary<int, long> Acquired,
    IReadOnlyList<int> Release,
    IReadOnlyList<int> Unlocked,
    IReadOnlyList<string> LiveMembers,
    int Target,
    RiskBudget Budget,
    DateTimeOffset BudgetExpiresAt,
    ClusterControl Control,
    long? TakenControl = null);
