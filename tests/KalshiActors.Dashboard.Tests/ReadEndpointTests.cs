using System.Net;
using System.Text.Json.Nodes;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence;

namespace KalshiActors.Dashboard.Tests;

public sealed class ReadEndpointTests : DashboardSpec
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Health_answers_on_loopback_without_a_token()
    {
        var health = await JsonOf(await Http.GetAsync("/api/health"));
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("simulator", health["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_holds_mode_portfolio_risk_strategies_and_the_state_digest()
    {
        Sys.EventStream.Publish(new PortfolioUpdated(
            Money.FromDollars(990), Money.FromDollars(1001), Money.FromDollars(1010), Money.FromDollars(1), Money.Zero, Money.Zero, Money.FromDollars(-2),
            [new PositionView(Ticker, null, Side.Yes, Quantity.FromContracts(3), Money.FromDollars(1), Money.Zero, Money.Zero, Price.FromCents(40), Money.Zero)], At));
        var state = await EventuallyAsync("/api/state", s => s["equity"]?.GetValue<string>() == "1001.0000");
        Assert.Equal("simulator", state["mode"]!.GetValue<string>());
        Assert.False(state["live"]!.GetValue<bool>());
        Assert.Equal("990.0000", state["cash"]!.GetValue<string>());
        Assert.Equal("-2.0000", state["dailyPnl"]!.GetValue<string>());
        Assert.Equal("3.00", state["positions"]![0]!["contracts"]!.GetValue<string>());
        Assert.Equal("active", state["tradingState"]!.GetValue<string>());
        Assert.Equal("daily-loss", state["risk"]!["limits"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(["ev", "vol"], state["strategies"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal("abc123", state["stateDigest"]!.GetValue<string>());
        Assert.True(state["autoTrading"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Markets_and_book_follow_the_catalog_and_book_updates()
    {
        Sys.EventStream.Publish(new MarketListed(Market()));
        Sys.EventStream.Publish(Book(1));
        Sys.EventStream.Publish(Book(2, yesBidCents: 47));
        var markets = await EventuallyAsync("/api/markets", m => m.AsArray().Count == 1 && m[0]!["yesBid"]?.GetValue<string>() == "0.4700");
        Assert.Equal("Test market", markets[0]!["title"]!.GetValue<string>());
        Assert.Equal("live", markets[0]!["bookStatus"]!.GetValue<string>());

        var book = await JsonOf(await Http.GetAsync($"/api/markets/{Ticker.Value}/book"));
        Assert.Equal(2, book["sequence"]!.GetValue<long>());
        Assert.Equal("0.4700", book["yesBids"]![0]!["price"]!.GetValue<string>());
        Assert.Equal("0.5200", book["yesAsks"]![0]!["price"]!.GetValue<string>());
        Assert.True(book["history"]!.AsArray().Count >= 1);
    }

    [Fact]
    public async Task Book_of_an_unknown_market_is_a_404_problem()
    {
        await AssertProblem(await Http.GetAsync("/api/markets/NOPE-1/book"), 404);
        await AssertProblem(await Http.GetAsync("/api/nothing-here"), 404);
    }

    [Fact]
    public async Task Signals_orders_trades_alerts_and_breakers_come_from_the_event_stream()
    {
        var intent = new IntentId("ev:" + Ticker.Value + ":1");
        var order = intent.ToClientOrderId();
        Sys.EventStream.Publish(new SignalRaised("ev", 1, Ticker, Side.Yes, Domain.Action.Buy, 0.6, Price.FromCents(50), Money.FromCents(7),
            new SizingRationale(0.1, 0.25, 1, Money.FromDollars(1000), Quantity.FromContracts(4), "kelly"), intent, At));
        Sys.EventStream.Publish(new OrderSubmitted(order, intent, "ev", Ticker, new EventTicker("KXTEST-26DEC04"), Side.Yes, Domain.Action.Buy,
            Price.FromCents(50), Quantity.FromContracts(4), ExecutionStyle.Maker, true, false, At));
        Sys.EventStream.Publish(new OrderAccepted(order, new OrderId("o-1"), Ticker, Quantity.FromContracts(4), At));
        Sys.EventStream.Publish(new OrderPartiallyFilled(order, new OrderId("o-1"), Ticker, "t-1", "ev", Side.Yes, Domain.Action.Buy, Price.FromCents(50),
            Quantity.FromContracts(1), Money.FromCents(2), false, Quantity.FromContracts(1), Quantity.FromContracts(3), At));
        Sys.EventStream.Publish(new AlertRaised("a-1", AlertKind.PriceDrop, Ticker, "dropped", new Dictionary<string, string> { ["change"] = "-0.1000" }, At));
        Sys.EventStream.Publish(new CircuitBreakerStateChanged("kalshi-ws", BreakerState.Closed, BreakerState.HalfOpen, "trial", [], At));

        var signals = await EventuallyAsync("/api/signals", s => s.AsArray().Count == 1);
        Assert.Equal("0.0700", signals[0]!["edge"]!.GetValue<string>());
        var orders = await EventuallyAsync("/api/orders", o => o.AsArray().Count == 1 && o[0]!["status"]!.GetValue<string>() == "partially-filled");
        Assert.Equal("3.00", orders[0]!["resting"]!.GetValue<string>());
        var trades = await EventuallyAsync("/api/trades?limit=5", t => t.AsArray().Count == 1);
        Assert.Equal("t-1", trades[0]!["tradeId"]!.GetValue<string>());
        var alerts = await EventuallyAsync("/api/alerts", a => a.AsArray().Count == 1);
        Assert.Equal("price-drop", alerts[0]!["kind"]!.GetValue<string>());
        var breakers = await EventuallyAsync("/api/circuit-breakers", b => b.AsArray().Count == 1);
        Assert.Equal("half-open", breakers[0]!["state"]!.GetValue<string>());
        var state = await JsonOf(await Http.GetAsync("/api/state"));
        Assert.Single(state["openOrders"]!.AsArray());

        Sys.EventStream.Publish(new OrderCanceled(order, new OrderId("o-1"), Ticker, Quantity.FromContracts(3), "kill switch", At));
        await EventuallyAsync("/api/state", s => s["openOrders"]!.AsArray().Count == 0);
        await EventuallyAsync("/api/orders", o => o[0]!["status"]!.GetValue<string>() == "canceled");
    }

    [Fact]
    public async Task A_late_event_of_a_finished_order_does_not_reopen_it()
    {
        var order = new ClientOrderId("late-1");
        Sys.EventStream.Publish(new OrderFilled(order, new OrderId("o-9"), Ticker, "t-late", "ev", Side.Yes, Domain.Action.Buy, Price.FromCents(50),
            Quantity.FromContracts(1), Money.Zero, true, Quantity.FromContracts(1), At));
        Sys.EventStream.Publish(new OrderAccepted(order, new OrderId("o-9"), Ticker, Quantity.Zero, At));
        Sys.EventStream.Publish(new OrderAccepted(new ClientOrderId("late-2"), new OrderId("o-10"), Ticker, Quantity.Zero, At));
        await EventuallyAsync("/api/trades", t => t.AsArray().Count == 1);
        var state = await EventuallyAsync("/api/orders", o => o.AsArray().Count == 2);
        Assert.Empty((await JsonOf(await Http.GetAsync("/api/state")))["openOrders"]!.AsArray());
        Assert.Equal("filled", state.AsArray().Single(o => o!["clientOrderId"]!.GetValue<string>() == "late-1")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_limit_is_a_400_problem()
    {
        await AssertProblem(await Http.GetAsync("/api/trades?limit=lots"), 400);
        await AssertProblem(await Http.GetAsync("/api/audit-log?since=yesterday-ish"), 400);
    }

    [Fact]
    public async Task Equity_curve_starts_with_the_first_portfolio_update()
    {
        Sys.EventStream.Publish(new PortfolioUpdated(
            Money.FromDollars(1000), Money.FromDollars(1000), Money.FromDollars(1000), Money.Zero, Money.Zero, Money.Zero, Money.Zero, [], At));
        var equity = await EventuallyAsync("/api/equity", e => e.AsArray().Count == 1);
        Assert.Equal("1000.0000", equity[0]!["equity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Audit_log_and_trades_csv_read_the_journal()
    {
        var fill = new OrderFilled(new ClientOrderId("c-1"), new OrderId("o-1"), Ticker, "t-9", "ev, \"quoted\"", Side.No, Domain.Action.Sell, Price.FromCents(30),
            Quantity.FromContracts(2), Money.FromCents(1), true, Quantity.FromContracts(2), At);
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-x", 1, fill, ["fill", "order"])])]);

        var csv = await Http.GetStringAsync("/api/export/trades.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("trade_id,client_order_id,ticker,strategy_id,side,action,price,count,fee,is_taker,at", lines[0]);
        Assert.Equal($"t-9,c-1,{Ticker.Value},\"ev, \"\"quoted\"\"\",no,sell,0.3000,2.00,0.0100,true,2026-12-04T10:00:00.000Z", lines[1]);

        var audit = await JsonOf(await Http.GetAsync("/api/audit-log?since=0&limit=10"));
        var entry = audit.AsArray().Single(e => e!["manifest"]!.GetValue<string>() == "OrderFilled.v1")!;
        Assert.Equal("router-x", entry["persistenceId"]!.GetValue<string>());
        Assert.Equal("t-9", entry["event"]!["trade_id"]!.GetValue<string>());
        Assert.Empty((await JsonOf(await Http.GetAsync("/api/audit-log?since=2030-01-01T00:00:00Z"))).AsArray());
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_assembly()
    {
        var page = await Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/app.css")).StatusCode);
    }
}
