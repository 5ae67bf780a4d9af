using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using Microsoft.Extensions.Logging;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Framework;

/// <summary>Following the legs of open sets, unwinding a set whose leg failed and booking what that cost.</summary>
internal sealed partial class ArbitrageStrategyActor
{
    private void Apply(ArbitrageOpened e)
    {
        _sets[e.GroupId] = new ArbitrageSet(e);
    }

    private void Apply(ArbitrageClosed e)
    {
        if (_sets.Remove(e.GroupId, out var set))
        {
            _lastClosedAt[set.Opened.EventTicker] = e.At;
        }
    }

    private void OnRejected(IntentRejected rejected)
    {
        foreach (var set in _sets.Values)
        {
            if (set.Leg(rejected.Intent.IntentId) is { } leg)
            {
                leg.Done = true;
                Log.LogInformation("Arbitrage {GroupId} leg {IntentId} rejected by {Check}: {Reason}", set.Opened.GroupId, leg.Sent.IntentId, rejected.Check, rejected.Reason);
                Progress(set);
                return;
            }

            if (set.Unwind(rejected.Intent.IntentId) is { } unwind)
            {
                unwind.Done = true;
                Progress(set);
                return;
            }
        }
    }

    private void OnOrderEvent(OrderLifecycleEvent order)
    {
        foreach (var set in _sets.Values)
        {
            if (order is OrderSubmitted submitted)
            {
                set.Map(submitted.IntentId, submitted.ClientOrderId);
                continue;
            }

            if (set.LegByOrder(order.ClientOrderId) is { } leg)
            {
                switch (order)
                {
                    case OrderPartiallyFilled p:
                        leg.Filled += p.Count;
                        leg.Cost += Notional(p.Price, p.Count) + p.Fee;
                        break;
                    case OrderFilled f:
                        leg.Filled += f.Count;
                        leg.Cost += Notional(f.Price, f.Count) + f.Fee;
                        leg.Done = true;
                        break;
                    case OrderCanceled or OrderRejected:
                        leg.Done = true;
                        break;
                    default:
                        return;
                }

                Progress(set);
                return;
            }

            if (set.UnwindByOrder(order.ClientOrderId) is { } unwind)
            {
                switch (order)
                {
                    case OrderPartiallyFilled p:
                        unwind.Sold += p.Count;
                        unwind.Proceeds += Notional(p.Price, p.Count) - p.Fee;
                        break;
                    case OrderFilled f:
                        unwind.Sold += f.Count;
                        unwind.Proceeds += Notional(f.Price, f.Count) - f.Fee;
                        unwind.Done = true;
                        break;
                    case OrderCanceled or OrderRejected:
                        unwind.Done = true;
                        break;
                    default:
                        return;
                }

                Progress(set);
                return;
            }
        }
    }

    private void OnLegsTimedOut(LegsTimedOut timeout)
    {
        if (!_sets.TryGetValue(timeout.GroupId, out var set))
        {
            return;
        }

        foreach (var leg in set.Legs.Where(l => !l.Done))
        {
            leg.Done = true;
        }

        foreach (var unwind in set.Unwinds.Where(u => !u.Done))
        {
            unwind.Done = true;
        }

        Log.LogWarning("Arbitrage {GroupId}: legs not resolved within {Timeout}; treating the unresolved ones as failed", set.Opened.GroupId, Parameters.Arbitrage.LegTimeout);
        Progress(set);
    }

    /// <summary>Moves a set on once its legs (or its unwinds) have all resolved.</summary>
    private void Progress(ArbitrageSet set)
    {
        if (set.Closing)
        {
            return;
        }

        if (set.Unwinding)
        {
            if (set.Unwinds.All(u => u.Done))
            {
                var bought = set.Legs.Where(l => l.Filled.Units > 0).Aggregate(Money.Zero, (sum, l) => sum + l.Cost);
                var sold = set.Unwinds.Aggregate(Money.Zero, (sum, u) => sum + u.Proceeds);
                var left = set.Unwinds.Where(u => u.Sold < u.Count).Select(u => $"{u.Count - u.Sold} {u.Side} {u.Ticker}").ToList();
                Close(set, ArbitrageOutcome.Unwound, bought - sold, left.Count == 0
                    ? $"a leg failed; bought {bought} with fees, sold back for {sold} after fees"
                    : $"a leg failed; bought {bought} with fees, sold back for {sold} after fees; still held: {string.Join(", ", left)} (its cost is in the figure)");
            }

            return;
        }

        if (!set.Legs.All(l => l.Done))
        {
            return;
        }

        if (set.Legs.All(l => l.Filled >= l.Sent.Count))
        {
            Close(set, ArbitrageOutcome.Completed, Money.Zero, "every leg filled; held to settlement");
            return;
        }

        var filled = set.Legs.Where(l => l.Filled.Units > 0).ToList();
        if (filled.Count == 0)
        {
            Close(set, ArbitrageOutcome.Abandoned, Money.Zero, "no leg filled");
            return;
        }

        Unwind(set, filled);
    }

