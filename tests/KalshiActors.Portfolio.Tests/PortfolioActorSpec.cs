using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;
using static KalshiActors.Portfolio.Tests.TestFills;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>The portfolio actor: fills to positions, dedupe, catch-up, recovery, settlement, publishing and reconciliation.</summary>
public sealed class PortfolioActorSpec(ITestOutputHelper output)
    : PersistenceTestKit(RegisterAll, output, timeProvider: new ManualTimeProvider(Start))
{
    private static readonly PortfolioSettings Defaults = new()
    {
        StartingCash = Money.FromDollars(1000),
        DayBoundaryTimeZone = "UTC",
        PublishThrottle = TimeSpan.FromSeconds(1),
    };

    private IActorRef StartPortfolio(PortfolioSettings? settings = null)
    {
        var actor = ActorOf(PortfolioProps.Create(settings ?? Defaults), ActorNames.Portfolio);

        // The first reply means recovery is over and the event-stream subscriptions are in place.
        Portfolio(actor);
        return actor;
    }

    private PortfolioUpdated Portfolio(IActorRef actor)
    {
        actor.Tell(new GetPortfolio());
        return ExpectMsg<PortfolioUpdated>();
    }

    private byte[] Digest(IActorRef actor)
    {
        actor.Tell(new GetStateDigestPart());
        var part = ExpectMsg<StateDigestPart>();
        Assert.Equal("portfolio", part.Component);
        return part.CanonicalJson;
    }

    private void StopPortfolio(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private void Publish(object @event) => Sys.EventStream.Publish(@event);

    private void WriteRouterFill(string persistenceId, long sequenceNr, OrderLifecycleEvent fill)
    {
        var results = Journal.WriteAsync([new AtomicWrite([new PersistentRepr(persistenceId, sequenceNr, fill, ["fill", "order"], "router")])]).GetAwaiter().GetResult();
        Assert.Null(results[0]);
    }

    private SelectedSnapshot? LatestSnapshot() =>
        PersistenceExtension.Get(Sys).Snapshots.LoadAsync(PortfolioActor.PortfolioPersistenceId, SnapshotSelectionCriteria.Latest).GetAwaiter().GetResult();

    private void DeleteSnapshots() =>
        PersistenceExtension.Get(Sys).Snapshots.DeleteAsync(PortfolioActor.PortfolioPersistenceId, SnapshotSelectionCriteria.Latest).GetAwaiter().GetResult();

    private List<T> Persisted<T>() => PersistedEvents(PortfolioActor.PortfolioPersistenceId).OfType<T>().ToList();

    [Fact]
    public void PortfolioActor_must_book_starting_cash_once_and_fills_into_positions()
    {
        var portfolio = StartPortfolio();
        Publish(Filled("t1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10", "0.17"));
        Publish(PartiallyFilled("t2", "MKT-A", Side.No, Action.Buy, "0.30", "4", "0.08"));
        var state = Portfolio(portfolio);

        // 1000 - 4.00 - 0.17 + 4 x 0.70 - 0.08; 6 YES left costing 2.40; realized 4 x (0.70 - 0.40) = 1.20.
        Assert.Equal(Money.ParseDollars("998.55"), state.Cash);
        var position = Assert.Single(state.Positions);
        Assert.Equal(Side.Yes, position.Side);
        Assert.Equal(Quantity.Parse("6"), position.Contracts);
        Assert.Equal(Money.ParseDollars("2.40"), position.CostBasis);
        Assert.Equal(Money.ParseDollars("1.20"), state.RealizedPnl);
        Assert.Equal(Money.ParseDollars("0.25"), state.FeesPaid);

        StopPortfolio(portfolio);
        StartPortfolio();
        Assert.Single(Persisted<CashDeposited>());
        Assert.Equal(2, Persisted<FillBooked>().Count);
    }

    [Fact]
    public void PortfolioActor_must_ignore_a_fill_whose_trade_id_it_has_booked()
    {
        var portfolio = StartPortfolio();
        var fill = Filled("dup", "MKT-A", Side.Yes, Action.Buy, "0.40", "10");
        Publish(fill);
        Publish(fill);
        Publish(fill with { ClientOrderId = new ClientOrderId("other") });
        Assert.Equal(Quantity.Parse("10"), Assert.Single(Portfolio(portfolio).Positions).Contracts);
        Assert.Single(Persisted<FillBooked>());
    }

    [Fact]
    public void PortfolioActor_must_catch_up_on_journal_fills_it_never_booked_after_a_crash()
    {
        var portfolio = StartPortfolio();
        var first = Filled("j1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10");
        WriteRouterFill("router-MKT-A", 1, first);
        Publish(first);
        Assert.Equal(Quantity.Parse("10"), Assert.Single(Portfolio(portfolio).Positions).Contracts);

        // The router persisted a second fill, then the node died before the portfolio heard of it.
        StopPortfolio(portfolio);
        WriteRouterFill("router-MKT-A", 2, Filled("j2", "MKT-A", Side.Yes, Action.Sell, "0.50", "4"));
        WriteRouterFill("router-MKT-B", 1, PartiallyFilled("j3", "MKT-B", Side.No, Action.Buy, "0.20", "5"));

        var updates = CreateTestProbe();
        Sys.EventStream.Subscribe(updates.Ref, typeof(PortfolioUpdated));
        portfolio = StartPortfolio();

        // The first report marked caught up already holds the fills found in the journal (the risk guardian starts a day from it).
        Assert.Equal(2, updates.FishForMessage<PortfolioUpdated>(u => u.CaughtUp).Positions.Count(p => !p.Contracts.IsZero));
        AwaitAssert(() => Assert.Equal(2, Portfolio(portfolio).Positions.Count(p => !p.Contracts.IsZero)));
        var state = Portfolio(portfolio);
        Assert.Equal(Quantity.Parse("6"), state.Positions.Single(p => p.Ticker.Value == "MKT-A").Contracts);
        Assert.Equal(Money.ParseDollars("0.40"), state.RealizedPnl);
        var booked = Persisted<FillBooked>();
        Assert.Equal(["j1", "j2", "j3"], booked.Select(b => b.TradeId));
        Assert.Equal([false, true, true], booked.Select(b => b.CaughtUp));
    }

    [Fact]
    public void PortfolioActor_must_give_identical_digest_bytes_after_restart_from_snapshot_and_from_replay()
    {
        var settings = Defaults with { SnapshotEveryEvents = 3 };
        var portfolio = StartPortfolio(settings);
        Publish(Filled("d1", "MKT-A", Side.Yes, Action.Buy, "0.3333", "2.50", "0.0101"));
        Publish(Filled("d2", "MKT-A", Side.No, Action.Buy, "0.45", "1"));
        Publish(Filled("d3", "MKT-B", Side.No, Action.Buy, "0.10", "7", "0.02"));
        Publish(new BookUpdated(new MarketTicker("MKT-A"), 1, new BookTop(Price.ParseDollars("0.40"), Quantity.Parse("5"), Price.ParseDollars("0.42"), Quantity.Parse("5")), [], [], Price.ParseDollars("0.41"), null, null, BookStatus.Live, Start, null));
        Publish(new MarketSettled(new MarketTicker("MKT-B"), Price.Zero, true, Start));
        Publish(Filled("d4", "MKT-C", Side.Yes, Action.Sell, "0.61", "3"));
        var before = Digest(portfolio);
        AwaitAssert(() => Assert.NotNull(LatestSnapshot()));

        StopPortfolio(portfolio);
        portfolio = StartPortfolio(settings);
        Assert.Equal(before, Digest(portfolio));

        // Without the snapshot: a pure replay of the journal gives the same bytes.
        StopPortfolio(portfolio);
        DeleteSnapshots();
        portfolio = StartPortfolio(settings);
        Assert.Equal(before, Digest(portfolio));
        Assert.Contains("\"ticker\":\"MKT-A\"", System.Text.Encoding.UTF8.GetString(before), StringComparison.Ordinal);
    }

    [Fact]
    public void PortfolioActor_must_book_settlements_including_early_ones()
    {
        var portfolio = StartPortfolio();
        Publish(Filled("s1", "MKT-A", Side.No, Action.Buy, "0.20", "4"));
        Publish(Filled("s2", "MKT-B", Side.Yes, Action.Buy, "0.50", "2"));
        Portfolio(portfolio);
        Publish(new MarketSettled(new MarketTicker("MKT-A"), Price.Zero, false, Start));
        Publish(new MarketSettled(new MarketTicker("MKT-B"), Price.ParseDollars("0.65"), true, Start));
        Publish(new MarketSettled(new MarketTicker("MKT-Z"), Price.One, false, Start));
        var state = Portfolio(portfolio);

        // 1000 - 0.80 - 1.00 + 4.00 + 1.30; realized 3.20 + 0.30.
        Assert.Equal(Money.ParseDollars("1003.50"), state.Cash);
        Assert.Equal(Money.ParseDollars("3.50"), state.RealizedPnl);
        Assert.Empty(state.Positions);
        var settlements = Persisted<SettlementBooked>();
        Assert.Equal(2, settlements.Count);
        Assert.True(settlements[1].Early);
    }

    [Fact]
    public void PortfolioActor_must_publish_updates_throttled_and_mark_from_books()
    {
        var updates = CreateTestProbe();
        Sys.EventStream.Subscribe(updates.Ref, typeof(PortfolioUpdated));
        var portfolio = StartPortfolio(Defaults with { MarkMethod = Ledger.MarkMethod.BestBid });
        updates.FishForMessage<PortfolioUpdated>(u => u.Cash == Money.FromDollars(1000) && !u.CaughtUp);

        // Start-up changed the state twice (cash, then the trading day): the second went out with the report of the
        // journal catch-up's end, which does not wait for the throttle.
        Assert.Equal(Money.FromDollars(1000), updates.FishForMessage<PortfolioUpdated>(u => u.CaughtUp).Cash);
        Clock!.Advance(TimeSpan.FromSeconds(10));
        Publish(Filled("m1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10"));
        var first = updates.FishForMessage<PortfolioUpdated>(u => u.Positions.Count == 1);
        Assert.Equal(Money.ParseDollars("996.00"), first.Cash);

        // Within the throttle: the next change waits for the timer.
        Publish(new BookUpdated(new MarketTicker("MKT-A"), 1, new BookTop(Price.ParseDollars("0.45"), Quantity.Parse("5"), Price.ParseDollars("0.48"), Quantity.Parse("5")), [], [], Price.ParseDollars("0.465"), null, null, BookStatus.Live, Start, null));
        Portfolio(portfolio);
        updates.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var marked = updates.ExpectMsg<PortfolioUpdated>();
        Assert.Equal(Price.ParseDollars("0.45"), marked.Positions[0].Mark);
        Assert.Equal(Money.ParseDollars("0.50"), marked.UnrealizedPnl);
        Assert.Equal(Money.ParseDollars("1000.50"), marked.Equity);
        Assert.Equal(Money.ParseDollars("1000.50"), marked.PeakEquity);

        // A stale book does not move the mark.
        Publish(new BookUpdated(new MarketTicker("MKT-A"), 2, new BookTop(Price.ParseDollars("0.05"), Quantity.Parse("5"), Price.ParseDollars("0.90"), Quantity.Parse("5")), [], [], null, null, null, BookStatus.Stale, Start, null));
        Assert.Equal(Price.ParseDollars("0.45"), Portfolio(portfolio).Positions[0].Mark);
    }

    [Fact]
    public void PortfolioActor_must_mark_a_position_opened_later_from_the_books_published_before_it()
    {
        // Books of a market without a position do not reach the portfolio; their marks are kept for the position to come.
        var portfolio = StartPortfolio(Defaults with { MarkMethod = Ledger.MarkMethod.BestBid });
        Publish(Book("MKT-A", 1, "0.45", "0.48", BookStatus.Live));
        Publish(Book("MKT-A", 2, null, "0.47", BookStatus.Live)); // an empty YES side keeps the YES mark
        Publish(Book("MKT-A", 3, "0.05", "0.90", BookStatus.Stale)); // a stale book is no market
        Publish(Filled("m1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10"));

        var opened = Portfolio(portfolio);
        Assert.Equal(Price.ParseDollars("0.45"), opened.Positions[0].Mark);
        Assert.Equal(Money.ParseDollars("0.50"), opened.UnrealizedPnl);
        Assert.Equal(Money.ParseDollars("1000.50"), opened.Equity);

        // From the position on, every live book marks it.
        Publish(Book("MKT-A", 4, "0.50", "0.52", BookStatus.Live));
        AwaitAssert(() => Assert.Equal(Price.ParseDollars("0.50"), Portfolio(portfolio).Positions[0].Mark));
        Assert.Equal(Money.ParseDollars("1.00"), Portfolio(portfolio).UnrealizedPnl);
    }

    [Fact]
    public void PortfolioActor_must_take_a_settled_markets_marks_back_from_its_next_book_even_one_that_changes_no_mark()
    {
        // Only books that change a mark reach the portfolio; settling drops the market's marks, so the next one counts.
        var portfolio = StartPortfolio(Defaults with { MarkMethod = Ledger.MarkMethod.BestBid });
        Publish(Filled("s1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10"));
        Publish(Book("MKT-A", 1, "0.45", "0.48", BookStatus.Live));
        AwaitAssert(() => Assert.Equal(Price.ParseDollars("0.45"), Portfolio(portfolio).Positions[0].Mark));
        Publish(new MarketSettled(new MarketTicker("MKT-A"), Price.One, false, Start));
        AwaitAssert(() => Assert.Empty(Portfolio(portfolio).Positions));

        Publish(Book("MKT-A", 2, "0.45", "0.48", BookStatus.Live)); // the same bids: no mark changes
        Portfolio(portfolio);
        Publish(Filled("s2", "MKT-A", Side.Yes, Action.Buy, "0.40", "10"));
        AwaitAssert(() => Assert.Equal(Price.ParseDollars("0.45"), Portfolio(portfolio).Positions.Single().Mark));
    }

    private static BookUpdated Book(string ticker, long sequence, string? yesBid, string yesAsk, BookStatus status) =>
        new(new MarketTicker(ticker), sequence, new BookTop(yesBid is null ? null : Price.ParseDollars(yesBid), Quantity.Parse(yesBid is null ? "0" : "5"), Price.ParseDollars(yesAsk), Quantity.Parse("5")),
            [], [], null, null, null, status, Start, null);

    [Fact]
    public void PortfolioActor_must_persist_equity_snapshots_and_roll_the_trading_day()
    {
        var portfolio = StartPortfolio(Defaults with { EquitySnapshotInterval = TimeSpan.FromMinutes(1) });
        Assert.Single(Persisted<TradingDayStarted>());
        Publish(Filled("e1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10", "0.20"));
        Publish(new BookUpdated(new MarketTicker("MKT-A"), 1, new BookTop(Price.ParseDollars("0.50"), Quantity.Parse("5"), Price.ParseDollars("0.52"), Quantity.Parse("5")), [], [], Price.ParseDollars("0.51"), null, null, BookStatus.Live, Start, null));
        Assert.Equal(Money.ParseDollars("0.80"), Portfolio(portfolio).DailyPnl);

        Clock!.Advance(TimeSpan.FromMinutes(1));
        AwaitAssert(() => Assert.Single(Persisted<EquitySnapshotTaken>()));
        var point = Persisted<EquitySnapshotTaken>()[0];
        Assert.Equal(1_000_800_000, point.EquityMicros);
        Assert.Equal(800_000, point.DailyPnlMicros);

        // 15:01 UTC + 9 h = the next UTC day: the day rolls on the next tick and daily P&L restarts.
        Clock.Advance(TimeSpan.FromHours(9));
        AwaitAssert(() => Assert.Equal(2, Persisted<TradingDayStarted>().Count));
        var day = Persisted<TradingDayStarted>()[1];
        Assert.Equal(new DateOnly(2026, 12, 5), day.Day);
        Assert.Equal(1_000_800_000, day.OpeningEquityMicros);
        Assert.Equal(Money.Zero, Portfolio(portfolio).DailyPnl);
    }

    [Fact]
    public void PortfolioActor_must_raise_an_alert_for_a_confirmed_discrepancy_with_the_exchange()
    {
        var alerts = CreateTestProbe();
        Sys.EventStream.Subscribe(alerts.Ref, typeof(AlertRaised));
        var portfolio = StartPortfolio();
        Publish(Filled("r1", "MKT-A", Side.Yes, Action.Buy, "0.40", "10"));
        Publish(Filled("r2", "MKT-B", Side.No, Action.Buy, "0.40", "3"));
        Portfolio(portfolio);
        portfolio.Tell(new ExchangePositionsObserved(
            [new PositionRecord(new MarketTicker("MKT-A"), Quantity.Parse("7"), Money.Zero, Money.Zero, Money.Zero), new PositionRecord(new MarketTicker("MKT-B"), Quantity.Parse("-3"), Money.Zero, Money.Zero, Money.Zero)],
            Start));

        // Seen once: maybe a fill in flight. Seen again: raised, once.
        portfolio.Tell(PortfolioActor.ReconcileTick.Instance);
        Portfolio(portfolio);
        alerts.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        portfolio.Tell(PortfolioActor.ReconcileTick.Instance);
        var alert = alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.PositionDiscrepancy, alert.Kind);
        Assert.Equal(new MarketTicker("MKT-A"), alert.Ticker);
        Assert.Equal("10.00", alert.Figures["ours"]);
        Assert.Equal("7.00", alert.Figures["exchange"]);
        portfolio.Tell(PortfolioActor.ReconcileTick.Instance);
        Portfolio(portfolio);
        alerts.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(new MarketTicker("MKT-A"), Assert.Single(Persisted<PositionDiscrepancyFound>()).Ticker);

        // The exchange catches up (private channel): the discrepancy clears, and nothing more is raised.
        Publish(new OwnPositionChanged(new PositionRecord(new MarketTicker("MKT-A"), Quantity.Parse("10"), Money.Zero, Money.Zero, Money.Zero)));
        portfolio.Tell(PortfolioActor.ReconcileTick.Instance);
        portfolio.Tell(PortfolioActor.ReconcileTick.Instance);
        Portfolio(portfolio);
        alerts.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void PortfolioActor_must_take_starting_cash_from_the_exchange_balance_when_configured()
    {
        var portfolio = StartPortfolio(Defaults with { CashSource = StartingCashSource.Exchange });
        Assert.Equal(Money.Zero, Portfolio(portfolio).Cash);
        portfolio.Tell(new ExchangeBalanceObserved(new BalanceRecord(Money.ParseDollars("250.1234"), Money.Zero, null), Start));
        portfolio.Tell(new ExchangeBalanceObserved(new BalanceRecord(Money.ParseDollars("999"), Money.Zero, null), Start));
        Assert.Equal(Money.ParseDollars("250.1234"), Portfolio(portfolio).Cash);
        Assert.Single(Persisted<CashDeposited>());
    }

    [Fact]
    public void PortfolioActor_must_refuse_an_impossible_fill_with_an_alert_and_keep_recovering()
    {
        var alerts = CreateTestProbe();
        Sys.EventStream.Subscribe(alerts.Ref, typeof(AlertRaised));
        var portfolio = StartPortfolio();
        ExpectError<ArgumentOutOfRangeException>(() => Publish(Filled("bad", "MKT-A", Side.Yes, Action.Buy, "0.40", "0")));
        Assert.Equal(AlertKind.InvalidFill, alerts.ExpectMsg<AlertRaised>().Kind);
        Assert.Empty(Portfolio(portfolio).Positions);
        Assert.Empty(Persisted<FillBooked>());
        StopPortfolio(portfolio);
        Assert.Equal(Money.FromDollars(1000), Portfolio(StartPortfolio()).Cash);
    }
}
