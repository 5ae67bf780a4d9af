using System.Net;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;

namespace KalshiActors.Dashboard.Tests;

/// <summary>A single node's `GET /api/cluster`: a clear mode and nothing else.</summary>
public sealed class SingleNodeClusterEndpointTests : DashboardSpec
{
    [Fact]
    public async Task Cluster_endpoint_on_a_single_node_answers_single_node_with_no_rows()
    {
        var view = await JsonOf(await Http.GetAsync("/api/cluster"));
        Assert.Equal("single-node", view["mode"]!.GetValue<string>());
        Assert.Empty(view["members"]!.AsArray());
        Assert.Empty(view["positions"]!.AsArray());
    }
}

/// <summary>A cluster node whose cluster actor is not running: the kill switch still halts the node itself.</summary>
public sealed class ClusterNodeWithoutClusterActorTests : DashboardSpec
{
    protected override bool Clustered => true;

    [Fact]
    public async Task Kill_switch_falls_back_to_this_nodes_risk_guardian_when_the_cluster_actor_does_not_answer()
    {
        var kill = await Http.SendAsync(Control("/api/kill-switch", new { reason = "database gone" }));
        Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        var answer = await JsonOf(kill);
        Assert.Equal("halted", answer["state"]!.GetValue<string>());
        Assert.Contains("THIS NODE ONLY", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("database gone", Observer.ExpectMsg<ActivateKillSwitch>().Reason);
        await AssertProblem(await Http.GetAsync("/api/cluster"), 503);
    }
}

/// <summary>A cluster node's dashboard over a stand-in <c>/user/cluster</c> and a journal holding two nodes' fills.</summary>
public sealed class ClusterEndpointTests : DashboardSpec
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly MarketTicker Other = new("KXTEST-26DEC04-T60");

    public ClusterEndpointTests() => Sys.ActorOf(Props.Create(() => new FakeCluster(Observer.Ref)), ActorNames.Cluster);

    protected override bool Clustered => true;

