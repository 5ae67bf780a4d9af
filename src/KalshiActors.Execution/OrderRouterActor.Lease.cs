using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Execution;

/// <summary>Cluster mode: an order leaves only under a live lease of the epoch its intent was approved under.</summary>
internal sealed partial class OrderRouterActor
{
    // Cluster mode: the lease on this market's shard; null on a single node.
    private readonly IShardLeaseGate? _leaseGate;

    /// <summary>
    /// Null when the intent may become an order. Otherwise the events to store for the refusal: none when this node holds
    /// no lease at all (it may not write the router's stream; the new owner decides), a rejection when it holds the shard
    /// under a newer epoch than the approval's (the approval predates a lost lease).
    /// </summary>
    private List<OrderLifecycleEvent>? StaleLease(IntentApproved approved, ClientOrderId clientOrderId)
    {
        if (_leaseGate is null)
        {
            return null;
        }

        var current = _leaseGate.LeaseEpoch(_ticker);
        if (current is null)
        {
            _log.LogWarning("Intent {IntentId} refused: no live lease on the shard of {Ticker}; nothing is sent", approved.Intent.IntentId, _ticker);
            return [];
        }

        if (approved.LeaseEpoch is { } epoch && epoch != current)
        {
            _log.LogWarning("Intent {IntentId} refused: approved under lease epoch {Epoch}, the shard of {Ticker} is now at epoch {Current}", approved.Intent.IntentId, epoch, _ticker, current);
            return [new OrderRejected(clientOrderId, _ticker, "stale_lease_epoch", $"approved under lease epoch {epoch}; the shard is now at epoch {current}", Now)];
        }

        return null;
    }

    // The lease may have gone while OrderSubmitted was being stored: then nothing leaves, and whoever owns the shard next
    // reconciles the stored order with the exchange (which never saw it).
    private void SendCreateIfLeased(OrderRecord order)
    {
        if (_leaseGate is not null && _leaseGate.LeaseEpoch(_ticker) != order.Submitted.LeaseEpoch)
        {
            _log.LogWarning("Order {ClientOrderId} stored but not sent: the lease on the shard of {Ticker} ended meanwhile", order.ClientOrderId, _ticker);
            return;
        }

        SendCreate(order);
    }
}
