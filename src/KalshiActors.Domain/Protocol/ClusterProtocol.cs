namespace KalshiActors.Domain.Protocol;

/// <summary>Ask the cluster actor (<c>/user/cluster</c>) for the whole cluster as the database sees it; the reply is <see cref="ClusterState"/>.</summary>
public sealed record GetClusterState;

/// <summary>One node registered in the members table.</summary>
/// <param name="HeartbeatAt">The node's last heartbeat (database time).</param>
/// <param name="Live">Whether the heartbeat is within the lease timeout.</param>
public sealed record ClusterMember(string NodeId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Live)
{
    /// <summary>The node's trading state as of its last heartbeat (null: not reported yet).</summary>
    public TradingState? TradingState { get; init; }
}

/// <summary>One shard: who last acquired it and with which epoch (incremented on every acquisition); null owner = never owned.</summary>
public sealed record ShardOwnership(int Shard, string? Owner, long Epoch, DateTimeOffset? AcquiredAt);

/// <summary>A node's leased share of the account-wide risk limits, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record RiskBudgetLease(string NodeId, Money MaxExposure, int MaxPositions, DateTimeOffset ExpiresAt);

/// <summary>The cluster as the database sees it: members, shard owners, budget leases and the account limits they split.</summary>
/// <param name="NodeId">The node that answered.</param>
public sealed record ClusterState(
    string NodeId,
    int ShardCount,
    IReadOnlyList<ClusterMember> Members,
    IReadOnlyList<ShardOwnership> Shards,
    IReadOnlyList<RiskBudgetLease> Budgets,
    Money AccountMaxExposure,
    int AccountMaxPositions,
    DateTimeOffset At)
{
    /// <summary>The cluster-wide kill switch as the database holds it (null: not read).</summary>
    public ClusterControl? Control { get; init; }
}

/// <summary>
/// The cluster-wide operator control: the kill switch every node applies on its next heartbeat. A kill switch or risk
/// reset sent to <c>/user/cluster</c> (<see cref="ActivateKillSwitch"/>, <see cref="ResetRiskHalt"/>) changes it.
/// </summary>
/// <param name="Halted">Whether the kill switch is on for the whole cluster (a node joining while it is on starts halted).</param>
/// <param name="Generation">Incremented by every change (0: never changed).</param>
/// <param name="ChangedBy">The node whose operator changed it.</param>
public sealed record ClusterControl(bool Halted, long Generation, string Reason, string Operator, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>This node gained or lost shard leases (published on the event stream by the cluster actor).</summary>
/// <param name="Gained">Shards now held, with their new epochs.</param>
/// <param name="Lost">Shards no longer held (released, or fenced off because the database lock is no longer known to be live).</param>
public sealed record ShardLeasesChanged(IReadOnlyDictionary<int, long> Gained, IReadOnlyList<int> Lost, DateTimeOffset At);

/// <summary>
/// Replace the risk guardian's node-wide caps at runtime (a cluster node's leased budget); null leaves a cap as it is.
/// The guardian replies <see cref="RiskLimitsUpdated"/>.
/// </summary>
/// <param name="MaxTotalExposure">Most worst-case loss across every market this node holds (an absolute cap beside the equity fraction).</param>
/// <param name="MaxConcurrentPositions">Most markets with a position, order or approved intent.</param>
public sealed record UpdateRiskLimits(Money? MaxTotalExposure, int? MaxConcurrentPositions);

/// <summary>The caps now in force and what is used of them (so a shrinking budget never drops below what is held).</summary>
public sealed record RiskLimitsUpdated(Money? MaxTotalExposure, int MaxConcurrentPositions, Money TotalExposure, int ActiveMarkets);
