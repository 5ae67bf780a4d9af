using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>Folding an order journal before touching the ledger gives the figures that applying every event gives.</summary>
public sealed class RestingOrderFoldTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventTicker[] Events = [new("KXF-0"), new("KXF-1")];
    private static readonly MarketTicker[] Markets = Enumerable.Range(0, 6).Select(i => new MarketTicker($"KXF-{i % 2}-M{i}")).ToArray();

    private static MarketFacts? Facts(MarketTicker ticker) =>
        ticker == Markets[5] ? null : new MarketFacts(Events[Array.IndexOf(Markets, ticker) % 2], "Climate", Array.IndexOf(Markets, ticker) % 2 == 0, SeriesFeeParameters.General, MarketState.Active);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Fold_RandomOrderJournal_SameFiguresAsEventByEvent(int seed)
    {
        var random = new Random(seed);
        var eventByEvent = new ExposureLedger(Facts, e => e == Events[0]);
        var folded = new ExposureLedger(Facts, e => e == Events[0]);

        // What both knew before the catch-up: a position and orders resting (some of which the journal then closes).
        var position = new PositionView(Markets[0], Events[0], Side.Yes, Quantity.FromContracts(7), Money.FromCents(300), Money.Zero, Money.Zero, null, Money.Zero);
        foreach (var ledger in new[] { eventByEvent, folded })
        {
            ledger.SetPositions([position]);
            for (var i = 0; i < 3; i++)
            {
                ledger.SetResting(new ClientOrderId($"old-{i}"), new RestingOrder(new IntentId($"old-{i}"), Markets[i], Events[i % 2], Side.No, Action.Buy, Price.FromCents(40), Quantity.FromContracts(5), ExecutionStyle.Maker));
            }
        }

        var journal = Journal(random);
        var fold = new RestingOrderFold(folded);
        foreach (var e in journal)
        {
            fold.Fold(e);
            if (RestingOrderFold.Next(e, eventByEvent.Resting(e.ClientOrderId, e.Ticker), out var next))
            {
                if (next is null)
                {
                    eventByEvent.RemoveResting(e.ClientOrderId, e.Ticker);
                }
                else
                {
                    eventByEvent.SetResting(e.ClientOrderId, next);
                }
            }
        }

        fold.Apply();
        Assert.Equal(eventByEvent.TotalWorstCase, folded.TotalWorstCase);
        Assert.Equal(eventByEvent.ActiveMarkets, folded.ActiveMarkets);
        Assert.Equal(eventByEvent.RestingCount, folded.RestingCount);
        foreach (var ticker in Markets)
        {
            Assert.Equal(eventByEvent.IsActive(ticker), folded.IsActive(ticker));
            var probe = new ExposureLeg(ticker, Events[0], Side.Yes, Quantity.FromContracts(2), Money.FromCents(90));
            Assert.Equal(eventByEvent.WithLeg(probe, Events[0]), folded.WithLeg(probe, Events[0]));
        }

        foreach (var id in journal.Select(e => (e.ClientOrderId, e.Ticker)).Distinct())
        {
            Assert.Equal(eventByEvent.Resting(id.ClientOrderId, id.Ticker), folded.Resting(id.ClientOrderId, id.Ticker));
        }
    }

    // Orders through random lifecycles, interleaved, plus events for the orders resting before.
    private static List<OrderLifecycleEvent> Journal(Random random)
    {
        var journal = new List<OrderLifecycleEvent>();
        var open = new List<(ClientOrderId Id, MarketTicker Ticker, Quantity Remaining)>();
        for (var i = 0; i < 3; i++)
        {
            open.Add((new ClientOrderId($"old-{i}"), Markets[i], Quantity.FromContracts(5)));
        }

        for (var step = 0; step < 600; step++)
        {
            if (open.Count == 0 || random.Next(3) == 0)
            {
                var ticker = Markets[random.Next(Markets.Length)];
                var id = new ClientOrderId($"c-{step}");
                var count = Quantity.FromContracts(random.Next(2, 20));
                journal.Add(new OrderSubmitted(
                    id, new IntentId($"i-{step}"), "s", ticker, Events[Array.IndexOf(Markets, ticker) % 2], random.Next(2) == 0 ? Side.Yes : Side.No,
                    random.Next(4) == 0 ? Action.Sell : Action.Buy, Price.FromCents(random.Next(1, 100)), count, ExecutionStyle.Maker, false, false, At));
                open.Add((id, ticker, count));
                continue;
            }

            var at = random.Next(open.Count);
            var (orderId, market, remaining) = open[at];
            var exchangeId = new OrderId($"x-{orderId.Value}");
            switch (random.Next(8))
            {
                case 0:
                    journal.Add(new OrderAccepted(orderId, exchangeId, market, remaining, At));
                    break;
                case 1:
                    journal.Add(new OrderRepriced(orderId, exchangeId, market, Price.FromCents(random.Next(1, 100)), remaining, At));
                    break;
                case 2 when remaining > Quantity.FromContracts(1):
                    var left = remaining - Quantity.FromContracts(1);
                    journal.Add(new OrderPartiallyFilled(orderId, exchangeId, market, $"t-{step}", "s", Side.Yes, Action.Buy, Price.FromCents(50), Quantity.FromContracts(1), Money.Zero, false, Quantity.FromContracts(1), left, At));
                    open[at] = (orderId, market, left);
                    break;
                case 3:
                    journal.Add(new OrderFilled(orderId, exchangeId, market, $"t-{step}", "s", Side.Yes, Action.Buy, Price.FromCents(50), remaining, Money.Zero, false, remaining, At));
                    open.RemoveAt(at);
                    break;
                case 4:
                    journal.Add(new OrderCanceled(orderId, exchangeId, market, remaining, "canceled", At));
                    open.RemoveAt(at);
                    break;
                case 5:
                    journal.Add(new OrderRejected(orderId, market, "r", "rejected", At));
                    open.RemoveAt(at);
                    break;
                case 6:
                    journal.Add(new OrderOutcomeUnknown(orderId, market, "timeout", At));
                    break;
                default:
                    journal.Add(new OrderReconciled(orderId, market, random.Next(2) == 0, "r", At));
                    break;
            }
        }

        // A closed order's late event, and an event for an order never submitted: neither rests anything.
        journal.Add(new OrderAccepted(new ClientOrderId("c-0"), new OrderId("x-late"), Markets[0], Quantity.FromContracts(3), At));
        journal.Add(new OrderAccepted(new ClientOrderId("never"), new OrderId("x-never"), Markets[1], Quantity.FromContracts(3), At));
        return journal;
    }
}
