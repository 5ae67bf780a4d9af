using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Xunit.Abstractions;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>One spec per risk check: each trips it and shows the rejection's reason and figures.</summary>
public sealed class RiskChecksSpec(ITestOutputHelper output) : RiskGuardianSpecBase(output)
{
    private static readonly MarketTicker MarketC = new("KXSIMELECT-26DEC05-ALICE");

    [Fact]
    public void RiskGuardian_must_approve_a_sound_intent_journal_it_and_send_it_to_execution()
    {
        var guardian = StartReadyGuardian();
        var intent = Intent();

        var approved = ExpectApproved(guardian, intent);

        Assert.Equal("4.0000", approved.Figures["order_cost"]);
        Assert.Equal("4.0000", approved.Figures["market_exposure"]);
        Assert.Equal("100.0000", approved.Figures["market_limit"]);
        Assert.Equal("1000.0000", approved.Figures["equity"]);
        var journaled = Assert.Single(PersistedEvents(RiskGuardian.PersistenceId).OfType<IntentApproved>());
        Assert.Equal(intent.IntentId, journaled.Intent.IntentId);
    }

    [Fact]
    public void RiskGuardian_must_store_an_approvals_figures_in_name_order_with_the_same_bytes_as_a_sorted_dictionary_of_them()
    {
        var guardian = StartReadyGuardian();

        var approved = ExpectApproved(guardian, Intent());

        Assert.Equal(approved.Figures.Keys.Order(StringComparer.Ordinal), approved.Figures.Keys);
        var registry = RiskEvents.Register(new Persistence.Serialization.EventRegistry());
        var asBefore = approved with { Figures = new SortedDictionary<string, string>(approved.Figures.ToDictionary(), StringComparer.Ordinal) };
        Assert.Equal(registry.Serialize(asBefore).Payload, registry.Serialize(approved).Payload);
        Assert.Equal(registry.Serialize(asBefore).Payload, registry.Serialize(Assert.Single(PersistedEvents(RiskGuardian.PersistenceId).OfType<IntentApproved>())).Payload);
    }