    // Status ticks (and with them the cluster pushes) often enough for the WebSocket test.
    protected override DashboardSettings Settings => base.Settings with { StatusInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task WebSocket_clients_of_a_cluster_node_get_the_cluster_view_pushed()
    {
        using var ws = await WsReader.ConnectAsync(Server.Url);
        var view = await ws.NextOfAsync("cluster", TimeSpan.FromSeconds(10));
        Assert.Equal("cluster", view["mode"]!.GetValue<string>());
        Assert.Equal(["a", "b"], view["members"]!.AsArray().Select(m => m!["nodeId"]!.GetValue<string>()));
        Assert.True(view["control"]!["halted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cluster_endpoint_shows_members_shard_owners_budgets_the_kill_switch_and_the_account_positions_from_the_journal()
    {
        // Two nodes' routers journaled these; one fill is journaled twice (a takeover's reconciliation) and counts once.
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-" + Ticker.Value, 1, Fill("t-1", Ticker, "ev-a", Side.Yes, Domain.Action.Buy, 5), ["fill", "order"])])]);
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-" + Ticker.Value, 2, Fill("t-2", Ticker, "ev-b", Side.Yes, Domain.Action.Sell, 2), ["fill", "order"])])]);
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-" + Other.Value, 1, Fill("t-3", Other, "ev-b", Side.No, Domain.Action.Buy, 4), ["fill", "order"])])]);
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-" + Other.Value, 2, Fill("t-3", Other, "ev-b", Side.No, Domain.Action.Buy, 4), ["fill", "order"])])]);

        var view = await JsonOf(await Http.GetAsync("/api/cluster"));
        Assert.Equal("cluster", view["mode"]!.GetValue<string>());
        Assert.Equal("a", view["nodeId"]!.GetValue<string>());
        var members = view["members"]!.AsArray();
        Assert.Equal(["a", "b"], members.Select(m => m!["nodeId"]!.GetValue<string>()));
        Assert.Equal([2, 1], members.Select(m => m!["shards"]!.GetValue<int>()));
        Assert.Equal("halted", members[1]!["tradingState"]!.GetValue<string>());
        var shards = view["shards"]!.AsArray();
        Assert.Equal(3, shards.Count);
        Assert.Equal(7, shards[2]!["epoch"]!.GetValue<long>());
        Assert.All(shards, s => Assert.True(s!["ownerLive"]!.GetValue<bool>()));
        Assert.Equal(["10.0000", "15.0000"], view["budgets"]!.AsArray().Select(b => b!["maxExposure"]!.GetValue<string>()));
        Assert.Equal("25.0000", view["leasedExposure"]!.GetValue<string>());
        Assert.Equal("30.0000", view["accountMaxExposure"]!.GetValue<string>());
        Assert.True(view["control"]!["halted"]!.GetValue<bool>());

        var positions = view["positions"]!.AsArray();
        Assert.Equal(3, view["fillsCounted"]!.GetValue<long>());
        Assert.Equal([Ticker.Value, Other.Value], positions.Select(p => p!["ticker"]!.GetValue<string>()));
        Assert.Equal(("3.00", "yes", "3.00"), (positions[0]!["position"]!.GetValue<string>(), positions[0]!["side"]!.GetValue<string>(), positions[0]!["contracts"]!.GetValue<string>()));
        Assert.Equal(["ev-a", "ev-b"], positions[0]!["strategies"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(("-4.00", "no", "4.00"), (positions[1]!["position"]!.GetValue<string>(), positions[1]!["side"]!.GetValue<string>(), positions[1]!["contracts"]!.GetValue<string>()));

        // Later fills are folded in on the next request.
        await Journal.WriteAsync([new AtomicWrite([new PersistentRepr("router-" + Other.Value, 3, Fill("t-4", Other, "ev-a", Side.No, Domain.Action.Sell, 4), ["fill", "order"])])]);
        var later = await JsonOf(await Http.GetAsync("/api/cluster"));
        Assert.Equal("flat", later["positions"]![1]!["side"]!.GetValue<string>());
        Assert.Equal(4, later["fillsCounted"]!.GetValue<long>());
    }

    [Fact]
    public async Task Kill_switch_and_reset_of_a_cluster_node_go_to_the_cluster_actor()
    {
        var kill = await Http.SendAsync(Control("/api/kill-switch", new { reason = "everyone stop" }));
        Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        Assert.Contains("across the cluster", (await JsonOf(kill))["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("everyone stop", Observer.ExpectMsg<ActivateKillSwitch>().Reason);

        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(Control("/api/risk/reset"))).StatusCode);
        Observer.ExpectMsg<ResetRiskHalt>();
    }

    private static OrderFilled Fill(string tradeId, MarketTicker ticker, string strategy, Side side, Domain.Action action, long count) =>
        new(new ClientOrderId("c-" + tradeId), new OrderId("o-" + tradeId), ticker, tradeId, strategy, side, action, Price.FromCents(40),
            Quantity.FromContracts(count), Money.FromCents(1), true, Quantity.FromContracts(count), At);

    /// <summary>Stands in for <c>/user/cluster</c>: two live nodes, three shards, two budgets, the kill switch on.</summary>
    private sealed class FakeCluster : ReceiveActor
    {
        public FakeCluster(IActorRef observer)
        {
            Receive<GetClusterState>(_ => Sender.Tell(
                new ClusterState(
                    "a",
                    3,
                    [new ClusterMember("a", At, At, true) { TradingState = TradingState.Active }, new ClusterMember("b", At, At, true) { TradingState = TradingState.Halted }],
                    [new ShardOwnership(0, "a", 1, At), new ShardOwnership(1, "b", 2, At), new ShardOwnership(2, "a", 7, At)],
                    [new RiskBudgetLease("a", Money.FromDollars(10), 3, At), new RiskBudgetLease("b", Money.FromDollars(15), 4, At)],
                    Money.FromDollars(30),
                    8,
                    At) { Control = new ClusterControl(true, 4, "test", "ops", "b", At) },
                Self));
            Receive<ActivateKillSwitch>(c =>
            {
                observer.Tell(c, Self);
                Sender.Tell(new RiskCommandResult(true, TradingState.Halted, "kill switch on across the cluster"), Self);
            });
            Receive<ResetRiskHalt>(c =>
            {
                observer.Tell(c, Self);
                Sender.Tell(new RiskCommandResult(true, TradingState.Active, "kill switch off across the cluster"), Self);
            });
        }
    }
}
