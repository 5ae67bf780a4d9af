using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;

namespace KalshiActors.Strategies.Tests;

public sealed class StrategyActorTests : PersistenceTestKit
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Ticker = new("KXSIMBTCD-26DEC0512-T100000");
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TestProbe _guardian;

    public StrategyActorTests(ITestOutputHelper output)
        : base(r => StrategiesEvents.Register(r), output, timeProvider: new ManualTimeProvider(Start))
    {
        _guardian = CreateTestProbe("guardian");
    }

    private DateTimeOffset Now => Clock!.GetUtcNow();

    [Fact]
    public void StrategyActor_must_persist_a_signal_then_send_the_intent_to_the_risk_guardian()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);

        var intent = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(new IntentId($"ev:{Ticker}:1"), intent.IntentId);
        Assert.Equal(Side.Yes, intent.Side);
        Assert.Equal(KalshiActors.Domain.Action.Buy, intent.Action);
        Assert.Equal(Price.FromCents(50), intent.LimitPrice);
        Assert.Equal(ExecutionStyle.ImmediateOrCancel, intent.Style);
        Assert.Equal(["spot"], intent.InputFeeds);
        Assert.Equal(new EventTicker("KXSIMBTCD-26DEC0512"), intent.EventTicker);

        // p = Φ(d2) = 0.61839 for spot 101,000 vs strike 100,000, vol 0.6, one day; fee at 0.50 = $0.0175.
        Assert.Equal(0.6183864727242984, intent.ModelProbability, 6);
        Assert.Equal(Money.FromUnits(6183 - 5000 - 175), intent.EdgeAfterFees);
        Assert.True(intent.Count > Quantity.Zero);

        var signal = Assert.IsType<SignalRaised>(Assert.Single(PersistedEvents(ActorNames.Strategy("ev"))));
        Assert.Equal(intent.IntentId, signal.IntentId);
        Assert.Equal(intent.Count, signal.Sizing.Contracts);
        Assert.Equal(1, signal.SignalNumber);
    }

    [Fact]
    public void StrategyActor_must_follow_the_event_stream()
    {
        var strategy = StartStrategy();
        AwaitRecovered(strategy);
        var stream = Sys.EventStream;
        stream.Publish(new MarketListed(Market()));
        stream.Publish(Portfolio());
        stream.Publish(Spot(101_000m));
        stream.Publish(Book());
        Assert.Equal(Ticker, _guardian.ExpectMsg<OrderIntent>().Ticker);
    }

    [Fact]
    public void StrategyActor_must_not_act_on_a_stale_book()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy, book: Book() with { Status = BookStatus.Stale });
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(Book());
        _guardian.ExpectMsg<OrderIntent>();
    }

    [Fact]
    public void StrategyActor_must_not_act_after_the_book_status_turns_stale()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy, sendBook: false);
        strategy.Tell(Book());
        strategy.Tell(new BookStatusChanged(Ticker, BookStatus.Live, BookStatus.Stale, "gap", Now));
        _guardian.ExpectMsg<OrderIntent>();
        Reply(strategy, approved: false);
        strategy.Tell(Spot(101_500m));
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StrategyActor_must_not_act_on_a_feed_flagged_stale()
    {
        var strategy = StartStrategy();
        strategy.Tell(new FeedStatusChanged("spot", true, "silent", Now));
        FeedEverything(strategy);
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(new FeedStatusChanged("spot", false, "back", Now));
        strategy.Tell(Book());
        _guardian.ExpectMsg<OrderIntent>();
    }

    [Fact]
    public void StrategyActor_must_not_act_on_an_old_observation()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy, sendBook: false);
        Clock!.Advance(TimeSpan.FromSeconds(31));
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StrategyActor_must_not_send_a_second_intent_while_one_is_pending()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        var first = _guardian.ExpectMsg<OrderIntent>();
        strategy.Tell(Book());
        strategy.Tell(Spot(101_200m));
        _guardian.ExpectNoMsg(Quiet);

        Reply(strategy, approved: false);
        strategy.Tell(Book());
        var second = _guardian.ExpectMsg<OrderIntent>();
        Assert.NotEqual(first.IntentId, second.IntentId);
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), second.IntentId);
        var resolved = PersistedEvents(ActorNames.Strategy("ev")).OfType<StrategyIntentResolved>().Single();
        Assert.Equal(IntentOutcome.Rejected, resolved.Outcome);
        Assert.Equal(first.IntentId, resolved.IntentId);
    }

    [Fact]
    public void StrategyActor_must_count_what_the_latest_portfolio_holds_of_the_leg_against_the_cap()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy, sendBook: false);

        // max-contracts is 100 and the Kelly size 101: holding 60 YES leaves 40; NO held does not count against YES.
        var otherMarket = new PositionView(new MarketTicker("KXSIMBTCD-26DEC0512-T99000"), null, Side.Yes, Quantity.FromContracts(5), Money.Zero, Money.Zero, Money.Zero, null, Money.Zero);
        strategy.Tell(Portfolio(otherMarket, Held(Side.Yes, 60)));
        strategy.Tell(Book());
        Assert.Equal(Quantity.FromContracts(40), _guardian.ExpectMsg<OrderIntent>().Count);
        Reply(strategy, approved: false);

        // Later portfolios replace what was held (sharing the other market's view with the last, as the portfolio's
        // reports do): at the cap, nothing; flat again, the whole size; on the NO leg only, the whole YES size too.
        strategy.Tell(Portfolio(otherMarket, Held(Side.Yes, 100)));
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(Portfolio(otherMarket, Held(Side.Yes, 0)));
        strategy.Tell(Book());
        Assert.Equal(Quantity.FromContracts(100), _guardian.ExpectMsg<OrderIntent>().Count);
        Reply(strategy, approved: false);

        strategy.Tell(Portfolio(Held(Side.Yes, 100)));
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(Portfolio(Held(Side.No, 100)));
        strategy.Tell(Book());
        Assert.Equal(Quantity.FromContracts(100), _guardian.ExpectMsg<OrderIntent>().Count);
    }

    [Fact]
    public void StrategyActor_must_evaluate_on_a_new_spot_price_but_not_on_a_fresh_repeat_of_the_last()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        _guardian.ExpectMsg<OrderIntent>();
        Reply(strategy, approved: false);

        // Nothing the model uses changed: the market waits for its next book update or a new price.
        strategy.Tell(Spot(101_000m));
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(Spot(101_200m));
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), _guardian.ExpectMsg<OrderIntent>().IntentId);
    }

    [Fact]
    public void StrategyActor_must_evaluate_on_a_spot_repeating_a_price_that_had_gone_stale()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        _guardian.ExpectMsg<OrderIntent>();
        Reply(strategy, approved: false);

        // The last spot is too old to trade on; the same price arriving fresh makes the market tradable again.
        Clock!.Advance(TimeSpan.FromSeconds(31));
        strategy.Tell(Spot(101_000m));
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), _guardian.ExpectMsg<OrderIntent>().IntentId);
    }

    [Fact]
    public void StrategyActor_must_give_up_an_unanswered_intent_after_the_timeout()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        var first = _guardian.ExpectMsg<OrderIntent>();

        Clock!.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Contains(
            PersistedEvents(ActorNames.Strategy("ev")).OfType<StrategyIntentResolved>(),
            r => r.IntentId == first.IntentId && r.Outcome == IntentOutcome.TimedOut));

        strategy.Tell(Spot(101_000m));
        strategy.Tell(Book());
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), _guardian.ExpectMsg<OrderIntent>().IntentId);
    }

    [Fact]
    public void StrategyActor_must_wait_out_the_cooldown_per_market()
    {
        var strategy = StartStrategy(new Dictionary<string, string> { ["cooldown"] = "60s" });
        FeedEverything(strategy);
        _guardian.ExpectMsg<OrderIntent>();
        Reply(strategy, approved: true);

        Clock!.Advance(TimeSpan.FromSeconds(30));
        strategy.Tell(Spot(101_000m));
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);

        Clock.Advance(TimeSpan.FromSeconds(31));
        strategy.Tell(Spot(101_000m));
        strategy.Tell(Book());
        _guardian.ExpectMsg<OrderIntent>();
    }

    [Fact]
    public void StrategyActor_must_stop_and_resume_trading_when_disabled_and_enabled()
    {
        var strategy = StartStrategy();
        strategy.Tell(new DisableStrategy("ev"));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        FeedEverything(strategy);
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(new EnableStrategy("ev"));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        strategy.Tell(Book());
        _guardian.ExpectMsg<OrderIntent>();
    }

    [Fact]
    public void StrategyActor_must_apply_new_parameters_at_runtime()
    {
        var strategy = StartStrategy();
        strategy.Tell(new UpdateStrategyParameters("ev", new Dictionary<string, string> { ["min-edge"] = "0.20" }));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        FeedEverything(strategy);
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(new UpdateStrategyParameters("ev", new Dictionary<string, string> { ["min-edge"] = "0.01", ["style"] = "maker" }));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);
        strategy.Tell(Book());
        var intent = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(ExecutionStyle.Maker, intent.Style);

        // Maker: one tick above the YES bid of 0.48, and no fee on a quadratic series.
        Assert.Equal(Price.FromCents(49), intent.LimitPrice);
    }

    [Fact]
    public void StrategyActor_must_refuse_bad_parameters_with_a_clear_error()
    {
        var strategy = StartStrategy();
        strategy.Tell(new UpdateStrategyParameters("ev", new Dictionary<string, string> { ["min-edge"] = "cheap", ["colour"] = "blue" }));
        var result = ExpectMsg<StrategyCommandResult>();
        Assert.False(result.Accepted);
        Assert.Contains("min-edge", result.Error, StringComparison.Ordinal);
        Assert.Contains("unknown parameter 'colour'", result.Error, StringComparison.Ordinal);
        Assert.Empty(PersistedEvents(ActorNames.Strategy("ev")));
    }

    [Fact]
    public void StrategyActor_must_keep_enabled_state_parameters_and_pending_intents_across_a_restart()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        var pending = _guardian.ExpectMsg<OrderIntent>();
        strategy.Tell(new UpdateStrategyParameters("ev", new Dictionary<string, string> { ["cooldown"] = "0s", ["max-contracts"] = "5" }));
        ExpectMsg<StrategyCommandResult>();
        strategy.Tell(new DisableStrategy("ev"));
        ExpectMsg<StrategyCommandResult>();
        Stop(strategy);

        var restarted = StartStrategy();
        restarted.Tell(new GetStrategyStatus("ev"));
        var status = ExpectMsg<StrategyStatus>();
        Assert.False(status.Enabled);
        Assert.Equal("5", status.Overrides["max-contracts"]);
        Assert.Equal(1, status.SignalsRaised);
        Assert.Equal(pending.IntentId, status.PendingIntents[Ticker]);

        // Enabled again, the pending intent still blocks the market until answered.
        restarted.Tell(new EnableStrategy("ev"));
        ExpectMsg<StrategyCommandResult>();
        FeedEverything(restarted);
        _guardian.ExpectNoMsg(Quiet);

        restarted.Tell(new IntentRejected(pending, RiskCheck.MaxPerMarket, "full", new Dictionary<string, string>(), Now));
        restarted.Tell(Book());
        var next = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), next.IntentId);
        Assert.Equal(Quantity.FromContracts(5), next.Count);
    }

    [Fact]
    public void StrategyActor_must_time_out_an_intent_left_pending_by_the_previous_incarnation()
    {
        var strategy = StartStrategy();
        FeedEverything(strategy);
        var pending = _guardian.ExpectMsg<OrderIntent>();
        Stop(strategy);

        var restarted = StartStrategy();
        AwaitRecovered(restarted);
        Clock!.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Contains(
            PersistedEvents(ActorNames.Strategy("ev")).OfType<StrategyIntentResolved>(),
            r => r.IntentId == pending.IntentId && r.Outcome == IntentOutcome.TimedOut));

        FeedEverything(restarted);
        Assert.Equal(new IntentId($"ev:{Ticker}:2"), _guardian.ExpectMsg<OrderIntent>().IntentId);
    }

    [Fact]
    public void StrategyActor_must_not_trade_markets_outside_its_filters()
    {
        var strategy = StartStrategy(series: ["KXOTHER"]);
        FeedEverything(strategy);
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StrategyActor_must_not_trade_without_a_portfolio_or_in_an_inactive_market()
    {
        var strategy = StartStrategy();
        strategy.Tell(new MarketListed(Market()));
        strategy.Tell(Spot(101_000m));
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);

        strategy.Tell(new MarketStateChanged(Ticker, MarketState.Active, MarketState.Paused, Now));
        strategy.Tell(Portfolio());
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void StrategyActor_must_not_trade_a_market_whose_fee_has_no_formula()
    {
        var strategy = StartStrategy();
        strategy.Tell(new MarketListed(Market() with { Fees = new SeriesFeeParameters(FeeType.Flat, SeriesFeeParameters.MultiplierUnitsPerOne) }));
        strategy.Tell(Portfolio());
        strategy.Tell(Spot(101_000m));
        strategy.Tell(Book());
        strategy.Tell(Book());
        _guardian.ExpectNoMsg(Quiet);
        Assert.Single(LoggedEntries, e => e.Message.Contains("cannot price", StringComparison.Ordinal));
    }

    [Fact]
    public void StrategyActor_must_price_game_markets_from_the_game_state()
    {
        var eventTicker = new EventTicker("KXSIMNBAGAME-26DEC04SIMTST");
        var market = Market() with
        {
            Ticker = new MarketTicker("KXSIMNBAGAME-26DEC04SIMTST-TST"),
            EventTicker = eventTicker,
            SeriesTicker = new SeriesTicker("KXSIMNBAGAME"),
            FloorStrike = null,
            Underlying = null,
        };
        var strategy = StartStrategy(series: ["KXSIMNBAGAME"]);
        strategy.Tell(new MarketListed(market));
        strategy.Tell(Portfolio());
        strategy.Tell(new GameStateObserved("game-state", "G1", eventTicker, "TST", "SIM", 50, 47, 4, 4, TimeSpan.FromMinutes(12),
            TimeSpan.FromMinutes(12), Possession.Home, null, GamePhase.InProgress, Now, Now));
        strategy.Tell(Book() with { Ticker = market.Ticker });

        var intent = _guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(["game-state"], intent.InputFeeds);
        Assert.Equal(0.6212416590541994, intent.ModelProbability, 9);
        Assert.Equal(Side.Yes, intent.Side);
    }

    [Fact]
    public void StrategyActor_must_ask_the_portfolio_again_until_it_answers()
    {
        var portfolio = CreateTestProbe("portfolio-probe");
        var strategy = StartStrategy();

        // No portfolio actor yet: the first request is a dead letter, and the strategy asks again after the retry interval.
        ExpectDeadLetter<GetPortfolio>();
        ActorOf(Props.Create(() => new ForwardingActor(portfolio.Ref)), ActorNames.Portfolio);
        Clock!.Advance(TimeSpan.FromSeconds(5));
        portfolio.ExpectMsg<GetPortfolio>();
        portfolio.Reply(Portfolio());
        AwaitRecovered(strategy);

        Clock.Advance(TimeSpan.FromSeconds(5));
        portfolio.ExpectNoMsg(Quiet);
    }

    private IActorRef StartStrategy(Dictionary<string, string>? parameters = null, IReadOnlyList<string>? series = null)
    {
        var settings = new StrategyInstanceSettings(
            "ev", StrategyKind.ExpectedValue, true, [], series ?? ["KXSIMBTCD"],
            parameters ?? new Dictionary<string, string> { ["cooldown"] = "0s", ["max-contracts"] = "100" });
        return ActorOf(StrategyActor.Props(settings, _guardian.Ref));
    }

    private void AwaitRecovered(IActorRef strategy)
    {
        strategy.Tell(new GetStrategyStatus("ev"));
        ExpectMsg<StrategyStatus>();
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private void Reply(IActorRef strategy, bool approved)
    {
        var intent = (OrderIntent)_guardian.LastMessage!;
        strategy.Tell(approved
            ? new IntentApproved(intent, new Dictionary<string, string>(), Now)
            : new IntentRejected(intent, RiskCheck.MaxPerMarket, "limit", new Dictionary<string, string>(), Now));
    }

    private void FeedEverything(IActorRef strategy, BookUpdated? book = null, bool sendBook = true)
    {
        strategy.Tell(new MarketListed(Market()));
        strategy.Tell(Portfolio());
        strategy.Tell(Spot(101_000m));
        if (sendBook)
        {
            strategy.Tell(book ?? Book());
        }
    }

    private MarketInfo Market() => new(
        Ticker, new EventTicker("KXSIMBTCD-26DEC0512"), new SeriesTicker("KXSIMBTCD"), "Bitcoin above 100,000?", "Crypto", MarketState.Active,
        Start.AddHours(-1), Start.AddDays(1), TickStructure.LinearCent, SeriesFeeParameters.General, 100_000m, null, "BTC", false);

    private PortfolioUpdated Portfolio(params PositionView[] positions) => new(
        Money.FromDollars(1000), Money.FromDollars(1000), Money.FromDollars(1000), Money.Zero, Money.Zero, Money.Zero, Money.Zero, positions, Now);

    private static PositionView Held(Side side, int contracts) => new(
        Ticker, null, side, Quantity.FromContracts(side == Side.Yes ? contracts : -contracts), Money.Zero, Money.Zero, Money.Zero, null, Money.Zero);

    private SpotPriceObserved Spot(decimal price) => new("spot", "BTC", price, Now, Now);

    private BookUpdated Book() => new(
        Ticker, 1, new BookTop(Price.FromCents(48), Quantity.FromContracts(100), Price.FromCents(50), Quantity.FromContracts(100)),
        [], [], Price.FromCents(49), Price.FromCents(2), Price.FromCents(49), BookStatus.Live, Now, Now);

    /// <summary>Stands in for a top-level actor: forwards whatever it gets to a probe.</summary>
    private sealed class ForwardingActor : ReceiveActor
    {
        public ForwardingActor(IActorRef target) => ReceiveAny(message => target.Forward(message));
    }
}
