namespace KalshiActors.Domain.Ports;

/// <summary>
/// Whether this node may trade a market now (cluster mode): it holds a live database lock on the market's shard. The
/// risk guardian approves no intent and a router sends no order for a market whose shard has no live lease; a single node
/// runs without a gate.
/// </summary>
public interface IShardLeaseGate
{
    /// <summary>The lease epoch of the shard holding <paramref name="ticker"/> while this node's lock on it is live; null otherwise.</summary>
    long? LeaseEpoch(MarketTicker ticker);
}