    [Fact]
    public void RiskGuardian_must_reject_more_contracts_than_the_per_order_maximum()
    {
        var guardian = StartReadyGuardian();

        var rejected = ExpectRejected(guardian, Intent(contracts: 101, priceCents: 10), RiskCheck.MaxContractsPerOrder);

        Assert.Contains("101.00 contracts exceeds the per-order maximum of 100.00", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal("101.00", rejected.Figures["count"]);
        Assert.Equal("100.00", rejected.Figures["max_contracts_per_order"]);
        Execution.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        var journaled = Assert.Single(PersistedEvents(RiskGuardian.PersistenceId).OfType<IntentRejected>());
        Assert.Equal(RiskCheck.MaxContractsPerOrder, journaled.Check);
    }

    [Fact]
    public void RiskGuardian_must_reject_an_order_costing_more_than_the_per_order_maximum()
    {
        var guardian = StartReadyGuardian();

        var rejected = ExpectRejected(guardian, Intent(contracts: 100, priceCents: 60, probability: 0.7), RiskCheck.MaxDollarsPerOrder);

        Assert.Equal("60.0000", rejected.Figures["order_cost"]);
        Assert.Equal("50.0000", rejected.Figures["max_dollars_per_order"]);
        Assert.Contains("order cost 60.0000", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_reject_exposure_above_the_market_limit_counting_the_position()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { MaxMarketExposureFraction = 0.05m });
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.Yes, 100, 45)));

        var rejected = ExpectRejected(guardian, Intent(contracts: 20), RiskCheck.MaxPerMarket);

        Assert.Equal("45.0000", rejected.Figures["market_exposure_before"]);
        Assert.Equal("53.0000", rejected.Figures["market_exposure"]);
        Assert.Equal("50.0000", rejected.Figures["market_limit"]);
        Assert.Contains("worst-case loss in market KXSIMRAIN-26DEC05-A would be 53.0000", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_count_resting_orders_and_approved_intents_as_exposure()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { MaxMarketExposureFraction = 0.01m });
        var first = Intent(contracts: 20);
        ExpectApproved(guardian, first);

        // The first intent's $8 is pending: a second $8 would make $16 against a $10 limit.
        var rejected = ExpectRejected(guardian, Intent(contracts: 20), RiskCheck.MaxPerMarket);
        Assert.Equal("8.0000", rejected.Figures["market_exposure_before"]);

        // Once the order is submitted it counts as resting, not twice.
        guardian.Tell(Submitted(first));
        var again = ExpectRejected(guardian, Intent(contracts: 20), RiskCheck.MaxPerMarket);
        Assert.Equal("8.0000", again.Figures["market_exposure_before"]);

        // Canceled, it no longer counts.
        guardian.Tell(new OrderCanceled(first.IntentId.ToClientOrderId(), null, MarketA, Quantity.FromContracts(20), "test", Start));
        ExpectApproved(guardian, Intent(contracts: 20));
    }

    [Fact]
    public void RiskGuardian_must_reject_exposure_above_the_event_limit()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { MaxMarketExposureFraction = 1m, MaxEventExposureFraction = 0.05m });
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.Yes, 100, 45)));

        var rejected = ExpectRejected(guardian, Intent(ticker: MarketB, contracts: 20), RiskCheck.MaxPerEvent);

        Assert.Equal("53.0000", rejected.Figures["event_exposure"]);
        Assert.Equal("50.0000", rejected.Figures["event_limit"]);
        Assert.Contains("event KXSIMRAIN-26DEC05", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_take_the_worst_single_outcome_of_a_mutually_exclusive_event()
    {
        var settings = RiskSettings.Default with { MaxMarketExposureFraction = 1m, MaxEventExposureFraction = 0.05m };
        var guardian = StartGuardian(settings);
        Listed(guardian, MarketA, EventX, mutuallyExclusive: true);
        Listed(guardian, MarketB, EventX, mutuallyExclusive: true);
        guardian.Tell(LiveBook(MarketA));
        guardian.Tell(LiveBook(MarketB));
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.No, 100, 45)));

        // NO on A ($45) and NO on B ($8): at most one of A and B wins, so the worst outcome loses $33, not $53.
        var approved = ExpectApproved(guardian, Intent(ticker: MarketB, side: Side.No, contracts: 20));

        Assert.Equal("33.0000", approved.Figures["event_exposure"]);
    }

    [Fact]
    public void RiskGuardian_must_reject_exposure_above_the_category_limit()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with
        {
            MaxMarketExposureFraction = 1m, MaxEventExposureFraction = 1m, MaxCategoryExposureFraction = 0.05m,
        });
        Listed(guardian, MarketC, EventY, category: "Climate");
        guardian.Tell(LiveBook(MarketC));
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.Yes, 100, 45)));

        var rejected = ExpectRejected(guardian, Intent(ticker: MarketC, eventTicker: EventY, contracts: 20), RiskCheck.MaxPerCategory);

        Assert.Equal("53.0000", rejected.Figures["category_exposure"]);
        Assert.Contains("category 'Climate'", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_reject_total_worst_case_exposure_above_the_limit()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with
        {
            MaxMarketExposureFraction = 1m, MaxEventExposureFraction = 1m, MaxCategoryExposureFraction = 1m, MaxTotalExposureFraction = 0.05m,
        });
        Listed(guardian, MarketC, EventY, category: "Politics");
        guardian.Tell(LiveBook(MarketC));
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.Yes, 100, 45)));

        var rejected = ExpectRejected(guardian, Intent(ticker: MarketC, eventTicker: EventY, contracts: 20), RiskCheck.TotalExposure);

        Assert.Equal("8.0000", rejected.Figures["category_exposure"]);
        Assert.Equal("53.0000", rejected.Figures["total_exposure"]);
        Assert.Equal("50.0000", rejected.Figures["total_limit"]);
    }

    [Fact]
    public void RiskGuardian_must_refuse_new_exposure_while_equity_is_unknown()
    {
        var guardian = StartGuardian();
        Listed(guardian, MarketA, EventX);
        guardian.Tell(LiveBook(MarketA));

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.MaxPerMarket);

        Assert.Contains("equity is 0.0000", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_reject_a_new_market_beyond_the_concurrent_position_limit()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { MaxConcurrentPositions = 1 });
        guardian.Tell(Portfolio(1_000, positions: Position(MarketA, EventX, Side.Yes, 10, 4)));

        var rejected = ExpectRejected(guardian, Intent(ticker: MarketB), RiskCheck.MaxConcurrentPositions);

        Assert.Equal("1", rejected.Figures["concurrent_positions"]);
        Assert.Equal("1", rejected.Figures["max_concurrent_positions"]);
        ExpectApproved(guardian, Intent(ticker: MarketA));
    }

    [Fact]
    public void RiskGuardian_must_go_reducing_on_the_daily_loss_limit_and_resume_the_next_trading_day()
    {
        var states = CreateTestProbe("states");
        Sys.EventStream.Subscribe(states.Ref, typeof(TradingStateChanged));
        var guardian = StartReadyGuardian();
        guardian.Tell(Portfolio(940, peakDollars: 1_000, dailyPnlDollars: -60, Position(MarketA, EventX, Side.Yes, 10, 4)));

        var reducing = states.ExpectMsg<TradingStateChanged>();
        Assert.Equal(TradingState.Reducing, reducing.To);
        var rejected = ExpectRejected(guardian, Intent(ticker: MarketB), RiskCheck.DailyLossLimit);
        Assert.Equal("60.0000", rejected.Figures["daily_loss"]);
        Assert.Equal("50.0000", rejected.Figures["daily_loss_limit"]);

        // Selling held contracts reduces exposure and passes.
        ExpectApproved(guardian, Intent(action: Action.Sell, contracts: 10, probability: 0.3));

        ManualClock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        var resumed = states.ExpectMsg<TradingStateChanged>();
        Assert.Equal(TradingState.Active, resumed.To);
        ExpectApproved(guardian, Intent(ticker: MarketB));
    }

    [Fact]
    public void RiskGuardian_must_trip_the_drawdown_breaker_and_stay_halted_until_reset()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { DailyLossLimit = Money.FromDollars(10_000) });
        guardian.Tell(Portfolio(800, peakDollars: 1_000));

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.DrawdownBreaker);
        Assert.Contains("drawdown breaker tripped at 15.00%", rejected.Reason, StringComparison.Ordinal);

        // Equity back at the peak: still tripped.
        guardian.Tell(Portfolio(1_000, peakDollars: 1_000));
        ExpectRejected(guardian, Intent(), RiskCheck.DrawdownBreaker);

        guardian.Tell(new ResetRiskHalt("recovered", "ops"));
        var result = ExpectMsg<RiskCommandResult>();
        Assert.True(result.Accepted);
        Assert.Equal(TradingState.Active, result.State);
        ExpectApproved(guardian, Intent());
        Assert.Single(PersistedEvents(RiskGuardian.PersistenceId).OfType<DrawdownBreakerTripped>());
    }

    [Fact]
    public void RiskGuardian_must_cancel_everything_and_halt_on_the_kill_switch()
    {
        var states = CreateTestProbe("states");
        Sys.EventStream.Subscribe(states.Ref, typeof(TradingStateChanged));
        var guardian = StartReadyGuardian();

        guardian.Tell(new ActivateKillSwitch("runaway strategy", "ops"));

        Assert.Contains("runaway strategy", Execution.ExpectMsg<CancelAllOrders>().Reason, StringComparison.Ordinal);
        var result = ExpectMsg<RiskCommandResult>();
        Assert.True(result.Accepted);
        Assert.Equal(TradingState.Halted, result.State);
        Assert.Equal(TradingState.Halted, states.ExpectMsg<TradingStateChanged>().To);
        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.KillSwitch);
        Assert.Contains("runaway strategy", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains(PersistedEvents(RiskGuardian.PersistenceId), e => e is TradingStateChanged { To: TradingState.Halted });

        guardian.Tell(new ResetRiskHalt("fixed", "ops"));
        Assert.Equal(TradingState.Active, ExpectMsg<RiskCommandResult>().State);
        ExpectApproved(guardian, Intent());
    }

    [Fact]
    public void RiskGuardian_must_reject_by_trading_state_when_the_state_check_alone_is_on()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { DisabledChecks = new HashSet<RiskCheck> { RiskCheck.KillSwitch } });
        guardian.Tell(new ActivateKillSwitch("test", "ops"));
        ExpectMsg<RiskCommandResult>();

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.TradingState);

        Assert.Equal("Halted", rejected.Figures["trading_state"]);
    }

    [Fact]
    public void RiskGuardian_must_answer_a_reset_with_nothing_to_reset()
    {
        var guardian = StartReadyGuardian();

        guardian.Tell(new ResetRiskHalt("why not", "ops"));

        var result = ExpectMsg<RiskCommandResult>();
        Assert.False(result.Accepted);
        Assert.Contains("nothing to reset", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_refuse_buying_at_99c_or_selling_at_1c_unless_arbitrage()
    {
        var guardian = StartReadyGuardian();

        var buy = ExpectRejected(guardian, Intent(priceCents: 99, probability: 1), RiskCheck.PriceSanity);
        Assert.Equal("0.9900", buy.Figures["limit_price"]);
        ExpectRejected(guardian, Intent(action: Action.Sell, priceCents: 1, probability: 0), RiskCheck.PriceSanity);

        ExpectApproved(guardian, Intent(priceCents: 99, probability: 1, arbitrageGroup: "arb-1"));
    }

    [Fact]
    public void RiskGuardian_must_reject_a_non_positive_edge_after_fees()
    {
        var guardian = StartReadyGuardian();

        var rejected = ExpectRejected(guardian, Intent(edgeCentiCents: 0), RiskCheck.FeeInversion);

        Assert.Equal("0.0000", rejected.Figures["edge_after_fees"]);
    }

    [Fact]
    public void RiskGuardian_must_recheck_the_edge_with_the_real_fee_at_the_limit_price()
    {
        var guardian = StartReadyGuardian();

        // Taker, 10 @ 0.40: fee 0.07 × 10 × 0.4 × 0.6 = 0.168 → 0.17; model 0.41 is worth 4.10 for 4.00 + 0.17.
        var rejected = ExpectRejected(guardian, Intent(style: ExecutionStyle.ImmediateOrCancel, probability: 0.41, edgeCentiCents: 50), RiskCheck.FeeInversion);

        Assert.Equal("0.1700", rejected.Figures["estimated_fee"]);
        Assert.Equal("-0.0700", rejected.Figures["model_edge_after_real_fee"]);
        Assert.Contains("the fee eats the edge", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_reject_on_a_stale_or_unseen_book()
    {
        var guardian = StartReadyGuardian();
        guardian.Tell(new BookStatusChanged(MarketA, BookStatus.Live, BookStatus.Stale, "sequence gap", Start));

        var stale = ExpectRejected(guardian, Intent(), RiskCheck.StaleBook);
        Assert.Equal("Stale", stale.Figures["book_status"]);

        Listed(guardian, MarketC, EventY);
        var unseen = ExpectRejected(guardian, Intent(ticker: MarketC, eventTicker: EventY), RiskCheck.StaleBook);
        Assert.Contains("no book", unseen.Reason, StringComparison.Ordinal);

        guardian.Tell(LiveBook(MarketA));
        ExpectApproved(guardian, Intent());
    }

    [Fact]
    public void RiskGuardian_must_reject_while_a_feed_the_model_used_is_stale()
    {
        var guardian = StartReadyGuardian();
        guardian.Tell(new FeedStatusChanged("spot", true, "no tick for 30s", Start));

        var rejected = ExpectRejected(guardian, Intent(feeds: ["spot"]), RiskCheck.StaleFeed);
        Assert.Equal("spot", rejected.Figures["stale_feed"]);
        Assert.Contains("no tick for 30s", rejected.Reason, StringComparison.Ordinal);
        ExpectApproved(guardian, Intent(feeds: ["game-state"]));

        guardian.Tell(new FeedStatusChanged("spot", false, "ticking", Start));
        ExpectApproved(guardian, Intent(feeds: ["spot"]));
    }

    [Fact]
    public void RiskGuardian_must_reject_while_a_breaker_feeding_the_market_is_open()
    {
        var guardian = StartReadyGuardian();
        guardian.Tell(new CircuitBreakerStateChanged("kalshi-rest", BreakerState.Closed, BreakerState.Open, "5 failures", [], Start));

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.CircuitBreakerOpen);
        Assert.Equal("kalshi-rest", rejected.Figures["breaker"]);

        guardian.Tell(new CircuitBreakerStateChanged("kalshi-rest", BreakerState.Open, BreakerState.Closed, "probe ok", [], Start));
        guardian.Tell(new CircuitBreakerStateChanged("feed-spot", BreakerState.Closed, BreakerState.Open, "down", [MarketB], Start));
        ExpectApproved(guardian, Intent());
        ExpectRejected(guardian, Intent(ticker: MarketB), RiskCheck.CircuitBreakerOpen);
    }

    [Fact]
    public void RiskGuardian_must_reject_when_the_exchange_error_rate_in_the_window_is_too_high()
    {
        var guardian = StartReadyGuardian();
        for (var i = 0; i < 10; i++)
        {
            guardian.Tell(new ExchangeCallCompleted("create_order", i % 2 == 0, i % 2 == 0 ? 201 : 503, Start));
        }

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.ExchangeErrorRate);
        Assert.Equal("10", rejected.Figures["exchange_calls"]);
        Assert.Equal("5", rejected.Figures["exchange_errors"]);
        Assert.Equal("50.00%", rejected.Figures["exchange_error_rate"]);

        ManualClock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        ExpectApproved(guardian, Intent());
    }

    [Fact]
    public void RiskGuardian_must_block_a_market_with_an_order_of_unknown_outcome_until_reconciled()
    {
        var guardian = StartReadyGuardian();
        var order = new ClientOrderId("00000000-0000-5000-8000-000000000001");
        guardian.Tell(new OrderOutcomeUnknown(order, MarketA, "create timed out", Start));

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.UnknownOrderOutcome);
        Assert.Equal(order.Value, rejected.Figures["unknown_orders"]);
        ExpectApproved(guardian, Intent(ticker: MarketB));

        guardian.Tell(new OrderReconciled(order, MarketA, false, "not found at the exchange", Start));
        ExpectApproved(guardian, Intent());
        var events = PersistedEvents(RiskGuardian.PersistenceId);
        Assert.Single(events.OfType<MarketBlocked>());
        Assert.Single(events.OfType<MarketUnblocked>());
    }

    [Fact]
    public void RiskGuardian_must_reject_intents_for_a_market_not_open_for_trading()
    {
        var guardian = StartReadyGuardian();
        guardian.Tell(new MarketStateChanged(MarketA, MarketState.Active, MarketState.Paused, Start));

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.MarketNotActive);

        Assert.Equal("Paused", rejected.Figures["market_state"]);
    }

    [Fact]
    public void RiskGuardian_must_skip_a_check_disabled_in_settings()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { DisabledChecks = new HashSet<RiskCheck> { RiskCheck.PriceSanity } });

        ExpectApproved(guardian, Intent(priceCents: 99, probability: 1));
    }

    [Fact]
    public void RiskGuardian_must_read_its_inputs_from_the_event_stream()
    {
        var guardian = StartReadyGuardian();
        Digest(guardian); // recovered and subscribed

        Sys.EventStream.Publish(new BookStatusChanged(MarketA, BookStatus.Live, BookStatus.Stale, "silence", Start));

        AwaitAssert(() => ExpectRejected(guardian, Intent(), RiskCheck.StaleBook));
    }

    [Fact]
    public void RiskGuardian_must_follow_every_status_change_of_a_book_published_on_the_event_stream()
    {
        // The guardian takes from the stream only the book updates that change a book's status; a book going stale and
        // coming back, each surrounded by updates of the same status, must still be followed exactly.
        var guardian = StartReadyGuardian();
        Digest(guardian); // recovered and subscribed
        var stream = Sys.EventStream;

        stream.Publish(LiveBook(MarketA, BookStatus.Stale));
        AwaitAssert(() => ExpectRejected(guardian, Intent(), RiskCheck.StaleBook));
        stream.Publish(LiveBook(MarketA));
        stream.Publish(LiveBook(MarketA));
        AwaitAssert(() => ExpectApproved(guardian, Intent(contracts: 1)));

        stream.Publish(LiveBook(MarketB));
        stream.Publish(LiveBook(MarketB, BookStatus.Stale));
        stream.Publish(LiveBook(MarketB, BookStatus.Stale));
        AwaitAssert(() => ExpectRejected(guardian, Intent(ticker: MarketB, contracts: 1), RiskCheck.StaleBook));
        stream.Publish(LiveBook(MarketB));
        AwaitAssert(() => ExpectApproved(guardian, Intent(ticker: MarketB, contracts: 1)));
    }

    private static OrderSubmitted Submitted(OrderIntent intent) =>
        new(intent.IntentId.ToClientOrderId(), intent.IntentId, intent.StrategyId, intent.Ticker, intent.EventTicker, intent.Side, intent.Action,
            intent.LimitPrice, intent.Count, intent.Style, PostOnly: true, Paper: true, Start);
}
