using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk;

/// <summary>Worst-case loss of one market, one event, its category and everything, before and after a would-be leg.</summary>
internal readonly record struct ExposureFigures(
    Money MarketBefore, Money MarketAfter, Money EventBefore, Money EventAfter, string Category, Money CategoryBefore, Money CategoryAfter, Money TotalBefore, Money TotalAfter);

/// <summary>
/// The guardian's exposure, kept incrementally so that an intent is checked in time proportional to the markets of its
/// own event, not to everything held: each market keeps the sums its worst case needs (cost, YES payout, NO payout),
/// each event its worst case, each category and the account running totals. A change in one market recomputes that
/// market, its event, and adjusts the totals by the difference.
/// </summary>
internal sealed class ExposureLedger(Func<MarketTicker, MarketFacts?> factsOf, Func<EventTicker, bool> isMutuallyExclusive)
{
    private readonly Dictionary<MarketTicker, MarketExposure> _markets = [];
    private readonly Dictionary<string, EventExposure> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);

    // Which market each pending intent counts in, so releasing one does not search every market.
    private readonly Dictionary<string, MarketTicker> _pendingMarkets = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Markets holding a position, a resting order or a pending intent.</summary>
    public int ActiveMarkets { get; private set; }

    /// <summary>Worst-case loss across every event now (the total-exposure check's "before" figure).</summary>
    public Money TotalWorstCase => Money.FromUnits(_total);

    /// <summary>Orders resting (or about to), by client order id.</summary>
    public int RestingCount => _markets.Values.Sum(m => m.Resting.Count);

    /// <summary>Whether the market holds a position, a resting order or a pending intent.</summary>
    public bool IsActive(MarketTicker ticker) => _markets.TryGetValue(ticker, out var m) && !m.IsEmpty;

    /// <summary>Contracts of <paramref name="side"/> held in the market (0 when the position is on the other leg).</summary>
    public Quantity Held(MarketTicker ticker, Side side) =>
        _markets.TryGetValue(ticker, out var m) && m.Position is { } p && p.Side == side ? Abs(p.Contracts) : Quantity.Zero;

    /// <summary>Replaces the positions, recomputing only the markets whose holding changed.</summary>
    public void SetPositions(IReadOnlyList<PositionView> positions)
    {
        var seen = new HashSet<MarketTicker>();
        foreach (var p in positions)
        {
            if (p.Contracts.IsZero)
            {
                continue;
            }

            seen.Add(p.Ticker);
            var market = Market(p.Ticker, p.EventTicker);
            if (market.Position is { } old && old.Side == p.Side && old.Contracts == p.Contracts && old.CostBasis == p.CostBasis)
            {
                continue;
            }

            market.Position = p;
            Refresh(market);
        }

        foreach (var market in _markets.Values.Where(m => m.Position is not null && !seen.Contains(m.Ticker)).ToList())
        {
            market.Position = null;
            Refresh(market);
        }
    }

    /// <summary>Adds or replaces a resting order.</summary>
    public void SetResting(ClientOrderId id, RestingOrder order)
    {
        var market = Market(order.Ticker, order.EventTicker);
        if (market.Resting.TryGetValue(id, out var old))
        {
            market.Sums -= LegSumsOf(market, old.Ticker, old.EventTicker, old.Side, old.Action, old.LimitPrice, old.Remaining, old.Style);
        }

        market.Resting[id] = order;
        market.Sums += LegSumsOf(market, order.Ticker, order.EventTicker, order.Side, order.Action, order.LimitPrice, order.Remaining, order.Style);
        Changed(market);
    }

    /// <summary>The resting order with that id, if any.</summary>
    public RestingOrder? Resting(ClientOrderId id, MarketTicker ticker) =>
        _markets.TryGetValue(ticker, out var m) && m.Resting.TryGetValue(id, out var order) ? order : null;

    /// <summary>Removes a resting order (filled, canceled, rejected, not found).</summary>
    public void RemoveResting(ClientOrderId id, MarketTicker ticker)
    {
        if (_markets.TryGetValue(ticker, out var market) && market.Resting.Remove(id, out var old))
        {
            market.Sums -= LegSumsOf(market, old.Ticker, old.EventTicker, old.Side, old.Action, old.LimitPrice, old.Remaining, old.Style);
            Changed(market);
        }
    }

    /// <summary>Counts an approved intent until its order is seen.</summary>
    public void AddPending(OrderIntent intent)
    {
        var market = Market(intent.Ticker, intent.EventTicker);
        if (market.Pending.TryGetValue(intent.IntentId.Value, out var old))
        {
            market.Sums -= LegSumsOf(market, old);
        }

        market.Pending[intent.IntentId.Value] = intent;
        _pendingMarkets[intent.IntentId.Value] = intent.Ticker;
        market.Sums += LegSumsOf(market, intent);
        Changed(market);
    }

    /// <summary>Stops counting an approved intent.</summary>
    public void RemovePending(IntentId id)
    {
        if (_pendingMarkets.Remove(id.Value, out var ticker) && _markets.TryGetValue(ticker, out var market) && market.Pending.Remove(id.Value, out var old))
        {
            market.Sums -= LegSumsOf(market, old);
            Changed(market);
        }
    }

    /// <summary>Forgets every pending intent (snapshot restore).</summary>
    public void ClearPending()
    {
        _pendingMarkets.Clear();
        foreach (var market in _markets.Values.Where(m => m.Pending.Count > 0).ToList())
        {
            market.Pending.Clear();
            Refresh(market);
        }
    }

    /// <summary>The catalog described a market: its event, category or fees may differ from what was assumed, so recompute.</summary>
    public void FactsChanged(MarketTicker ticker)
    {
        var eventTicker = factsOf(ticker)?.EventTicker;
        if (!_markets.TryGetValue(ticker, out var market))
        {
            // Not held, but its event may be: whether the event is mutually exclusive, or its category, may have changed.
            if (eventTicker is { } listedEvent && _events.TryGetValue(listedEvent.Value, out var held))
            {
                RefreshEvent(held);
            }

            return;
        }

        if (eventTicker is { } e && market.EventKey != e.Value)
        {
            Detach(market);
            market.EventTicker = e;
            Attach(market);
        }

        Refresh(market);
    }

    /// <summary>The worst cases before and after adding <paramref name="leg"/> (for an intent in <paramref name="eventTicker"/>).</summary>
    public ExposureFigures WithLeg(ExposureLeg leg, EventTicker eventTicker)
    {
        var known = _markets.TryGetValue(leg.Ticker, out var market);
        var eventKey = known ? market!.EventKey : (factsOf(leg.Ticker)?.EventTicker ?? eventTicker).Value;
        var marketSums = known ? market!.Sums : default;
        var withLeg = marketSums.Add(leg);
        var evt = _events.GetValueOrDefault(eventKey);
        var eventBefore = evt?.WorstCase ?? 0;
        var exclusive = IsExclusive(eventKey);
        var eventAfter = EventWorstCase(evt, exclusive, leg.Ticker, withLeg);
        var category = factsOf(leg.Ticker)?.Category ?? evt?.Category ?? ExposureBook.UnknownCategory;
        var categoryBefore = _categories.GetValueOrDefault(category);
        var categoryAfter = categoryBefore + eventAfter - (evt?.Category == category ? eventBefore : 0);
        return new ExposureFigures(
            Money.FromUnits(marketSums.WorstCase),
            Money.FromUnits(withLeg.WorstCase),
            Money.FromUnits(eventBefore),
            Money.FromUnits(eventAfter),
            category,
            Money.FromUnits(categoryBefore),
            Money.FromUnits(categoryAfter),
            Money.FromUnits(_total),
            Money.FromUnits(_total - eventBefore + eventAfter));
    }

    private MarketExposure Market(MarketTicker ticker, EventTicker? hint)
    {
        if (_markets.TryGetValue(ticker, out var market))
        {
            return market;
        }

        market = new MarketExposure(ticker) { EventTicker = factsOf(ticker)?.EventTicker ?? hint };
        _markets[ticker] = market;
        Attach(market);
        return market;
    }

    private void Attach(MarketExposure market)
    {
        if (!_events.TryGetValue(market.EventKey, out var evt))
        {
            _events[market.EventKey] = evt = new EventExposure(market.EventKey);
        }

        evt.Markets[market.Ticker] = market;
    }

    private void Detach(MarketExposure market)
    {
        if (_events.TryGetValue(market.EventKey, out var evt))
        {
            evt.Markets.Remove(market.Ticker);
            RefreshEvent(evt);
            if (evt.Markets.Count == 0)
            {
                _events.Remove(evt.Key);
            }
        }
    }

    /// <summary>Recomputes a market's sums from scratch (its position changed, and a sell's leg depends on what is held).</summary>
    private void Refresh(MarketExposure market)
    {
        var sums = default(LegSums);
        if (market.Position is { } p)
        {
            sums += default(LegSums).Add(new ExposureLeg(p.Ticker, market.EventTicker, p.Side, Abs(p.Contracts), Abs(p.CostBasis)));
        }

        foreach (var r in market.Resting.Values)
        {
            sums += LegSumsOf(market, r.Ticker, r.EventTicker, r.Side, r.Action, r.LimitPrice, r.Remaining, r.Style);
        }

        foreach (var i in market.Pending.Values)
        {
            sums += LegSumsOf(market, i);
        }

        market.Sums = sums;
        Changed(market);
    }

    /// <summary>A market's sums changed: update the count of active markets and its event's worst case.</summary>
    private void Changed(MarketExposure market)
    {
        ActiveMarkets += (market.WasEmpty ? 0 : -1) + (market.IsEmpty ? 0 : 1);
        market.WasEmpty = market.IsEmpty;
        if (_events.TryGetValue(market.EventKey, out var evt))
        {
            RefreshEvent(evt);
        }
    }

    private LegSums LegSumsOf(MarketExposure market, OrderIntent i) =>
        LegSumsOf(market, i.Ticker, i.EventTicker, i.Side, i.Action, i.LimitPrice, i.Count, i.Style);

    /// <summary>What one order adds to its market's sums given the position held now (nothing for a sell of held contracts).</summary>
    private LegSums LegSumsOf(MarketExposure market, MarketTicker ticker, EventTicker eventTicker, Side side, Domain.Action action, Price price, Quantity count, ExecutionStyle style)
    {
        var held = market.Position is { } p && p.Side == side ? Abs(p.Contracts) : Quantity.Zero;
        var fees = factsOf(ticker)?.Fees ?? SeriesFeeParameters.General;
        return ExposureBook.LegOf(ticker, eventTicker, side, action, price, count, style, fees, held) is { } leg ? default(LegSums).Add(leg) : default;
    }

    private void RefreshEvent(EventExposure evt)
    {
        var worst = EventWorstCase(evt, IsExclusive(evt.Key), null, default);
        var category = evt.Markets.Keys.Select(t => factsOf(t)?.Category).FirstOrDefault(c => c is not null) ?? ExposureBook.UnknownCategory;
        _total += worst - evt.WorstCase;
        _categories[evt.Category] = _categories.GetValueOrDefault(evt.Category) - evt.WorstCase;
        _categories[category] = _categories.GetValueOrDefault(category) + worst;
        evt.WorstCase = worst;
        evt.Category = category;
    }

    private bool IsExclusive(string eventKey) =>
        !eventKey.StartsWith(MarketExposure.NoEventPrefix, StringComparison.Ordinal) && isMutuallyExclusive(new EventTicker(eventKey));

    /// <summary>The event's worst case, with <paramref name="replaced"/>'s sums swapped for <paramref name="replacement"/> when given.</summary>
    private static long EventWorstCase(EventExposure? evt, bool exclusive, MarketTicker? replaced, LegSums replacement)
    {
        var markets = evt?.Markets.Values.Select(m => (m.Ticker, m.Sums)) ?? [];
        if (replaced is { } r)
        {
            markets = markets.Where(m => m.Ticker != r).Append((r, replacement));
        }

        return WorstCaseOf(markets.Select(m => m.Sums).ToList(), exclusive);
    }

    /// <summary>
    /// Worst-case loss of an event's markets: the sum of each market's worst case, or for a mutually exclusive event the
    /// worst single outcome, where exactly one outcome wins, possibly one we hold nothing in ("none of ours").
    /// </summary>
    internal static long WorstCaseOf(IReadOnlyCollection<LegSums> markets, bool exclusive)
    {
        if (!exclusive)
        {
            return markets.Sum(m => m.WorstCase);
        }

        var cost = markets.Sum(m => m.Cost);
        var noAll = markets.Sum(m => m.NoPays);
        var worst = noAll - cost;
        foreach (var sums in markets)
        {
            worst = Math.Min(worst, noAll - sums.NoPays + sums.YesPays - cost);
        }

        return Math.Max(0, -worst);
    }

    private static Quantity Abs(Quantity q) => q.Units < 0 ? -q : q;

    private static Money Abs(Money m) => m.Units < 0 ? -m : m;

    /// <summary>What a market's worst case needs: total cost and what each outcome pays, in money units.</summary>
    internal readonly record struct LegSums(long Cost, long YesPays, long NoPays)
    {
        private const long PayoutPerQuantityUnit = Money.UnitsPerDollar / Quantity.UnitsPerContract;

        public long WorstCase => Math.Max(0, -Math.Min(YesPays - Cost, NoPays - Cost));

        public static LegSums operator +(LegSums a, LegSums b) => new(a.Cost + b.Cost, a.YesPays + b.YesPays, a.NoPays + b.NoPays);

        public static LegSums operator -(LegSums a, LegSums b) => new(a.Cost - b.Cost, a.YesPays - b.YesPays, a.NoPays - b.NoPays);

        public LegSums Add(ExposureLeg leg) => leg.Side == Side.Yes
            ? new(Cost + leg.Cost.Units, YesPays + (leg.Contracts.Units * PayoutPerQuantityUnit), NoPays)
            : new(Cost + leg.Cost.Units, YesPays, NoPays + (leg.Contracts.Units * PayoutPerQuantityUnit));
    }

    private sealed class MarketExposure(MarketTicker ticker)
    {
        public const string NoEventPrefix = "market:";

        public MarketTicker Ticker { get; } = ticker;

        public EventTicker? EventTicker { get; set; }

        public string EventKey => EventTicker?.Value ?? NoEventPrefix + Ticker.Value;

        public PositionView? Position { get; set; }

        public Dictionary<ClientOrderId, RestingOrder> Resting { get; } = [];

        public Dictionary<string, OrderIntent> Pending { get; } = new(StringComparer.Ordinal);

        public LegSums Sums { get; set; }

        public bool WasEmpty { get; set; } = true;

        public bool IsEmpty => Position is null && Resting.Count == 0 && Pending.Count == 0;
    }

    private sealed class EventExposure(string key)
    {
        public string Key { get; } = key;

        public Dictionary<MarketTicker, MarketExposure> Markets { get; } = [];

        public long WorstCase { get; set; }

        public string Category { get; set; } = ExposureBook.UnknownCategory;
    }
}
