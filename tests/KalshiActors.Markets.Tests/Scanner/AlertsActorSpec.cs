using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Scanner;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using static KalshiActors.Markets.Tests.Scanner.ScanListings;

namespace KalshiActors.Markets.Tests.Scanner;

public sealed class AlertsActorSpec : PersistenceTestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private readonly TestProbe _alerts;

    public AlertsActorSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(Now))
    {
        _alerts = CreateTestProbe("alerts");
        Sys.EventStream.Subscribe(_alerts.Ref, typeof(AlertRaised));
    }

    [Fact]
    public void AlertsActor_must_raise_a_price_drop_in_a_liquid_market_once_until_it_recovers_and_the_cool_down_passes()
    {
        var alerts = StartAlerts();
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.12"), Market("KXA-THIN", change24h: "-0.30", volume24h: "5")));

        var alert = _alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.PriceDrop, alert.Kind);
        Assert.Equal(new MarketTicker("KXA-DROP"), alert.Ticker);
        Assert.Equal("-0.1200", alert.Figures["change24h"]);
        Assert.Equal("PriceDrop:KXA-DROP:" + Now.UtcTicks, alert.AlertId);
        _alerts.ExpectNoMsg(Quiet);

        // Still down: the same condition is not raised again.
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.15")));
        _alerts.ExpectNoMsg(Quiet);

        // Back under the re-arm level, then down again within the cool-down: still quiet; after it, raised.
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.02")));
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.11")));
        _alerts.ExpectNoMsg(Quiet);
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.01")));
        Clock!.Advance(AlertSettings.Default.CoolDown);
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.11")));
        Assert.Equal(AlertKind.PriceDrop, _alerts.ExpectMsg<AlertRaised>().Kind);
        AwaitAssert(() => Assert.Equal(2, PersistedEvents("alerts").Count));
    }

    [Fact]
    public void AlertsActor_must_raise_a_spread_that_tightened_but_not_one_first_seen_tight()
    {
        var alerts = StartAlerts();
        alerts.Tell(Observed(Market("KXA-WIDE", bid: "0.40", ask: "0.45"), Market("KXA-TIGHT", bid: "0.40", ask: "0.41")));
        _alerts.ExpectNoMsg(Quiet);

        alerts.Tell(Observed(Market("KXA-WIDE", bid: "0.42", ask: "0.44"), Market("KXA-TIGHT", bid: "0.40", ask: "0.41")));

        var alert = _alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.SpreadTightened, alert.Kind);
        Assert.Equal(new MarketTicker("KXA-WIDE"), alert.Ticker);
        Assert.Equal("0.0200", alert.Figures["spread"]);
        _alerts.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void AlertsActor_must_raise_a_market_new_since_the_first_scan_that_closes_soon()
    {
        var alerts = StartAlerts();
        alerts.Tell(Observed(Market("KXA-OLD", closesIn: TimeSpan.FromHours(2))));
        _alerts.ExpectNoMsg(Quiet);

        alerts.Tell(Observed(Market("KXA-OLD", closesIn: TimeSpan.FromHours(2)), Market("KXA-NEW", closesIn: TimeSpan.FromHours(3)), Market("KXA-LATER", closesIn: TimeSpan.FromDays(3))));
        var alert = _alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.NewMarketClosingSoon, alert.Kind);
        Assert.Equal(new MarketTicker("KXA-NEW"), alert.Ticker);
        Assert.Equal("10800", alert.Figures["closesInSeconds"]);
        _alerts.ExpectNoMsg(Quiet);

        // A listing from the catalog counts too, once.
        var listed = new MarketListed(TestMarkets.Market("KXBTC15M-26DEC040430-30"));
        Sys.EventStream.Publish(listed);
        Assert.Equal(new MarketTicker("KXBTC15M-26DEC040430-30"), _alerts.ExpectMsg<AlertRaised>().Ticker);
        Sys.EventStream.Publish(listed);
        _alerts.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void AlertsActor_must_raise_a_portfolio_drawdown_past_the_threshold_once()
    {
        StartAlerts();
        Sys.EventStream.Publish(Portfolio(equity: 960, peak: 1000));
        _alerts.ExpectNoMsg(Quiet);

        Sys.EventStream.Publish(Portfolio(equity: 950, peak: 1000));
        var alert = _alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.PortfolioDrawdown, alert.Kind);
        Assert.Null(alert.Ticker);
        Assert.Equal("500", alert.Figures["drawdownBasisPoints"]);
        Assert.Equal("950.0000", alert.Figures["equity"]);

        Sys.EventStream.Publish(Portfolio(equity: 900, peak: 1000));
        _alerts.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void AlertsActor_must_raise_an_early_settlement_of_a_held_position_only()
    {
        StartAlerts();
        Sys.EventStream.Publish(Portfolio(equity: 1000, peak: 1000, held: "KXA-HELD"));
        Sys.EventStream.Publish(new MarketSettled(new MarketTicker("KXA-HELD"), Price.One, Early: false, Now));
        Sys.EventStream.Publish(new MarketSettled(new MarketTicker("KXA-OTHER"), Price.One, Early: true, Now));
        _alerts.ExpectNoMsg(Quiet);

        Sys.EventStream.Publish(new MarketSettled(new MarketTicker("KXA-HELD"), Price.Zero, Early: true, Now));

        var alert = _alerts.ExpectMsg<AlertRaised>();
        Assert.Equal(AlertKind.PositionSettledEarly, alert.Kind);
        Assert.Equal(new MarketTicker("KXA-HELD"), alert.Ticker);
        Assert.Equal("0.0000", alert.Figures["settlementValue"]);
        Assert.Equal("10.00", alert.Figures["contracts"]);
    }

    [Fact]
    public void AlertsActor_must_not_repeat_an_alert_after_a_restart()
    {
        var alerts = StartAlerts();
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.12")));
        _alerts.ExpectMsg<AlertRaised>();
        AwaitAssert(() => Assert.Single(PersistedEvents("alerts")));
        Watch(alerts);
        Sys.Stop(alerts);
        ExpectTerminated(alerts);

        alerts = StartAlerts();
        alerts.Tell(Observed(Market("KXA-DROP", change24h: "-0.12")));

        _alerts.ExpectNoMsg(Quiet);
        Assert.Single(PersistedEvents("alerts"));
    }

    // Identify is answered after PreStart, so the actor has subscribed to the event stream when this returns.
    private IActorRef StartAlerts()
    {
        var alerts = ActorOf(AlertsActor.Props(AlertSettings.Default));
        alerts.Tell(new Identify(null));
        ExpectMsg<ActorIdentity>();
        return alerts;
    }

    private static MarketsObserved Observed(params ScannedMarket[] markets) => new(Now, markets);

    private static ScannedMarket Market(
        string ticker, string? change24h = null, string volume24h = "1000", string bid = "0.40", string ask = "0.45", TimeSpan? closesIn = null) => new(
        0,
        new MarketTicker(ticker),
        new EventTicker(ticker[..ticker.LastIndexOf('-')]),
        0,
        Price.ParseDollars(bid),
        Price.ParseDollars(ask),
        Price.ParseDollars("0.42"),
        Price.FromUnits(Price.ParseDollars(ask).Units - Price.ParseDollars(bid).Units),
        change24h is null ? null : Money.ParseDollars(change24h),
        null,
        Quantity.Parse(volume24h),
        Quantity.Parse("500"),
        Money.ParseDollars("100"),
        Now + (closesIn ?? TimeSpan.FromDays(2)),
        Now.AddMinutes(-5));

    private static PortfolioUpdated Portfolio(long equity, long peak, string? held = null) => new(
        Money.FromDollars(equity),
        Money.FromDollars(equity),
        Money.FromDollars(peak),
        Money.Zero,
        Money.Zero,
        Money.Zero,
        Money.Zero,
        held is null ? [] : [new PositionView(new MarketTicker(held), null, Side.Yes, Quantity.Parse("10"), Money.FromDollars(4), Money.Zero, Money.Zero, null, Money.Zero)],
        Now);
}
