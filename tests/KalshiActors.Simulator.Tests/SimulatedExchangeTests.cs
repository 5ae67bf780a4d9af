using KalshiActors.Domain;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Tests;

public sealed class SimulatedExchangeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static SimulatorSettings Quiet(params MarketDefinition[] markets) => new()
    {
        ParticipantsEnabled = false,
        StartingBalance = 100m,
        Markets = markets.Length > 0 ? markets : [new MarketDefinition { Kind = MarketKind.Binary, Series = "KXT", TradesFor = TimeSpan.FromHours(1) }],
        SettlementTimer = TimeSpan.FromSeconds(60),
    };

    private static PlaceOrderRequest Bid(string ticker, int price, long contracts, TimeInForce tif = TimeInForce.GoodTillCanceled) =>
        new(ticker, BookSide.Bid, price, contracts * 100, tif, SelfTradePrevention.TakerAtCross);

    private static PlaceOrderRequest Ask(string ticker, int price, long contracts, TimeInForce tif = TimeInForce.GoodTillCanceled) =>
        new(ticker, BookSide.Ask, price, contracts * 100, tif, SelfTradePrevention.TakerAtCross);

    [Fact]
    public void PlaceOrder_TakerBuysYes_BooksCostFeePositionAndMakerNoSide()
    {
        var clock = new ManualTimeProvider(Start);
        var exchange = new SimulatedExchange(Quiet(), clock);
        var ticker = exchange.Markets[0].Ticker;

        Assert.True(exchange.PlaceOrder("maker", Ask(ticker, 3000, 10), Start).Accepted);
        var taken = exchange.PlaceOrder("taker", Bid(ticker, 3000, 10), Start);

        Assert.Equal(1000, taken.FilledNow);
        var taker = exchange.Account("taker");
        var maker = exchange.Account("maker");

        // Taker: $100 - 10 x $0.30 - fee 0.07 x 10 x 0.3 x 0.7 = $0.147.
        Assert.Equal(100_000_000 - 3_000_000 - 147_000, taker.BalanceMicros);
        Assert.Equal(1000, taker.Positions[ticker].Position);

        // Maker sold YES = bought NO at $0.70, no maker fee on a quadratic series.
        Assert.Equal(100_000_000 - 7_000_000, maker.BalanceMicros);
        Assert.Equal(-1000, maker.Positions[ticker].Position);
        Assert.Equal(1000, exchange.Markets[0].OpenInterest);
    }

    [Fact]
    public void PlaceOrder_SellingHeldYes_ReleasesProceedsAndRealisesPnl()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;
        exchange.PlaceOrder("maker", Ask(ticker, 4000, 5), Start);
        exchange.PlaceOrder("me", Bid(ticker, 4000, 5), Start);
        exchange.PlaceOrder("maker", Bid(ticker, 5000, 5), Start);
        exchange.PlaceOrder("me", Ask(ticker, 5000, 5), Start);

        var me = exchange.Account("me");
        var position = me.Positions[ticker];
        Assert.Equal(0, position.Position);

        // Bought 5 @ 0.40 (fee 0.084), sold 5 @ 0.50 (fee 0.0875): +0.50 gross.
        Assert.Equal(500_000, position.RealizedPnlMicros);
        Assert.Equal(84_000 + 87_500, position.FeesPaidMicros);
        Assert.Equal(100_000_000 + 500_000 - 84_000 - 87_500, me.BalanceMicros);
    }

    [Fact]
    public void PlaceOrder_ReduceOnlyWithoutPosition_IsRefused()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;
        var result = exchange.PlaceOrder("me", Bid(ticker, 4000, 5) with { ReduceOnly = true }, Start);

        Assert.Equal(OrderRejectReason.ReduceOnlyNoPosition, result.Reject);
    }

    [Fact]
    public void PlaceOrder_ReduceOnly_IsCappedAtThePosition()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;
        exchange.PlaceOrder("maker", Ask(ticker, 4000, 3), Start);
        exchange.PlaceOrder("me", Bid(ticker, 4000, 3), Start);
        var result = exchange.PlaceOrder("me", Ask(ticker, 6000, 10) with { ReduceOnly = true }, Start);

        Assert.True(result.Accepted);
        Assert.Equal(300, result.Order!.RemainingQuantity);
    }

    [Fact]
    public void PlaceOrder_CostAboveAvailableBalance_IsRefused()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;
        Assert.True(exchange.PlaceOrder("me", Bid(ticker, 5000, 150), Start).Accepted);

        // $75 is reserved by the resting bid; $30 more does not fit in the remaining $25.
        var second = exchange.PlaceOrder("me", Bid(ticker, 5000, 60), Start);
        Assert.Equal(OrderRejectReason.InsufficientBalance, second.Reject);
    }

    [Fact]
    public void PlaceOrder_PriceOffTheTickGrid_IsRefused()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;

        Assert.Equal(OrderRejectReason.InvalidPrice, exchange.PlaceOrder("me", Bid(ticker, 4005, 1), Start).Reject);
    }

    [Fact]
    public void Advance_PastExpiry_CancelsTheExpiringOrder()
    {
        var clock = new ManualTimeProvider(Start);
        var exchange = new SimulatedExchange(Quiet(), clock);
        var ticker = exchange.Markets[0].Ticker;
        var order = exchange.PlaceOrder("me", Bid(ticker, 4000, 1) with { ExpiresAt = Start.AddSeconds(30) }, Start).Order!;

        clock.Advance(TimeSpan.FromSeconds(29));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(OrderStatus.Resting, order.Status);
        clock.Advance(TimeSpan.FromSeconds(2));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(OrderStatus.Canceled, order.Status);
        Assert.Equal(CancelReason.Expired, order.CancelReason);
        Assert.Equal(0, exchange.Account("me").ReservedMicros);
    }

    [Fact]
    public void Advance_ThroughLifecycle_OpensClosesDeterminesAndSettles()
    {
        var clock = new ManualTimeProvider(Start);
        var definition = new MarketDefinition { Kind = MarketKind.Binary, Series = "KXL", OpensAfter = TimeSpan.FromSeconds(10), TradesFor = TimeSpan.FromMinutes(5) };
        var exchange = new SimulatedExchange(Quiet(definition), clock);
        var feed = new LifecycleRecorder();
        exchange.Feed = feed;
        var market = exchange.Markets[0];
        Assert.Equal(MarketStatus.Initialized, market.Status);

        clock.Advance(TimeSpan.FromSeconds(10));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(MarketStatus.Active, market.Status);
        var resting = exchange.PlaceOrder("me", Bid(market.Ticker, 4000, 1), clock.GetUtcNow()).Order!;

        clock.Advance(TimeSpan.FromMinutes(5));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(MarketStatus.Determined, market.Status);
        Assert.Equal(OrderStatus.Canceled, resting.Status);
        Assert.Equal(CancelReason.MarketClosed, resting.CancelReason);
        Assert.Contains(market.Result, new[] { "yes", "no" });

        clock.Advance(TimeSpan.FromSeconds(60));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(MarketStatus.Finalized, market.Status);
        Assert.Equal(["activated", "determined", "settled"], feed.Events.Where(e => e.Ticker == market.Ticker).Select(e => e.Type));
    }

    [Fact]
    public void Advance_PastASettlement_ListsTheNextEventOfADefinitionThatRelists_AndNoneOfOneThatDoesNot()
    {
        var clock = new ManualTimeProvider(Start);
        var rain = new MarketDefinition { Kind = MarketKind.Binary, Series = "KXR", TradesFor = TimeSpan.FromMinutes(5), Relist = true };
        var game = new MarketDefinition { Kind = MarketKind.Game, Series = "KXG", Outcomes = ["A", "B"], TradesFor = TimeSpan.FromMinutes(5), Relist = true };
        var once = new MarketDefinition { Kind = MarketKind.Binary, Series = "KXO", TradesFor = TimeSpan.FromMinutes(5) };
        var exchange = new SimulatedExchange(Quiet(rain, game, once), clock);
        var first = exchange.Markets.Select(m => m.Ticker).ToList();
        Assert.Equal(["KXR-26NOV22-YES", "KXG-26NOV22AB-A", "KXG-26NOV22AB-B", "KXO-26NOV22-YES"], first);

        // Closed at 12:05, settled a minute later: the relisting definitions' next events open at once, under tickers
        // with the time (exchange time, US Eastern; the day's are taken), for another five minutes.
        clock.Advance(TimeSpan.FromMinutes(6));
        exchange.Advance(clock.GetUtcNow());
        Assert.All(exchange.Markets.Where(m => first.Contains(m.Ticker)), m => Assert.Equal(MarketStatus.Finalized, m.Status));
        var next = exchange.Markets.Where(m => !first.Contains(m.Ticker)).ToList();
        Assert.Equal(["KXR-26NOV220711-YES", "KXG-26NOV220706AB-A", "KXG-26NOV220706AB-B"], next.Select(m => m.Ticker));
        Assert.All(next, m => Assert.Equal((MarketStatus.Initialized, Start.AddMinutes(6), Start.AddMinutes(11)), (m.Status, m.OpenTime, m.CloseTime)));
        clock.Advance(exchange.Settings.StepInterval);
        exchange.Advance(clock.GetUtcNow());
        Assert.All(next, m => Assert.Equal(MarketStatus.Active, m.Status));

        // And again after those settle.
        clock.Advance(TimeSpan.FromMinutes(6));
        exchange.Advance(clock.GetUtcNow());
        Assert.Equal(3, exchange.Markets.Count(m => m.Status == MarketStatus.Active));
        Assert.DoesNotContain(exchange.Markets, m => m.Ticker.StartsWith("KXO", StringComparison.Ordinal) && m.Status != MarketStatus.Finalized);
    }

    [Fact]
    public void SettleEarly_WithYes_PaysYesHoldersAndRecordsSettlement()
    {
        var exchange = new SimulatedExchange(Quiet(), new ManualTimeProvider(Start));
        var ticker = exchange.Markets[0].Ticker;
        exchange.PlaceOrder("maker", Ask(ticker, 3000, 10), Start);
        exchange.PlaceOrder("me", Bid(ticker, 3000, 10), Start);

        Assert.True(exchange.SettleEarly(ticker, true, Start.AddSeconds(1)));

        var me = exchange.Account("me");
        var settlement = Assert.Single(me.Settlements);
        Assert.Equal("yes", settlement.Result);
        Assert.Equal(1000, settlement.RevenueCents);
        Assert.Equal(3_000_000, settlement.YesTotalCostMicros);
        Assert.Empty(me.Positions);
        Assert.Equal(100_000_000 - 3_000_000 - 147_000 + 10_000_000, me.BalanceMicros);
        Assert.DoesNotContain(exchange.Account("maker").Settlements, s => s.RevenueCents > 0);
    }

    [Fact]
    public void SettleEarly_YesInAnExclusiveEvent_ResolvesSiblingsNo()
    {
        var definition = new MarketDefinition { Kind = MarketKind.Event, Series = "KXE", Outcomes = ["A", "B", "C"] };
        var exchange = new SimulatedExchange(Quiet(definition), new ManualTimeProvider(Start));
        exchange.SettleEarly(exchange.Markets[1].Ticker, true, Start);

        Assert.Equal(["no", "yes", "no"], exchange.Markets.Select(m => m.Result));
    }

    [Fact]
    public void Participants_SameSeed_ProduceTheSameTape()
    {
        static List<TradeRecord> Run(int seed)
        {
            var clock = new ManualTimeProvider(Start);
            var exchange = new SimulatedExchange(new SimulatorSettings { Seed = seed, AutoAdvance = false }, clock);
            clock.Advance(TimeSpan.FromMinutes(3));
            exchange.Advance(clock.GetUtcNow());
            return [.. exchange.Trades];
        }

        var first = Run(7);
        var second = Run(7);
        var other = Run(8);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(t => (t.Ticker, t.YesPrice, t.Quantity)), other.Select(t => (t.Ticker, t.YesPrice, t.Quantity)));
    }

    [Fact]
    public void Participants_QuoteBothSidesAroundFairValue()
    {
        var clock = new ManualTimeProvider(Start);
        var exchange = new SimulatedExchange(new SimulatorSettings { Seed = 3, NoiseTakerProbability = 0 }, clock);
        clock.Advance(TimeSpan.FromSeconds(5));
        exchange.Advance(clock.GetUtcNow());

        foreach (var market in exchange.Markets.Where(m => m.Status == MarketStatus.Active))
        {
            var fair = market.Group.FairValue(market, clock.GetUtcNow()) * Units.PriceScale;
            Assert.NotNull(market.Book.BestBid);
            Assert.NotNull(market.Book.BestAsk);
            Assert.True(market.Book.BestBid < market.Book.BestAsk, market.Ticker);
            Assert.InRange(fair, market.Book.BestBid!.Value - 300, market.Book.BestAsk!.Value + 300);
        }
    }

    [Fact]
    public void Advance_PastAQuarterHour_RollsTheCryptoSeriesToANewWindow()
    {
        var clock = new ManualTimeProvider(Start);
        var definition = new MarketDefinition { Kind = MarketKind.Crypto15m, Series = "KXBTC15M", Spot = 100_000m };
        var exchange = new SimulatedExchange(Quiet(definition), clock);
        var first = exchange.Markets[0];
        Assert.Equal(Start.AddMinutes(15), first.CloseTime);
        Assert.Equal(100_000m, first.FloorStrike);

        clock.Advance(TimeSpan.FromMinutes(16) + TimeSpan.FromSeconds(60));
        exchange.Advance(clock.GetUtcNow());

        Assert.Equal(2, exchange.Markets.Count);
        Assert.Equal(MarketStatus.Finalized, first.Status);
        Assert.Equal(MarketStatus.Active, exchange.Markets[1].Status);
        Assert.Equal("KXBTC15M-26NOV220730-30", exchange.Markets[1].Ticker);
    }

    [Fact]
    public void Lists_EveryMarketKind_WithExchangeTickers()
    {
        var exchange = new SimulatedExchange(new SimulatorSettings { ParticipantsEnabled = false }, new ManualTimeProvider(Start));
        var tickers = exchange.Markets.Select(m => m.Ticker).ToList();

        Assert.Contains("KXSIMELECT-26NOV22-BOB", tickers);
        Assert.Contains("KXSIMBTCD-26NOV220800-T100000", tickers);
        Assert.Contains("KXBTC15M-26NOV220715-15", tickers);
        Assert.Contains("KXSIMNBAGAME-26NOV22SIMTST-TST", tickers);
        Assert.True(exchange.Events["KXSIMELECT-26NOV22"].MutuallyExclusive);
    }

    private sealed class LifecycleRecorder : ISimulatorFeed
    {
        public List<(string Ticker, string Type)> Events { get; } = [];

        public void BookChanged(SimMarket market, BookSide side, int price, long delta, DateTimeOffset time)
        {
        }

        public void TickerChanged(SimMarket market, DateTimeOffset time)
        {
        }

        public void TradePrinted(SimMarket market, string tradeId, int yesPrice, long quantity, BookSide takerSide, DateTimeOffset time)
        {
        }

        public void Filled(SimAccount account, FillRecord fill)
        {
        }

        public void OrderChanged(SimAccount account, SimOrder order)
        {
        }

        public void PositionChanged(SimAccount account, SimPosition position)
        {
        }

        public void Lifecycle(SimMarket market, string eventType, DateTimeOffset time) => Events.Add((market.Ticker, eventType));
    }
}
