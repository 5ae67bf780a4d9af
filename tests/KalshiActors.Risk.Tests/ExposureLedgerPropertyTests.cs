using FsCheck;
using FsCheck.Fluent;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>
/// The ledger keeps per-event aggregates updated by deltas; after any random sequence of position, order, intent and
/// catalog changes (markets moving between events, events turning mutually exclusive or changing category) every figure
/// it reports must equal a recomputation from scratch over all legs.
/// </summary>
public sealed class ExposureLedgerPropertyTests
{
    private const int MarketCount = 12;
    private const int EventCount = 4;
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Categories = ["Crypto", "Climate", "Politics"];

    private sealed record Step(int Kind, int Market, bool Yes, bool Sell, int Cents, int Contracts, int Extra);

    /// <summary>The catalog as the test changes it: each market's event, each event's category and exclusivity.</summary>
    private sealed class Catalog
    {
        public int[] EventOf { get; } = Enumerable.Range(0, MarketCount).Select(m => m % EventCount).ToArray();

        public string[] CategoryOf { get; } = Enumerable.Range(0, EventCount).Select(e => Categories[e % Categories.Length]).ToArray();

        public bool[] Exclusive { get; } = Enumerable.Range(0, EventCount).Select(e => e == 0).ToArray();

        public MarketTicker[] Markets { get; } = Enumerable.Range(0, MarketCount).Select(m => new MarketTicker($"KXP-M{m}")).ToArray();

        public EventTicker[] Events { get; } = Enumerable.Range(0, EventCount).Select(e => new EventTicker($"KXP-E{e}")).ToArray();

        public EventTicker EventTickerOf(MarketTicker ticker) => Events[EventOf[Array.IndexOf(Markets, ticker)]];

        public MarketFacts? Facts(MarketTicker ticker)
        {
            var m = Array.IndexOf(Markets, ticker);
            var e = EventOf[m];
            return new MarketFacts(Events[e], CategoryOf[e], Exclusive[e], SeriesFeeParameters.General, MarketState.Active);
        }

        public bool IsExclusive(EventTicker e) => Exclusive[Array.IndexOf(Events, e)];
    }

