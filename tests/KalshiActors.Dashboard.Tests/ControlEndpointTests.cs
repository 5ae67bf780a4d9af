using System.Net;
using KalshiActors.Dashboard.Configuration;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Tests;

public sealed class ControlEndpointTests : DashboardSpec
{
    [Theory]
    [InlineData("/api/kill-switch")]
    [InlineData("/api/risk/reset")]
    [InlineData("/api/config")]
    [InlineData("/api/orders")]
    [InlineData("/api/circuit-breakers/kalshi-ws/reset")]
    public async Task Control_endpoints_refuse_a_missing_or_wrong_token_with_a_401_problem(string path)
    {
        var missing = await Http.PostAsync(path, null);
        await AssertProblem(missing, 401);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblem(await Http.SendAsync(Control(path, token: "not-the-token")), 401);
        Observer.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Kill_switch_reaches_the_risk_guardian_and_answers_halted()
    {
        var response = await Http.SendAsync(Control("/api/kill-switch", new { reason = "test" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("halted", (await JsonOf(response))["state"]!.GetValue<string>());
        Assert.Equal("test", Observer.ExpectMsg<ActivateKillSwitch>().Reason);
        Assert.Equal("halted", (await JsonOf(await Http.GetAsync("/api/state")))["tradingState"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(Control("/api/risk/reset"))).StatusCode);
        await AssertProblem(await Http.SendAsync(Control("/api/risk/reset")), 409);
    }

    [Fact]
    public async Task Config_change_is_journaled_then_applied_to_every_strategy()
    {
        var response = await Http.SendAsync(Control("/api/config", new
        {
            autoTrading = false,
            minEdge = "0.02",
            maxPosition = "25",
            strategies = new Dictionary<string, object> { ["vol"] = new { parameters = new Dictionary<string, string> { ["kelly-fraction"] = "0.1" } } },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await JsonOf(response);
        Assert.False(result["autoTrading"]!.GetValue<bool>());

        var change = Assert.IsType<ConfigurationChanged>(Assert.Single(PersistedEvents("dashboard-config")));
        Assert.Equal(false, change.AutoTrading);
        Assert.Equal("0.0200", change.MinEdge);
        Assert.Equal("25.00", change.MaxPosition);
        Assert.Equal("0.1", change.Strategies.Single(s => s.StrategyId == "vol").Parameters["kelly-fraction"]);

        Assert.Equal("ev", Observer.ExpectMsg<DisableStrategy>().StrategyId);
        var parameters = Observer.ExpectMsg<UpdateStrategyParameters>();
        Assert.Equal("0.0200", parameters.Parameters["min-edge"]);
        Assert.Equal("25.00", parameters.Parameters["max-contracts"]);
        Assert.Equal("vol", Observer.ExpectMsg<DisableStrategy>().StrategyId);
        Observer.ExpectMsg<UpdateStrategyParameters>();
        Assert.Equal("0.1", Observer.ExpectMsg<UpdateStrategyParameters>().Parameters["kelly-fraction"]);
        await EventuallyAsync("/api/state", s => !s["autoTrading"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_command_a_strategy_refuses_makes_a_422_problem_listing_the_outcomes()
    {
        var response = await Http.SendAsync(Control("/api/config", new
        {
            strategies = new Dictionary<string, object> { ["ev"] = new { parameters = new Dictionary<string, string> { ["bad"] = "1" } } },
        }));
        var problem = await AssertProblem(response, 422);
        Assert.Equal("unknown key 'bad'", problem["outcomes"]![0]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"minEdge\":\"-1\"}")]
    [InlineData("{\"maxPosition\":\"zero\"}")]
    [InlineData("{\"strategies\":{\"nope\":{\"enabled\":true}}}")]
    [InlineData("{}")]
    [InlineData("{not json")]
    public async Task Bad_config_is_a_400_problem_and_nothing_is_journaled(string body)
    {
        var request = Control("/api/config");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await AssertProblem(await Http.SendAsync(request), 400);
        Assert.Empty(PersistedEvents("dashboard-config"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var request = Control("/api/config");
        request.Content = new StringContent("autoTrading=false", System.Text.Encoding.UTF8, "text/plain");
        await AssertProblem(await Http.SendAsync(request), 415);
    }

    [Fact]
    public async Task Switching_to_live_is_refused_when_the_node_did_not_start_live()
    {
        var problem = await AssertProblem(await Http.SendAsync(Control("/api/config", new { mode = "live" })), 403);
        Assert.Contains("started in simulator mode", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertProblem(await Http.SendAsync(Control("/api/config", new { mode = "paper" })), 409);
        Assert.Empty(PersistedEvents("dashboard-config"));
    }

    [Fact]
    public async Task Manual_order_goes_through_the_risk_guardian()
    {
        Sys.EventStream.Publish(new MarketListed(Market()));
        await EventuallyAsync("/api/markets", m => m.AsArray().Count == 1);

        var approved = await Http.SendAsync(Control("/api/orders", new { ticker = Ticker.Value, side = "yes", action = "buy", price = "0.45", count = "3", fairValue = "0.55" }));
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        var intent = Observer.ExpectMsg<OrderIntent>();
        Assert.Equal("manual", intent.StrategyId);
        Assert.Equal(Money.FromCents(10), intent.EdgeAfterFees);
        Assert.Equal(new EventTicker("KXTEST-26DEC04"), intent.EventTicker);
        Assert.Equal(intent.IntentId.ToClientOrderId().Value, (await JsonOf(approved))["clientOrderId"]!.GetValue<string>());

        var rejected = await AssertProblem(
            await Http.SendAsync(Control("/api/orders", new { ticker = Ticker.Value, side = "no", action = "buy", price = "0.95", count = "1", fairValue = "0.97" })), 422);
        Assert.Equal("price-sanity", rejected["check"]!.GetValue<string>());

        await AssertProblem(await Http.SendAsync(Control("/api/orders", new { ticker = "UNKNOWN-1", side = "yes", action = "buy", price = "0.45", count = "1", fairValue = "0.5" })), 404);
        var invalid = await AssertProblem(await Http.SendAsync(Control("/api/orders", new { ticker = Ticker.Value, side = "up", action = "buy", price = "1.5", count = "0" })), 400);
        Assert.Contains("side 'up'", invalid["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Breaker_reset_is_sent_to_market_data()
    {
        var ok = await Http.SendAsync(Control("/api/circuit-breakers/kalshi-ws/reset"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await AssertProblem(await Http.SendAsync(Control("/api/circuit-breakers/nope/reset")), 404);
    }
}

public sealed class LiveNodeConfigTests : DashboardSpec
{
    protected override bool StartedLive => true;

    [Fact]
    public async Task A_node_started_live_accepts_live_as_its_mode()
    {
        var response = await Http.SendAsync(Control("/api/config", new { mode = "live", autoTrading = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
