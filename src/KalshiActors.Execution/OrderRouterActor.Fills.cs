using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;
using static KalshiActors.Execution.RouterMessages;

namespace KalshiActors.Execution;

/// <summary>Fills (from the feed and from polling, booked once per trade id) and order updates from the exchange.</summary>
internal sealed partial class OrderRouterActor
{
    private void PollFills(FillQuery query) =>
        _ = _calls.GetFillsAsync(query).PipeTo(Self, Self, fills => new FillsPolled(fills), ex => new FillsPollFailed(ex));

    /// <summary>Books fills not seen before (by trade id), in the order given.</summary>
    private void BookFills(IEnumerable<(FillRecord Fill, ClientOrderId? ClientOrderId)> fills)
    {
        var events = new List<OrderLifecycleEvent>();
        foreach (var (fill, clientOrderId) in fills)
        {
            if (FillEvent(fill, clientOrderId) is { } e)
            {
                Apply(e);
                events.Add(e);
            }
        }

        Persist(events);
    }

    /// <summary>The event booking a fill, or null when it is a duplicate, of another market, or of an order we do not know.</summary>
    private OrderLifecycleEvent? FillEvent(FillRecord fill, ClientOrderId? clientOrderId)
    {
        if (fill.Ticker != _ticker)
        {
            return null;
        }

        OrderRecord? order = null;
        if (clientOrderId is { } cid)
        {
            TryGetOrder(cid, out order);
        }

        if (order is null && !_byOrderId.TryGetValue(fill.OrderId, out order))
        {
            if (fill.Time is { } time && _forgottenThrough is { } through && time <= through)
            {
                // Polls read back a market's fills from before the orders closed longer ago than the retention.
                _log.LogDebug("Fill {TradeId} on {Ticker} is of order {OrderId}, not held (closed orders are forgotten after {Retention}); not booked", fill.TradeId, _ticker, fill.OrderId, _settings.ClosedOrderRetention);
            }
            else
            {
                _log.LogWarning("Fill {TradeId} on {Ticker} is of order {OrderId}, which this router never placed; not booked", fill.TradeId, _ticker, fill.OrderId);
            }

            return null;
        }

        if (order.HasTrade(fill.TradeId))
        {
            return null;
        }

        var filledTotal = order.Filled + fill.Count;
        var remaining = order.Count - filledTotal - order.Canceled;
        var price = OrderPricing.ToLeg(order.Side, fill.YesPrice);
        var s = order.Submitted;
        var at = fill.Time ?? Now;
        return remaining.Units <= 0
            ? new OrderFilled(order.ClientOrderId, fill.OrderId, _ticker, fill.TradeId, s.StrategyId, s.Side, s.Action, price, fill.Count, fill.Fee, fill.IsTaker, filledTotal, at)
            : new OrderPartiallyFilled(order.ClientOrderId, fill.OrderId, _ticker, fill.TradeId, s.StrategyId, s.Side, s.Action, price, fill.Count, fill.Fee, fill.IsTaker, filledTotal, remaining, at);
    }

    private void OnOrderUpdated(OwnOrderUpdated updated)
    {
        var state = updated.Order;
        if (Find(state.ClientOrderId, state.OrderId) is not { IsOpen: true, Busy: false } order || state.Status != OrderStatus.Canceled)
        {
            return;
        }

        var canceled = order.Count - state.FilledCount - order.Canceled;
        if (canceled.Units > 0)
        {
            Decide([new OrderCanceled(order.ClientOrderId, state.OrderId, _ticker, canceled, "canceled_at_exchange", Now)]);
        }
    }

    private OrderRecord? Find(ClientOrderId? clientOrderId, OrderId? orderId)
    {
        if (clientOrderId is { } cid && TryGetOrder(cid, out var byClient))
        {
            return byClient;
        }

        return orderId is { } id && _byOrderId.TryGetValue(id, out var byId) ? byId : null;
    }
}
