using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Tests;

/// <summary>The suite's strategies inside their actors: signal, intent, own fills and exits, on a virtual clock.</summary>
public sealed class SuiteStrategyActorTests : PersistenceTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TestProbe _guardian;

    public SuiteStrategyActorTests(ITestOutputHelper output)
        : base(r => StrategiesEvents.Register(r), output, timeProvider: new ManualTimeProvider(T0))
    {
        _guardian = CreateTestProbe("guardian");
    }

    private DateTimeOffset Now => Clock!.GetUtcNow();

    [Fact]
    public void MeanReversion_must_buy_below_the_mean_and_sell_once_the_mid_reverts()
    {
        var market = Market("KXSIMRAIN-26DEC04", "KXSIMRAIN", null);
        var strategy = Start(StrategyKind.MeanReversion, "mr", ["KXSIMRAIN"], new()
        {
            ["window"] = "5", ["sample-interval"] = "0s", ["entry-z"] = "1.5", ["exit-z"] = "0.5", ["min-stdev"] = "0.001", ["min-edge"] = "0", ["cooldown"] = "0s",
        });
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());

        // Mids 0.50, 0.52, 0.48, 0.50 fill the window without a signal; 0.40 is z = -1.7056 (see the maths test): buy YES at
        // the 0.41 ask, the model value being the mean 0.48.
        foreach (var mid in new[] { 50, 52, 48, 50 })
        {
            strategy.Tell(Book(market.Ticker, mid - 1, mid + 1));
        }

        _guardian.ExpectNoMsg(Quiet);
        strategy.Tell(Book(market.Ticker, 39, 41));
        var entry = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal((Side.Yes, TradeAction.Buy, Price.FromCents(41)), (entry.Side, entry.Action, entry.LimitPrice));
        Assert.Equal(0.48, entry.ModelProbability, 9);
        strategy.Tell(new IntentApproved(entry, new Dictionary<string, string>(), Now));

        // The fill makes it a position of the strategy's own; at mid 0.50 (window 0.52 0.48 0.50 0.40 0.50, mean 0.48,
        // z = +0.43 > -0.5) it has reverted: sell the 10 YES at the 0.49 bid.
        strategy.Tell(Filled(entry, "trade-1", Price.FromCents(41), Quantity.FromContracts(10)));
        _guardian.ExpectNoMsg(Quiet);
        strategy.Tell(Book(market.Ticker, 49, 51));
        var exit = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal((Side.Yes, TradeAction.Sell, Price.FromCents(49), Quantity.FromContracts(10)), (exit.Side, exit.Action, exit.LimitPrice, exit.Count));
        Assert.Equal(ExecutionStyle.ImmediateOrCancel, exit.Style);

        var events = PersistedEvents(ActorNames.Strategy("mr"));
        Assert.Contains(events, e => e is StrategyFillRecorded { TradeId: "trade-1" });
        Assert.Equal(2, events.OfType<SignalRaised>().Count());
    }

    [Fact]
    public void MeanReversion_must_keep_its_position_across_a_restart()
    {
        var market = Market("KXSIMRAIN-26DEC04", "KXSIMRAIN", null);
        var parameters = new Dictionary<string, string> { ["window"] = "5", ["sample-interval"] = "0s", ["min-edge"] = "0", ["cooldown"] = "0s" };
        var strategy = Start(StrategyKind.MeanReversion, "mr", ["KXSIMRAIN"], parameters);
        var intent = new OrderIntent(new IntentId("mr:X:1"), "mr", market.Ticker, market.EventTicker, Side.No, TradeAction.Buy, Price.FromCents(60), Quantity.FromContracts(4),
            ExecutionStyle.ImmediateOrCancel, 0.5, Money.Zero, null, [], Now);
        strategy.Tell(Filled(intent, "t-1", Price.FromCents(60), Quantity.FromContracts(4)));
        strategy.Tell(Filled(intent, "t-1", Price.FromCents(60), Quantity.FromContracts(4)));
        AwaitRecovered(strategy, "mr");
        Stop(strategy);

        var again = Start(StrategyKind.MeanReversion, "mr", ["KXSIMRAIN"], parameters);
        AwaitRecovered(again, "mr");
        var fills = PersistedEvents(ActorNames.Strategy("mr")).OfType<StrategyFillRecorded>().ToList();
        Assert.Single(fills);

        // Held: a window far above the mean would be a NO entry, but a held market is only judged for its exit.
        again.Tell(new MarketListed(market));
        again.Tell(Portfolio());
        foreach (var mid in new[] { 50, 50, 51, 49, 50 })
        {
            again.Tell(Book(market.Ticker, mid - 1, mid + 1));
        }

        // z of the last mid is 0 (within exit-z of the mean): sell the 4 NO at the NO bid (1 - 0.51 = 0.49).
        var exit = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal((Side.No, TradeAction.Sell, Quantity.FromContracts(4), Price.FromCents(49)), (exit.Side, exit.Action, exit.Count, exit.LimitPrice));
    }

    [Fact]
    public void BuyTheDip_must_buy_a_scanned_dip_and_take_profit()
    {
        var market = Market("KXSIMELECT-26DEC04-ALICE", "KXSIMELECT", null, close: T0.AddHours(10));
        var strategy = Start(StrategyKind.BuyTheDip, "dip", [], new() { ["min-edge"] = "0.01", ["cooldown"] = "0s", ["max-contracts"] = "20" });
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());
        strategy.Tell(Book(market.Ticker, 38, 40));
        _guardian.ExpectNoMsg(Quiet);

        // Rank 1, fell 0.10 in 24h: fair 0.39 + 0.05 = 0.44; the 0.40 ask plus fee 0.0168 leaves 0.0232 >= 0.01.
        strategy.Tell(new ScanCompleted(Now, 10, [new ScannedMarket(1, market.Ticker, market.EventTicker, 900_000, Price.FromCents(38), Price.FromCents(40),
            Price.FromCents(39), Price.FromCents(2), Money.FromUnits(-1000), null, Quantity.FromContracts(500), Quantity.FromContracts(900), Money.FromDollars(50), market.CloseTime, Now)]));
        var entry = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal((Side.Yes, TradeAction.Buy, Price.FromCents(40)), (entry.Side, entry.Action, entry.LimitPrice));
        Assert.Equal(0.44, entry.ModelProbability, 9);
        Assert.Equal(Money.FromUnits(4400 - 4000 - 168), entry.EdgeAfterFees);
        strategy.Tell(new IntentApproved(entry, new Dictionary<string, string>(), Now));
        strategy.Tell(Filled(entry, "d-1", Price.FromCents(40), entry.Count));

        // Bid 0.45 = entry 0.40 + target 0.05: sell.
        Clock!.Advance(TimeSpan.FromMinutes(10));
        strategy.Tell(Book(market.Ticker, 45, 47));
        var exit = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal((TradeAction.Sell, Price.FromCents(45), entry.Count), (exit.Action, exit.LimitPrice, exit.Count));
        Assert.Contains(PersistedEvents(ActorNames.Strategy("dip")).OfType<SignalRaised>(), s => s.Sizing.Explanation.Contains("profit target", StringComparison.Ordinal));
    }

    [Fact]
    public void InGame_must_price_the_game_with_the_logistic_model()
    {
        var eventTicker = new EventTicker("KXSIMNBAGAME-26DEC04SIMTST");
        var market = Market("KXSIMNBAGAME-26DEC04SIMTST-TST", "KXSIMNBAGAME", null) with { EventTicker = eventTicker };
        var strategy = Start(StrategyKind.InGame, "game", ["KXSIMNBAGAME"], new() { ["cooldown"] = "0s" });
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());
        strategy.Tell(new GameStateObserved("game-state", "G1", eventTicker, "TST", "SIM", 50, 47, 4, 4, TimeSpan.FromMinutes(12),
            TimeSpan.FromMinutes(12), Possession.Home, null, GamePhase.InProgress, Now, Now));
        strategy.Tell(Book(market.Ticker, 48, 50));

        // 0.623581 (maths test) for TST at home; YES ask 0.50 + fee 0.0175 leaves an edge of 0.1060.
        var intent = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(0.6235813273855828, intent.ModelProbability, 9);
        Assert.Equal((Side.Yes, Money.FromUnits(6235 - 5000 - 175)), (intent.Side, intent.EdgeAfterFees));
        Assert.Equal(["game-state"], intent.InputFeeds);
    }

    [Fact]
    public void InGame_must_not_trade_a_game_that_has_not_started()
    {
        var eventTicker = new EventTicker("G");
        var market = Market("G-TST", "KXSIMNBAGAME", null) with { EventTicker = eventTicker };
        var strategy = Start(StrategyKind.InGame, "game", [], new() { ["cooldown"] = "0s" });
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());
        strategy.Tell(new GameStateObserved("game-state", "G1", eventTicker, "TST", "SIM", 0, 0, 1, 4, TimeSpan.FromMinutes(12),
            TimeSpan.FromMinutes(12), Possession.None, null, GamePhase.Scheduled, Now, Now));
        strategy.Tell(Book(market.Ticker, 10, 12));
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void ExpectedValue_must_learn_calibration_from_settled_outcomes_and_apply_it()
    {
        // One settled sample: the model said P(YES) = 0.6184 (bin [0.6, 0.7)) and the market settled NO. With calibration
        // on, m = 1: calibrated = (0 + 1 x 0.6184) / (1 + 1) = 0.3092, so the strategy now buys NO at 0.52 (1 - YES bid 0.48).
        var market = Market("KXSIMBTCD-26DEC0512-T100000", "KXSIMBTCD", 100_000m, close: T0.AddDays(1));
        var parameters = new Dictionary<string, string> { ["cooldown"] = "0s", ["max-contracts"] = "100" };
        var strategy = Start(StrategyKind.ExpectedValue, "ev", ["KXSIMBTCD"], parameters);
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());
        strategy.Tell(new SpotPriceObserved("spot", "BTC", 101_000m, Now, Now));
        strategy.Tell(Book(market.Ticker, 48, 50));
        var first = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(Side.Yes, first.Side);
        strategy.Tell(new IntentApproved(first, new Dictionary<string, string>(), Now));
        strategy.Tell(new MarketSettled(market.Ticker, Price.Zero, false, Now));
        AwaitRecovered(strategy, "ev");
        Assert.Single(PersistedEvents(ActorNames.Strategy("ev")).OfType<StrategyOutcomeRecorded>());
        Stop(strategy);

        var calibrated = Start(StrategyKind.ExpectedValue, "ev", ["KXSIMBTCD"], new(parameters) { ["calibrate"] = "on", ["calibration-min-samples"] = "1" });
        var other = market with { Ticker = new MarketTicker("KXSIMBTCD-26DEC0512-T100000B") };
        calibrated.Tell(new MarketListed(other));
        calibrated.Tell(Portfolio());
        calibrated.Tell(new SpotPriceObserved("spot", "BTC", 101_000m, Now, Now));
        calibrated.Tell(Book(other.Ticker, 48, 50));
        var second = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(Side.No, second.Side);
        Assert.Equal(1 - (0.6183864727242984 / 2), second.ModelProbability, 6);
    }

    [Fact]
    public void Arbitrage_must_send_fill_or_kill_legs_and_unwind_when_one_fails()
    {
        var a = Market("KXSIMELECT-26DEC04-ALICE", "KXSIMELECT", null) with { MutuallyExclusive = true, EventTicker = new EventTicker("KXSIMELECT-26DEC04") };
        var b = a with { Ticker = new MarketTicker("KXSIMELECT-26DEC04-BOB") };
        var c = a with { Ticker = new MarketTicker("KXSIMELECT-26DEC04-CAROL") };
        var strategy = Start(StrategyKind.Arbitrage, "arb", ["KXSIMELECT"], new() { ["min-edge"] = "0.01", ["max-contracts"] = "50" });
        foreach (var market in new[] { a, b, c })
        {
            strategy.Tell(new MarketListed(market));
        }

        // Asks 0.30 x 3 with 20 / 15 / 30 resting: the 15-set of the maths test (profit 0.054 per set).
        strategy.Tell(Book(a.Ticker, 28, 30, askSize: 20));
        strategy.Tell(Book(b.Ticker, 28, 30, askSize: 15));
        strategy.Tell(Book(c.Ticker, 28, 30, askSize: 30));
        var legs = new[] { _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>() };
        Assert.All(legs, l => Assert.Equal((ExecutionStyle.FillOrKill, Side.Yes, TradeAction.Buy, Quantity.FromContracts(15), Money.FromUnits(540)), (l.Style, l.Side, l.Action, l.Count, l.EdgeAfterFees)));
        Assert.Single(legs.Select(l => l.ArbitrageGroup).Distinct());
        Assert.NotNull(legs[0].ArbitrageGroup);
        _guardian.ExpectNoMsg(Quiet);

        // ALICE and BOB fill (0.23 fee each); CAROL's fill-or-kill is killed: sell ALICE and BOB back at their 0.28 bids.
        foreach (var leg in legs)
        {
            strategy.Tell(new IntentApproved(leg, new Dictionary<string, string>(), Now));
        }

        strategy.Tell(Filled(legs[0], "a-1", Price.FromCents(30), Quantity.FromContracts(15), fee: Money.FromCents(23)));
        strategy.Tell(Filled(legs[1], "b-1", Price.FromCents(30), Quantity.FromContracts(15), fee: Money.FromCents(23)));
        strategy.Tell(new OrderCanceled(legs[2].IntentId.ToClientOrderId(), new OrderId("o-c"), c.Ticker, Quantity.FromContracts(15), "fok_not_filled", Now));
        var unwinds = new[] { _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>() };
        Assert.All(unwinds, u => Assert.Equal((TradeAction.Sell, Price.FromCents(28), Quantity.FromContracts(15), ExecutionStyle.ImmediateOrCancel), (u.Action, u.LimitPrice, u.Count, u.Style)));
        Assert.Equal([a.Ticker.Value, b.Ticker.Value], unwinds.Select(u => u.Ticker.Value).Order(StringComparer.Ordinal));

        // The sales fill with a 0.22 fee each. Bought 2 x (4.50 + 0.23) = 9.46; sold 2 x (4.20 - 0.22) = 7.96; cost 1.50.
        foreach (var unwind in unwinds)
        {
            strategy.Tell(Filled(unwind, "u-" + unwind.Ticker.Value, Price.FromCents(28), Quantity.FromContracts(15), fee: Money.FromCents(22)));
        }

        AwaitRecovered(strategy, "arb");
        var closed = Assert.Single(PersistedEvents(ActorNames.Strategy("arb")).OfType<ArbitrageClosed>());
        Assert.Equal((ArbitrageOutcome.Unwound, Money.FromUnits(15_000)), (closed.Outcome, closed.UnwindCost));
        Assert.Equal(5, PersistedEvents(ActorNames.Strategy("arb")).OfType<SignalRaised>().Count());
    }

    [Fact]
    public void Arbitrage_must_close_a_set_whose_legs_all_filled_and_abandon_one_rejected_everywhere()
    {
        var a = Market("E-A", "E", null) with { MutuallyExclusive = true, EventTicker = new EventTicker("E") };
        var b = a with { Ticker = new MarketTicker("E-B") };
        var strategy = Start(StrategyKind.Arbitrage, "arb", [], new() { ["min-edge"] = "0.01", ["cooldown"] = "0s" });
        strategy.Tell(new MarketListed(a));
        strategy.Tell(new MarketListed(b));
        strategy.Tell(Book(a.Ticker, 40, 45, askSize: 10));
        strategy.Tell(Book(b.Ticker, 40, 45, askSize: 10));
        var legs = new[] { _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>() };
        strategy.Tell(Filled(legs[0], "x-1", Price.FromCents(45), Quantity.FromContracts(10)));
        strategy.Tell(Filled(legs[1], "x-2", Price.FromCents(45), Quantity.FromContracts(10)));
        AwaitRecovered(strategy, "arb");
        Assert.Equal(ArbitrageOutcome.Completed, Assert.Single(PersistedEvents(ActorNames.Strategy("arb")).OfType<ArbitrageClosed>()).Outcome);

        // The next set: both legs rejected by the guardian, nothing filled, nothing to unwind.
        strategy.Tell(Book(a.Ticker, 40, 45, askSize: 10));
        var next = new[] { _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>() };
        foreach (var leg in next)
        {
            strategy.Tell(new IntentRejected(leg, RiskCheck.MaxPerEvent, "limit", new Dictionary<string, string>(), Now));
        }

        AwaitRecovered(strategy, "arb");
        Assert.Contains(PersistedEvents(ActorNames.Strategy("arb")).OfType<ArbitrageClosed>(), e => e.Outcome == ArbitrageOutcome.Abandoned);
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Arbitrage_must_be_disabled_and_reparameterised_at_runtime_logged_and_kept_across_a_restart()
    {
        var a = Market("E-A", "E", null) with { MutuallyExclusive = true, EventTicker = new EventTicker("E") };
        var b = a with { Ticker = new MarketTicker("E-B") };
        var strategy = Start(StrategyKind.Arbitrage, "arb", [], new() { ["min-edge"] = "0.01", ["cooldown"] = "0s" });
        strategy.Tell(new DisableStrategy("arb"));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        strategy.Tell(new UpdateStrategyParameters("arb", new Dictionary<string, string> { ["min-edge"] = "0.20" }));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        Assert.Contains(LoggedEntries, e => e.Message.Contains("arb disabled", StringComparison.Ordinal));
        Assert.Contains(LoggedEntries, e => e.Message.Contains("arb parameters changed: min-edge=0.20", StringComparison.Ordinal));

        // Restarted from its journal: still disabled, with the new minimum edge.
        Stop(strategy);
        strategy = Start(StrategyKind.Arbitrage, "arb", [], new() { ["min-edge"] = "0.01", ["cooldown"] = "0s" });
        strategy.Tell(new GetStrategyStatus("arb"));
        var status = ExpectMsg<StrategyStatus>();
        Assert.False(status.Enabled);
        Assert.Equal("0.20", status.Overrides["min-edge"]);

        // 0.90 for a set that pays 1.00: a 0.10 edge before fees, under 0.20, so nothing even once enabled.
        strategy.Tell(new MarketListed(a));
        strategy.Tell(new MarketListed(b));
        strategy.Tell(Book(a.Ticker, 40, 45, askSize: 10));
        strategy.Tell(Book(b.Ticker, 40, 45, askSize: 10));
        strategy.Tell(new EnableStrategy("arb"));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        strategy.Tell(Book(a.Ticker, 40, 45, askSize: 10));
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(new UpdateStrategyParameters("arb", new Dictionary<string, string> { ["min-edge"] = "0.01" }));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        strategy.Tell(Book(a.Ticker, 40, 45, askSize: 10));
        var legs = new[] { _guardian.ExpectMsg<OrderIntent>(), _guardian.ExpectMsg<OrderIntent>() };
        Assert.Equal([a.Ticker, b.Ticker], legs.Select(l => l.Ticker).OrderBy(t => t.Value, StringComparer.Ordinal));
    }

    private IActorRef Start(StrategyKind kind, string id, IReadOnlyList<string> series, Dictionary<string, string> parameters)
    {
        var settings = new StrategyInstanceSettings(id, kind, true, [], series, parameters);
        return ActorOf(kind == StrategyKind.Arbitrage ? ArbitrageStrategyActor.Props(settings, _guardian.Ref) : StrategyActor.Props(settings, _guardian.Ref));
    }

    private void AwaitRecovered(IActorRef strategy, string id)
    {
        strategy.Tell(new GetStrategyStatus(id));
        ExpectMsg<StrategyStatus>();
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private OrderFilled Filled(OrderIntent intent, string tradeId, Price price, Quantity count, Money? fee = null) =>
        new(intent.IntentId.ToClientOrderId(), new OrderId("o-" + tradeId), intent.Ticker, tradeId, intent.StrategyId, intent.Side, intent.Action, price, count,
            fee ?? Money.Zero, true, count, Now);

    private static MarketInfo Market(string ticker, string series, decimal? strike, DateTimeOffset? close = null) => new(
        new MarketTicker(ticker), new EventTicker(ticker[..ticker.LastIndexOf('-')]), new SeriesTicker(series), ticker, "X", MarketState.Active,
        T0.AddHours(-1), close ?? T0.AddDays(1), TickStructure.LinearCent, SeriesFeeParameters.General, strike, null, strike is null ? null : "BTC", false);

    private PortfolioUpdated Portfolio() => new(
        Money.FromDollars(1000), Money.FromDollars(1000), Money.FromDollars(1000), Money.Zero, Money.Zero, Money.Zero, Money.Zero, [], Now);

    private BookUpdated Book(MarketTicker ticker, int bid, int ask, int askSize = 100) => new(
        ticker, 1, new BookTop(Price.FromCents(bid), Quantity.FromContracts(100), Price.FromCents(ask), Quantity.FromContracts(askSize)),
        [], [], Price.FromUnits((bid + ask) * 50), Price.FromCents(ask - bid), null, BookStatus.Live, Now, Now);
}
