using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>The incremental ledger agrees with a from-scratch computation after any sequence of changes.</summary>
public sealed class ExposureLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventTicker[] Events = [new("KXE-0"), new("KXE-1"), new("KXE-2")];
    private static readonly MarketTicker[] Markets = Enumerable.Range(0, 9).Select(i => new MarketTicker($"KXE-{i % 3}-M{i}")).ToArray();

    private static MarketFacts Facts(MarketTicker ticker)
    {
        var e = Events[Array.IndexOf(Markets, ticker) % 3];
        return new MarketFacts(e, e == Events[2] ? "Politics" : "Climate", e == Events[0], SeriesFeeParameters.General, MarketState.Active);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ledger_RandomChanges_MatchesRecomputationFromScratch(int seed)
    {
        var random = new Random(seed);
        var ledger = new ExposureLedger(Facts, e => e == Events[0]);
        var positions = new Dictionary<MarketTicker, PositionView>();
        var resting = new Dictionary<ClientOrderId, RestingOrder>();
        var pending = new Dictionary<IntentId, OrderIntent>();
        for (var step = 0; step < 400; step++)
        {
            var ticker = Markets[random.Next(Markets.Length)];
            var side = random.Next(2) == 0 ? Side.Yes : Side.No;
            var action = random.Next(3) == 0 ? Action.Sell : Action.Buy;
            var price = Price.FromCents(random.Next(1, 100));
            var count = Quantity.FromContracts(random.Next(1, 30));
            switch (random.Next(5))
            {
                case 0:
                    if (random.Next(3) == 0)
                    {
                        positions.Remove(ticker);
                    }
                    else
                    {
                        positions[ticker] = new PositionView(ticker, Facts(ticker).EventTicker, side, count, Money.FromCents(random.Next(1, 2000)), Money.Zero, Money.Zero, null, Money.Zero);
                    }

                    ledger.SetPositions([.. positions.Values]);
                    break;
                case 1:
                    var id = new ClientOrderId($"c-{step}");
                    var order = new RestingOrder(new IntentId($"i-{step}"), ticker, Facts(ticker).EventTicker, side, action, price, count, ExecutionStyle.ImmediateOrCancel);
                    resting[id] = order;
                    ledger.SetResting(id, order);
                    break;
                case 2 when resting.Count > 0:
                    var (removeId, removed) = resting.ElementAt(random.Next(resting.Count));
                    resting.Remove(removeId);
                    ledger.RemoveResting(removeId, removed.Ticker);
                    break;
                case 3:
                    var intent = new OrderIntent(new IntentId($"p-{step}"), "t", ticker, Facts(ticker).EventTicker, side, action, price, count, ExecutionStyle.Maker, 0.5, Money.FromUnits(1), null, [], At);
                    pending[intent.IntentId] = intent;
                    ledger.AddPending(intent);
                    break;
                case 4 when pending.Count > 0:
                    var release = pending.Keys.ElementAt(random.Next(pending.Count));
                    pending.Remove(release);
                    ledger.RemovePending(release);
                    break;
            }

            var probe = new ExposureLeg(ticker, Facts(ticker).EventTicker, Side.Yes, Quantity.FromContracts(1), Money.FromCents(50));
            var figures = ledger.WithLeg(probe, Facts(ticker).EventTicker);
            var legs = Legs(positions, resting, pending);
            Assert.Equal(ExposureBook.MarketWorstCase(legs.Where(l => l.Ticker == ticker)), figures.MarketBefore);
            Assert.Equal(ExposureBook.MarketWorstCase(legs.Where(l => l.Ticker == ticker).Append(probe)), figures.MarketAfter);
            var eventLegs = legs.Where(l => l.EventTicker == Facts(ticker).EventTicker).ToList();
            Assert.Equal(ExposureBook.EventWorstCase(eventLegs, Facts(ticker).MutuallyExclusive), figures.EventBefore);
            Assert.Equal(ExposureBook.EventWorstCase([.. eventLegs, probe], Facts(ticker).MutuallyExclusive), figures.EventAfter);
            var total = Events.Sum(e => ExposureBook.EventWorstCase(legs.Where(l => l.EventTicker == e).ToList(), e == Events[0]).Units);
            Assert.Equal(Money.FromUnits(total), figures.TotalBefore);
            var category = Events.Where(e => Facts(Markets[Array.IndexOf(Events, e)]).Category == figures.Category)
                .Sum(e => ExposureBook.EventWorstCase(legs.Where(l => l.EventTicker == e).ToList(), e == Events[0]).Units);
            Assert.Equal(Money.FromUnits(category), figures.CategoryBefore);
            var active = positions.Keys.Concat(resting.Values.Select(r => r.Ticker)).Concat(pending.Values.Select(p => p.Ticker)).Distinct().Count();
            Assert.Equal(active, ledger.ActiveMarkets);
        }
    }

    private static List<ExposureLeg> Legs(Dictionary<MarketTicker, PositionView> positions, Dictionary<ClientOrderId, RestingOrder> resting, Dictionary<IntentId, OrderIntent> pending)
    {
        Quantity Held(MarketTicker t, Side s) => positions.TryGetValue(t, out var p) && p.Side == s ? p.Contracts : Quantity.Zero;
        var legs = positions.Values.Select(p => new ExposureLeg(p.Ticker, p.EventTicker, p.Side, p.Contracts, p.CostBasis)).ToList();
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
}
