using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Execution;

/// <summary>Cluster mode: routers follow the node's shard leases.</summary>
public sealed partial class ExecutionSupervisor
{
    // Cluster mode: the node's shard leases; null on a single node.
    private readonly IShardLeaseGate? _leaseGate;

    private void OnApproved(IntentApproved approved)
    {
        if (Router(approved.Intent.Ticker) is { } router)
        {
            ForwardApproval(router, approved);
            return;
        }

        _log.LogWarning("Approved intent {IntentId} dropped: this node no longer holds the shard of {Ticker}", approved.Intent.IntentId, approved.Intent.Ticker);
    }

    /// <summary>
    /// Lost shards: their routers stop at once (the lease gate already keeps them from sending). Gained shards: every
    /// market of theirs with possibly open orders gets its router now, which recovers from the journal, reconciles with
    /// the exchange, and then cancels what the previous owner left resting.
    /// </summary>
    private void OnLeasesChanged(ShardLeasesChanged changed)
    {
        foreach (var child in Context.GetChildren().ToList())
        {
            var name = child.Path.Name;
            if (name.StartsWith("router-", StringComparison.Ordinal) && _leaseGate!.LeaseEpoch(new MarketTicker(name["router-".Length..])) is null)
            {
                Context.Stop(child);
            }
        }

        if (changed.Gained.Count > 0)
        {
            _ = MarketsWithOpenOrdersAsync(PersistenceExtension.Get(Context.System).Journal)
                .PipeTo(Self, Self, tickers => new RoutersToRecover(tickers, TakenOver: true), ex => new RoutersToRecover([], ex));

            // With write-behind the previous owner may have sent an order whose write it never stored, in a market no
            // stored order points at.
            ScanForUnstoredOrders();
        }
    }
}