    [Fact]
    public void Ledger_AnySequenceOfChanges_ReportsTheFiguresOfARecomputationFromScratch()
    {
        var step = Gen.Choose(0, 9).SelectMany(kind => Gen.Choose(0, MarketCount - 1).SelectMany(market => Gen.Choose(0, 3).SelectMany(flags =>
            Gen.Choose(1, 99).SelectMany(cents => Gen.Choose(1, 40).SelectMany(contracts => Gen.Choose(0, 1_000)
                .Select(extra => new Step(kind, market, (flags & 1) == 0, (flags & 2) != 0, cents, contracts, extra)))))));
        Prop.ForAll(Arb.From(step.ListOf()), steps => Run(steps)).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private static bool Run(IList<Step> steps)
    {
        var catalog = new Catalog();
        var ledger = new ExposureLedger(catalog.Facts, catalog.IsExclusive);
        var positions = new Dictionary<MarketTicker, PositionView>();
        var resting = new Dictionary<ClientOrderId, RestingOrder>();
        var pending = new Dictionary<IntentId, OrderIntent>();
        var n = 0;
        foreach (var s in steps)
        {
            n++;
            var ticker = catalog.Markets[s.Market];
            var side = s.Yes ? Side.Yes : Side.No;
            var action = s.Sell ? Action.Sell : Action.Buy;
            var price = Price.FromCents(s.Cents);
            var count = Quantity.FromContracts(s.Contracts);
            switch (s.Kind)
            {
                case 0:
                    if (s.Extra % 4 == 0)
                    {
                        positions.Remove(ticker);
                    }
                    else if (s.Extra % 7 == 3)
                    {
                        // A flat position still listed (the portfolio lists a market it traded out of until it settles).
                        positions[ticker] = new PositionView(ticker, catalog.EventTickerOf(ticker), side, Quantity.Zero, Money.Zero, Money.Zero, Money.Zero, null, Money.Zero);
                    }
                    else if (s.Extra % 7 != 5 || !positions.ContainsKey(ticker))
                    {
                        positions[ticker] = new PositionView(
                            ticker, catalog.EventTickerOf(ticker), side, s.Extra % 2 == 0 ? count : -count, Money.FromCents(1 + s.Extra), Money.Zero, Money.Zero, null, Money.Zero);
                    }

                    // Otherwise the same report again, every view the last one's (as the portfolio sends after a mark moved).
                    ledger.SetPositions([.. positions.Values]);
                    break;
                case 1 or 2:
                    var id = new ClientOrderId($"c-{n}");
                    var order = new RestingOrder(new IntentId($"i-{n}"), ticker, catalog.EventTickerOf(ticker), side, action, price, count, (ExecutionStyle)(s.Extra % 3));
                    resting[id] = order;
                    ledger.SetResting(id, order);
                    break;
                case 3 when resting.Count > 0:
                    // A partial fill or a reprice: the same order with new figures.
                    var (changeId, changed) = resting.ElementAt(s.Extra % resting.Count);
                    var updated = changed with { Remaining = count, LimitPrice = price };
                    resting[changeId] = updated;
                    ledger.SetResting(changeId, updated);
                    break;
                case 4 when resting.Count > 0:
                    var (removeId, removed) = resting.ElementAt(s.Extra % resting.Count);
                    resting.Remove(removeId);
                    ledger.RemoveResting(removeId, removed.Ticker);
                    break;
                case 5:
                    var intent = new OrderIntent(
                        new IntentId($"p-{n}"), "t", ticker, catalog.EventTickerOf(ticker), side, action, price, count, ExecutionStyle.Maker, 0.5, Money.FromUnits(1), null, [], At);
                    pending[intent.IntentId] = intent;
                    ledger.AddPending(intent);
                    break;
                case 6 when pending.Count > 0:
                    var release = pending.Keys.ElementAt(s.Extra % pending.Count);
                    pending.Remove(release);
                    ledger.RemovePending(release);
                    break;
                case 7:
                    // The catalog moves the market to another event.
                    catalog.EventOf[s.Market] = s.Extra % EventCount;
                    ledger.FactsChanged(ticker);
                    break;
                case 8:
                    // An event turns mutually exclusive (or stops being); the catalog lists one of its markets again.
                    var e = catalog.EventOf[s.Market];
                    catalog.Exclusive[e] = !catalog.Exclusive[e];
                    ledger.FactsChanged(ticker);
                    break;
                case 9:
                    // An event's category changes; the catalog lists each of its markets again.
                    var recategorized = catalog.EventOf[s.Market];
                    catalog.CategoryOf[recategorized] = Categories[s.Extra % Categories.Length];
                    foreach (var m in Enumerable.Range(0, MarketCount).Where(m => catalog.EventOf[m] == recategorized))
                    {
                        ledger.FactsChanged(catalog.Markets[m]);
                    }

                    break;
            }

            if (!Agrees(ledger, catalog, positions, resting, pending, ticker, side, count, price))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Agrees(
        ExposureLedger ledger,
        Catalog catalog,
        Dictionary<MarketTicker, PositionView> positions,
        Dictionary<ClientOrderId, RestingOrder> resting,
        Dictionary<IntentId, OrderIntent> pending,
        MarketTicker ticker,
        Side side,
        Quantity count,
        Price price)
    {
        var legs = Legs(positions, resting, pending);
        var eventOf = (MarketTicker t) => catalog.EventTickerOf(t);
        Money EventWorst(EventTicker e, IEnumerable<ExposureLeg> extra) =>
            ExposureBook.EventWorstCase([.. legs.Where(l => eventOf(l.Ticker) == e), .. extra], catalog.IsExclusive(e));

        var eventTicker = eventOf(ticker);
        var probe = new ExposureLeg(ticker, eventTicker, side, count, ExposureBook.Notional(price, count));
        var figures = ledger.WithLeg(probe, eventTicker);
        var total = catalog.Events.Sum(e => EventWorst(e, []).Units);
        var category = catalog.Facts(ticker)!.Category;
        var categoryTotal = catalog.Events.Where(e => catalog.CategoryOf[Array.IndexOf(catalog.Events, e)] == category).Sum(e => EventWorst(e, []).Units);
        var eventBefore = EventWorst(eventTicker, []);
        var eventAfter = EventWorst(eventTicker, [probe]);
        var active = positions.Values.Where(p => !p.Contracts.IsZero).Select(p => p.Ticker).Concat(resting.Values.Select(r => r.Ticker)).Concat(pending.Values.Select(p => p.Ticker)).Distinct().Count();
        return figures.MarketBefore == ExposureBook.MarketWorstCase(legs.Where(l => l.Ticker == ticker))
            && figures.MarketAfter == ExposureBook.MarketWorstCase(legs.Where(l => l.Ticker == ticker).Append(probe))
            && figures.EventBefore == eventBefore
            && figures.EventAfter == eventAfter
            && figures.Category == category
            && figures.CategoryBefore.Units == categoryTotal
            && figures.CategoryAfter.Units == categoryTotal - eventBefore.Units + eventAfter.Units
            && figures.TotalBefore.Units == total
            && figures.TotalAfter.Units == total - eventBefore.Units + eventAfter.Units
            && ledger.TotalWorstCase.Units == total
            && ledger.ActiveMarkets == active
            && ledger.RestingCount == resting.Count;
    }

    private static List<ExposureLeg> Legs(Dictionary<MarketTicker, PositionView> positions, Dictionary<ClientOrderId, RestingOrder> resting, Dictionary<IntentId, OrderIntent> pending)
    {
        Quantity Held(MarketTicker t, Side s) => positions.TryGetValue(t, out var p) && p.Side == s ? Abs(p.Contracts) : Quantity.Zero;
        var legs = positions.Values.Select(p => new ExposureLeg(p.Ticker, p.EventTicker, p.Side, Abs(p.Contracts), p.CostBasis.Units < 0 ? -p.CostBasis : p.CostBasis)).ToList();
        foreach (var r in resting.Values)
        {
            if (ExposureBook.LegOf(r.Ticker, r.EventTicker, r.Side, r.Action, r.LimitPrice, r.Remaining, r.Style, SeriesFeeParameters.General, Held(r.Ticker, r.Side)) is { } leg)
            {
                legs.Add(leg);
            }
        }

        foreach (var i in pending.Values)
        {
            if (ExposureBook.LegOf(i.Ticker, i.EventTicker, i.Side, i.Action, i.LimitPrice, i.Count, i.Style, SeriesFeeParameters.General, Held(i.Ticker, i.Side)) is { } leg)
            {
                legs.Add(leg);
            }
        }

        return legs;
    }

    private static Quantity Abs(Quantity q) => q.Units < 0 ? -q : q;
}
