using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk;

/// <summary>Worst-case loss of one market, one event, its category and everything, before and after a would-be leg.</summary>
internal readonly record struct ExposureFigures(
    Money MarketBefore, Money MarketAfter, Money EventBefore, Money EventAfter, string Category, Money CategoryBefore, Money CategoryAfter, Money TotalBefore, Money TotalAfter);

/// <summary>
/// The guardian's exposure, kept incrementally so that an order event or an intent costs the same however many markets
/// are held: each market keeps the sums its worst case needs (cost, YES payout, NO payout), each event running
/// aggregates of its markets' sums (the sum of their worst cases, total cost and NO payout, and the markets whose YES
/// payout falls short of their NO payout, ordered, for a mutually exclusive event's worst outcome), each category and the
/// account running totals. A change in one market swaps that market's contribution in its event's aggregates and adjusts
/// the category and the total by the event's difference; only a change of an event's membership or of the catalog's facts
/// looks at all of the event's markets again (for its category).
/// </summary>
internal sealed class ExposureLedger(Func<MarketTicker, MarketFacts?> factsOf, Func<EventTicker, bool> isMutuallyExclusive)
{
    private readonly Dictionary<MarketTicker, MarketExposure> _markets = [];
    private readonly Dictionary<string, EventExposure> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);

    // Which market each pending intent counts in, so releasing one does not search every market.
    private readonly Dictionary<string, MarketTicker> _pendingMarkets = new(StringComparer.Ordinal);
    private long _total;

    // Markets holding a position, and the number of the last SetPositions (see there).
    private int _positionsHeld;
    private long _positionReports;

    // The positions of the last SetPositions, which the ledger holds (see SetChangedPositions).
    private IReadOnlyList<PositionView>? _lastReport;

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
        ArgumentNullException.ThrowIfNull(positions);
        if (_lastReport is { } last && PositionReports.LinesUp(last, positions))
        {
            SetChangedPositions(last, positions);
        }
        else
        {
            SetAllPositions(positions);
        }

        _lastReport = positions;
    }

    /// <summary>
    /// Applies a report that lines up with the last (<see cref="PositionReports.LinesUp"/>) by looking up only the markets
    /// whose holding changed: looking up each of 2,000 markets took the guardian ~0.4 ms per report (some 6 a second),
    /// which an intent arriving meanwhile waited out.
    /// </summary>
    private void SetChangedPositions(IReadOnlyList<PositionView> last, IReadOnlyList<PositionView> positions)
    {
        for (var i = 0; i < positions.Count; i++)
        {
            // The ledger holds the last report's figures: most new views carry a new mark, and need no lookup.
            var (p, old) = (positions[i], last[i]);
            if (!ReferenceEquals(p, old) && !p.Contracts.IsZero && !SameHolding(p, old))
            {
                SetPosition(Market(p.Ticker, p.EventTicker), p);
            }
        }
    }

    private void SetAllPositions(IReadOnlyList<PositionView> positions)
    {
        // Each report lists every position; markets it lists are stamped with its number, so the markets whose position it
        // dropped are searched for only when there are some (fewer markets listed than hold a position), without a set of
        // the listed ones (the portfolio reports every position several times a second).
        var report = ++_positionReports;
        var listed = 0;
        foreach (var p in positions)
        {
            if (p.Contracts.IsZero)
            {
                continue;
            }

            var market = Market(p.Ticker, p.EventTicker);
            if (market.PositionReport != report)
            {
                market.PositionReport = report;
                listed++;
            }

            SetPosition(market, p);
        }

        if (listed == _positionsHeld)
        {
            return;
        }

        foreach (var market in _markets.Values.Where(m => m.Position is not null && m.PositionReport != report).ToList())
        {
            market.Position = null;
            _positionsHeld--;
            Refresh(market);
        }
    }

    // Whether the two views count the same in the exposure (marks and P&L do not).
    private static bool SameHolding(PositionView a, PositionView b) => a.Side == b.Side && a.Contracts == b.Contracts && a.CostBasis == b.CostBasis;

    private void SetPosition(MarketExposure market, PositionView p)
    {
        if (market.Position is { } old && SameHolding(old, p))
        {
            return;
        }

        if (market.Position is null)
        {
            _positionsHeld++;
        }

        market.Position = p;
        Refresh(market);
    }

    /// <summary>Adds or replaces a resting order.</summary>
    public void SetResting(ClientOrderId id, RestingOrder order)
    {
        var market = Market(order.Ticker, order.EventTicker);
        var sums = market.Sums;
        if (market.Resting.TryGetValue(id, out var old))
        {
            sums -= LegSumsOf(market, old.Ticker, old.EventTicker, old.Side, old.Action, old.LimitPrice, old.Remaining, old.Style);
        }

        market.Resting[id] = order;
        sums += LegSumsOf(market, order.Ticker, order.EventTicker, order.Side, order.Action, order.LimitPrice, order.Remaining, order.Style);
        Changed(market, sums);
    }

    /// <summary>Starts tracking the market (filed under <paramref name="eventTicker"/> unless the catalog says otherwise), as its first order would.</summary>
    public void Track(MarketTicker ticker, EventTicker eventTicker) => Market(ticker, eventTicker);

    /// <summary>The resting order with that id, if any.</summary>
    public RestingOrder? Resting(ClientOrderId id, MarketTicker ticker) =>
        _markets.TryGetValue(ticker, out var m) && m.Resting.TryGetValue(id, out var order) ? order : null;

    /// <summary>Removes a resting order (filled, canceled, rejected, not found).</summary>
    public void RemoveResting(ClientOrderId id, MarketTicker ticker)
    {
        if (_markets.TryGetValue(ticker, out var market) && market.Resting.Remove(id, out var old))
        {
            Changed(market, market.Sums - LegSumsOf(market, old.Ticker, old.EventTicker, old.Side, old.Action, old.LimitPrice, old.Remaining, old.Style));
        }
    }

    /// <summary>Counts an approved intent until its order is seen.</summary>
    public void AddPending(OrderIntent intent)
    {
        var market = Market(intent.Ticker, intent.EventTicker);
        var sums = market.Sums;
        if (market.Pending.TryGetValue(intent.IntentId.Value, out var old))
        {
            sums -= LegSumsOf(market, old);
        }

        market.Pending[intent.IntentId.Value] = intent;
        _pendingMarkets[intent.IntentId.Value] = intent.Ticker;
        Changed(market, sums + LegSumsOf(market, intent));
    }

    /// <summary>Stops counting an approved intent.</summary>
    public void RemovePending(IntentId id)
    {
        if (_pendingMarkets.Remove(id.Value, out var ticker) && _markets.TryGetValue(ticker, out var market) && market.Pending.Remove(id.Value, out var old))
        {
            Changed(market, market.Sums - LegSumsOf(market, old));
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
                RefreshEvent(held, recategorize: true);
            }

            return;
        }

        if (eventTicker is { } e && market.EventKey != e.Value)
        {
            Detach(market);
            market.EventTicker = e;
            Attach(market);
        }

        // Its category (and so its event's) or its fees may differ from what was assumed.
        Refresh(market);
        if (_events.TryGetValue(market.EventKey, out var own))
        {
            RefreshEvent(own, recategorize: true);
        }
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
        var eventAfter = evt is null ? WorstCaseOf([withLeg], exclusive) : evt.WorstCaseWith(exclusive, leg.Ticker, withLeg);
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

        evt.Add(market);
        RefreshEvent(evt, recategorize: true);
    }

    private void Detach(MarketExposure market)
    {
        if (_events.TryGetValue(market.EventKey, out var evt))
        {
            evt.Remove(market);
            RefreshEvent(evt, recategorize: true);
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

        Changed(market, sums);
    }

    /// <summary>A market's holdings changed to <paramref name="sums"/>: update the count of active markets and its event's worst case.</summary>
    private void Changed(MarketExposure market, LegSums sums)
    {
        ActiveMarkets += (market.WasEmpty ? 0 : -1) + (market.IsEmpty ? 0 : 1);
        market.WasEmpty = market.IsEmpty;
        if (_events.TryGetValue(market.EventKey, out var evt) && evt.Markets.ContainsKey(market.Ticker))
        {
            evt.Update(market, sums);
            RefreshEvent(evt, recategorize: false);
        }
        else
        {
            market.Sums = sums;
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

    /// <summary>
    /// Brings the event's worst case, its category's and the total up to date from the event's aggregates;
    /// <paramref name="recategorize"/> when its markets or the catalog's facts changed (the category is the first market's
    /// the catalog describes, so only those changes can move it).
    /// </summary>
    private void RefreshEvent(EventExposure evt, bool recategorize)
    {
        var worst = evt.CurrentWorstCase(IsExclusive(evt.Key));
        var category = evt.Category;
        if (recategorize)
        {
            category = ExposureBook.UnknownCategory;
            foreach (var ticker in evt.Markets.Keys)
            {
                if (factsOf(ticker)?.Category is { } c)
                {
                    category = c;
                    break;
                }
            }
        }

        if (worst == evt.WorstCase && category == evt.Category)
        {
            return;
        }

        _total += worst - evt.WorstCase;
        _categories[evt.Category] = _categories.GetValueOrDefault(evt.Category) - evt.WorstCase;
        _categories[category] = _categories.GetValueOrDefault(category) + worst;
        evt.WorstCase = worst;
        evt.Category = category;
    }

    private bool IsExclusive(string eventKey) =>
        !eventKey.StartsWith(MarketExposure.NoEventPrefix, StringComparison.Ordinal) && isMutuallyExclusive(new EventTicker(eventKey));

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

        /// <summary>The last position report that listed this market.</summary>
        public long PositionReport { get; set; }

        public Dictionary<ClientOrderId, RestingOrder> Resting { get; } = [];

        public Dictionary<string, OrderIntent> Pending { get; } = new(StringComparer.Ordinal);

        public LegSums Sums { get; set; }

        public bool WasEmpty { get; set; } = true;

        public bool IsEmpty => Position is null && Resting.Count == 0 && Pending.Count == 0;
    }

    /// <summary>
    /// One event's markets and running aggregates of their sums. An event's worst case (see <see cref="WorstCaseOf"/>) is
    /// the sum of its markets' worst cases, or for a mutually exclusive event NO payouts − cost + min(0, the least
    /// YES − NO payout of one market): the worst outcome is "none of ours wins" or one market's YES winning.
    /// </summary>
    private sealed class EventExposure(string key)
    {
        // Markets whose YES payout is below their NO payout, least YES − NO first (only those can be the worst outcome).
        private readonly SortedSet<(long YesLessNo, string Ticker)> _shortfalls = new(Comparer<(long YesLessNo, string Ticker)>.Create(
            (a, b) => a.YesLessNo != b.YesLessNo ? a.YesLessNo.CompareTo(b.YesLessNo) : string.CompareOrdinal(a.Ticker, b.Ticker)));
        private long _sumOfWorstCases;
        private long _cost;
        private long _noPays;

        public string Key { get; } = key;

        public Dictionary<MarketTicker, MarketExposure> Markets { get; } = [];

        /// <summary>The worst case last folded into the category and total figures.</summary>
        public long WorstCase { get; set; }

        public string Category { get; set; } = ExposureBook.UnknownCategory;

        public void Add(MarketExposure market)
        {
            Markets[market.Ticker] = market;
            Count(market.Ticker, market.Sums, 1);
        }

        public void Remove(MarketExposure market)
        {
            if (Markets.Remove(market.Ticker))
            {
                Count(market.Ticker, market.Sums, -1);
            }
        }

        /// <summary>Replaces a member market's sums.</summary>
        public void Update(MarketExposure market, LegSums sums)
        {
            Count(market.Ticker, market.Sums, -1);
            market.Sums = sums;
            Count(market.Ticker, sums, 1);
        }

        public long CurrentWorstCase(bool exclusive) => exclusive
            ? Math.Max(0, -(_noPays - _cost + Math.Min(0, _shortfalls.Count > 0 ? _shortfalls.Min.YesLessNo : 0)))
            : _sumOfWorstCases;

        /// <summary>The worst case were <paramref name="ticker"/>'s sums <paramref name="sums"/> (the market joins the event if it is not in it).</summary>
        public long WorstCaseWith(bool exclusive, MarketTicker ticker, LegSums sums)
        {
            var old = Markets.TryGetValue(ticker, out var member) ? member.Sums : default;
            if (!exclusive)
            {
                return _sumOfWorstCases - old.WorstCase + sums.WorstCase;
            }

            // The least shortfall among the other markets: the first entry that is not this market's.
            var least = 0L;
            foreach (var (yesLessNo, t) in _shortfalls)
            {
                if (t != ticker.Value)
                {
                    least = yesLessNo;
                    break;
                }
            }

            least = Math.Min(least, sums.YesPays - sums.NoPays);
            return Math.Max(0, -((_noPays - old.NoPays + sums.NoPays) - (_cost - old.Cost + sums.Cost) + Math.Min(0, least)));
        }

        private void Count(MarketTicker ticker, LegSums sums, int sign)
        {
            _sumOfWorstCases += sign * sums.WorstCase;
            _cost += sign * sums.Cost;
            _noPays += sign * sums.NoPays;
            var yesLessNo = sums.YesPays - sums.NoPays;
            if (yesLessNo < 0)
            {
                if (sign > 0)
                {
                    _shortfalls.Add((yesLessNo, ticker.Value));
                }
                else
                {
                    _shortfalls.Remove((yesLessNo, ticker.Value));
                }
            }
        }
    }
}