    private void Unwind(ArbitrageSet set, List<ArbitrageSet.LegState> filled)
    {
        set.Unwinding = true;
        var now = Now;
        var signals = new List<SignalRaised>();
        var intents = new List<OrderIntent>();
        foreach (var leg in filled)
        {
            var ticker = leg.Sent.Ticker;
            var bid = _books.TryGetValue(ticker, out var book) ? book.Top.BidOf(leg.Sent.Side) : null;
            var unwind = new ArbitrageSet.UnwindState(ticker, leg.Sent.Side, leg.Filled);
            set.Unwinds.Add(unwind);
            if (bid is not { } price || !_catalog.TryGetValue(ticker, out var market))
            {
                // Nothing to sell into: the contracts stay held, and their whole cost is booked as the set's loss.
                unwind.Done = true;
                continue;
            }

            var number = SignalsRaised + signals.Count + 1;
            var intentId = IntentId.For(Instance.Id, ticker, number);
            unwind.IntentId = intentId;
            unwind.Order = intentId.ToClientOrderId();
            var probability = price.Units / (double)Price.UnitsPerDollar;
            var sizing = new SizingRationale(0, 0, 1, Money.Zero, leg.Filled, $"unwind of arbitrage {set.Opened.GroupId}: a leg failed");
            signals.Add(new SignalRaised(Instance.Id, number, ticker, leg.Sent.Side, TradeAction.Sell, probability, price, Money.Zero, sizing, intentId, now));
            intents.Add(new OrderIntent(intentId, Instance.Id, ticker, market.EventTicker, leg.Sent.Side, TradeAction.Sell, price, leg.Filled,
                ExecutionStyle.ImmediateOrCancel, probability, Money.Zero, set.Opened.GroupId, [], now));
        }

        Log.LogWarning("Arbitrage {GroupId}: a leg failed; unwinding {Count} filled legs", set.Opened.GroupId, filled.Count);
        if (signals.Count == 0)
        {
            Progress(set);
            return;
        }

        var persisted = 0;
        PersistAll(signals, e =>
        {
            SignalsRaised = Math.Max(SignalsRaised, e.SignalNumber);
            if (++persisted < signals.Count)
            {
                return;
            }

            foreach (var intent in intents)
            {
                SendToRiskGuardian(intent);
            }

            Timers.StartSingleTimer(TimerKey(set.Opened.GroupId), new LegsTimedOut(set.Opened.GroupId), Parameters.Arbitrage.LegTimeout);
        });
    }

    private void Close(ArbitrageSet set, ArbitrageOutcome outcome, Money cost, string detail)
    {
        set.Closing = true;
        Timers.Cancel(TimerKey(set.Opened.GroupId));
        Persist(new ArbitrageClosed(Instance.Id, set.Opened.GroupId, outcome, cost, detail, Now), e =>
        {
            Apply(e);
            Log.LogInformation("Arbitrage {GroupId} {Outcome}: {Detail}; unwind cost {Cost}", e.GroupId, e.Outcome, e.Detail, e.UnwindCost);
        });
    }

    private static Money Notional(Price price, Quantity count) => Money.FromUnits(price.Units * count.Units / Quantity.UnitsPerContract);
}

/// <summary>An open arbitrage set: its legs as sent and what became of them, and the sales unwinding it.</summary>
internal sealed class ArbitrageSet
{
    public ArbitrageSet(ArbitrageOpened opened)
    {
        Opened = opened;
        Legs = [.. opened.Legs.Select(l => new LegState(l))];
    }

    public ArbitrageOpened Opened { get; }

    public List<LegState> Legs { get; }

    public List<UnwindState> Unwinds { get; } = [];

    /// <summary>Whether the filled legs are being sold back.</summary>
    public bool Unwinding { get; set; }

    /// <summary>Whether <see cref="ArbitrageClosed"/> is being persisted (nothing more to do).</summary>
    public bool Closing { get; set; }

    public LegState? Leg(IntentId intentId) => Legs.FirstOrDefault(l => l.Sent.IntentId == intentId);

    public UnwindState? Unwind(IntentId intentId) => Unwinds.FirstOrDefault(u => u.IntentId == intentId);

    public LegState? LegByOrder(ClientOrderId order) => Legs.FirstOrDefault(l => l.Orders.Contains(order));

    public UnwindState? UnwindByOrder(ClientOrderId order) => Unwinds.FirstOrDefault(u => u.Order == order);

    /// <summary>Notes the client order id a router gave one of this set's intents.</summary>
    public void Map(IntentId intentId, ClientOrderId order)
    {
        Leg(intentId)?.Orders.Add(order);
        if (Unwind(intentId) is { } unwind)
        {
            unwind.Order = order;
        }
    }

    /// <summary>One buy leg: filled quantity and what it cost with fees.</summary>
    internal sealed class LegState(ArbitrageLegSent sent)
    {
        public ArbitrageLegSent Sent { get; } = sent;

        public HashSet<ClientOrderId> Orders { get; } = [sent.IntentId.ToClientOrderId()];

        public Quantity Filled { get; set; }

        public Money Cost { get; set; }

        public bool Done { get; set; }
    }

    /// <summary>One sale unwinding a filled leg: sold quantity and what it brought after fees.</summary>
    internal sealed class UnwindState(MarketTicker ticker, Side side, Quantity count)
    {
        public MarketTicker Ticker { get; } = ticker;

        public Side Side { get; } = side;

        public Quantity Count { get; } = count;

        public IntentId? IntentId { get; set; }

        public ClientOrderId? Order { get; set; }

        public Quantity Sold { get; set; }

        public Money Proceeds { get; set; }

        public bool Done { get; set; }
    }
}
