using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk;

/// <summary>
/// Folds order events into the resting orders they leave, for the guardian's catch-up on the order journal: each order's
/// events collapse into its last state, and only those states reach the <see cref="ExposureLedger"/>. The ledger's figures
/// are sums over the resting orders given the positions held, so (positions unchanged meanwhile) applying the last states
/// gives the same figures as applying every event, at a cost that follows the orders still resting rather than the
/// journal's length.
/// </summary>
internal sealed class RestingOrderFold(ExposureLedger ledger)
{
    // Last state of each order folded so far: null for one the events closed that the ledger holds (it must be removed
    // there); an order closed that the ledger never held is forgotten.
    private readonly Dictionary<(MarketTicker Ticker, ClientOrderId Id), RestingOrder?> _orders = [];

    // The markets orders were submitted in, in the order first seen, with the first order's event: the ledger creates a
    // market (and files it under an event) on its first order, even one that closes at once.
    private readonly Dictionary<MarketTicker, EventTicker> _markets = [];

    /// <summary>
    /// What <paramref name="e"/> makes of the order in <paramref name="current"/> (null: not resting): false when nothing,
    /// else its state after the event in <paramref name="next"/>, null when it no longer rests. The live guardian and the
    /// catch-up share this rule.
    /// </summary>
    public static bool Next(OrderLifecycleEvent e, RestingOrder? current, out RestingOrder? next)
    {
        switch (e)
        {
            case OrderSubmitted s:
                next = new RestingOrder(s.IntentId, s.Ticker, s.EventTicker, s.Side, s.Action, s.LimitPrice, s.Count, s.Style);
                return true;
            case OrderAccepted a when current is { } order:
                next = order with { Remaining = a.Resting };
                return true;
            case OrderRepriced r when current is { } order:
                next = order with { LimitPrice = r.NewLimitPrice, Remaining = r.Resting };
                return true;
            case OrderPartiallyFilled f when current is { } order:
                next = order with { Remaining = f.Remaining };
                return true;
            case OrderFilled or OrderCanceled or OrderRejected or OrderReconciled { FoundAtExchange: false }:
                next = null;
                return true;
            default:
                next = current;
                return false;
        }
    }

    /// <summary>Folds the next event in journal order.</summary>
    public void Fold(OrderLifecycleEvent e)
    {
        var key = (e.Ticker, e.ClientOrderId);
        var current = e is OrderSubmitted ? null : _orders.TryGetValue(key, out var folded) ? folded : ledger.Resting(e.ClientOrderId, e.Ticker);
        if (!Next(e, current, out var next))
        {
            return;
        }

        if (next is not null)
        {
            _markets.TryAdd(next.Ticker, next.EventTicker);
            _orders[key] = next;
        }
        else if (ledger.Resting(e.ClientOrderId, e.Ticker) is null)
        {
            _orders.Remove(key);
        }
        else
        {
            _orders[key] = null;
        }
    }

    /// <summary>Brings the ledger to the folded states.</summary>
    public void Apply()
    {
        foreach (var (ticker, eventTicker) in _markets)
        {
            ledger.Track(ticker, eventTicker);
        }

        foreach (var ((ticker, id), order) in _orders)
        {
            if (order is null)
            {
                ledger.RemoveResting(id, ticker);
            }
            else
            {
                ledger.SetResting(id, order);
            }
        }
    }
}
