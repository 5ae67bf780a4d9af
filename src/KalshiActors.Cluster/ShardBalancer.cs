namespace KalshiActors.Cluster;

/// <summary>What one balancing round does: shards to try to acquire (in order, until the target is met) and shards to hand off.</summary>
/// <param name="Target">How many shards this node should hold.</param>
public sealed record BalancePlan(int Target, IReadOnlyList<int> TryAcquire, IReadOnlyList<int> Release);

/// <summary>
/// The fair share of shards: the live members sorted by id each take floor(shards / members), and the first
/// (shards mod members) of them one more, so the targets always add up to the shard count and every node computes the
/// same split without talking to the others.
/// </summary>
public static class ShardBalancer
{
    /// <summary>How many of <paramref name="shardCount"/> shards <paramref name="nodeId"/> should hold among <paramref name="liveMembers"/> (it counts itself).</summary>
    public static int TargetFor(string nodeId, IEnumerable<string> liveMembers, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(liveMembers);
        var members = liveMembers.Append(nodeId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = members.IndexOf(nodeId);
        var share = shardCount / members.Count;
        return share + (index < shardCount % members.Count ? 1 : 0);
    }

    /// <summary>
    /// The round's plan for a node holding <paramref name="owned"/>: below target it tries every shard it does not hold,
    /// starting at an offset derived from its id (so nodes starting together do not all race for shard 0); above target it
    /// hands off its highest-numbered extras.
    /// </summary>
    public static BalancePlan Plan(string nodeId, IEnumerable<string> liveMembers, int shardCount, IReadOnlySet<int> owned)
    {
        ArgumentNullException.ThrowIfNull(owned);
        var target = TargetFor(nodeId, liveMembers, shardCount);
        if (owned.Count > target)
        {
            return new BalancePlan(target, [], [.. owned.OrderDescending().Take(owned.Count - target)]);
        }

        if (owned.Count == target)
        {
            return new BalancePlan(target, [], []);
        }

        var start = (int)(ShardMap.Fnv1a(nodeId) % (uint)shardCount);
        var candidates = Enumerable.Range(0, shardCount).Select(i => (start + i) % shardCount).Where(s => !owned.Contains(s)).ToList();
        return new BalancePlan(target, candidates, []);
    }
}
