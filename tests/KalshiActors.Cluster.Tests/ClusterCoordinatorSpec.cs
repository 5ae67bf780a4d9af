using KalshiActors.Cluster;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Tests.PostgreSql;
using KalshiActors.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KalshiActors.Cluster.Tests;

/// <summary>The cluster actor against a real PostgreSQL: it takes its shards, hands the budget to the guardian and answers GetClusterState.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ClusterCoordinatorSpec(PostgreSqlServerFixture server, ITestOutputHelper output) : TestKit(output, timeProvider: TimeProvider.System)
{
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }

    // Four shards, a 100 ms heartbeat, 2 s lease timeout and 4 s budget leases.
    private static ClusterSettings FourShards(string nodeId) => new()
    {
        NodeId = nodeId,
        ShardCount = 4,
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        LeaseTimeout = TimeSpan.FromSeconds(2),
        BudgetLeaseDuration = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public async Task ClusterCoordinator_must_take_every_shard_alone_publish_the_gain_lease_the_budget_and_answer_GetClusterState()
    {
        var settings = new ClusterSettings
        {
            NodeId = "solo",
            ShardCount = 6,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            LeaseTimeout = TimeSpan.FromSeconds(2),
            BudgetLeaseDuration = TimeSpan.FromSeconds(4),
            AccountMaxExposure = Money.FromDollars(40),
            AccountMaxPositions = 8,
        };
        await using var node = await ClusterNode.OpenAsync(settings, server.ConnectionString, PostgreSqlServerFixture.NewSchema(), TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        var guardian = CreateTestProbe("guardian");
        Sys.ActorOf(Props.Create(() => new Forwarder(guardian.Ref)), ActorNames.RiskGuardian);
        var leases = CreateTestProbe("leases");
        Sys.EventStream.Subscribe(leases.Ref, typeof(ShardLeasesChanged));

        var cluster = Sys.ActorOf(node.CoordinatorProps(), ActorNames.Cluster);

        var gained = leases.ExpectMsg<ShardLeasesChanged>(TimeSpan.FromSeconds(10));
        Assert.Equal(6, gained.Gained.Count);
        Assert.All(Enumerable.Range(0, 6), s => Assert.NotNull(node.Gate.EpochOf(s)));
        var budget = guardian.ExpectMsg<UpdateRiskLimits>(TimeSpan.FromSeconds(10));
        Assert.Equal(Money.FromDollars(40), budget.MaxTotalExposure);
        Assert.Equal(8, budget.MaxConcurrentPositions);

        var state = await cluster.Ask<ClusterState>(new GetClusterState(), TimeSpan.FromSeconds(10));
        Assert.Equal("solo", state.NodeId);
        Assert.Equal("solo", Assert.Single(state.Members, m => m.Live).NodeId);
        Assert.All(state.Shards, s => Assert.Equal("solo", s.Owner));
        Assert.Equal(Money.FromDollars(40), Assert.Single(state.Budgets).MaxExposure);

        // Leaving: the gate closes at once and the database forgets the node.
        await node.LeaveAsync(CancellationToken.None);
        Assert.Null(node.Gate.EpochOf(0));
    }

    [Fact]
    public async Task ClusterCoordinator_must_carry_the_kill_switch_across_the_cluster_through_the_control_row()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var settings = FourShards("a");
        await using var node = await ClusterNode.OpenAsync(settings, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        // Another node's operator, writing the control row as its coordinator would.
        await using var other = await ClusterNode.OpenAsync(settings with { NodeId = "b" }, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        var guardian = CreateTestProbe("guardian");
        Sys.ActorOf(Props.Create(() => new Forwarder(guardian.Ref)), ActorNames.RiskGuardian);
        var cluster = Sys.ActorOf(node.CoordinatorProps(), ActorNames.Cluster);
        guardian.ExpectMsg<UpdateRiskLimits>(TimeSpan.FromSeconds(10));

        // Another node's kill switch reaches this node's guardian on a heartbeat.
        var written = await other.SetControlAsync(true, "fat finger", "ops-b", CancellationToken.None);
        Assert.True(written.Halted);
        var applied = guardian.FishForMessage<ActivateKillSwitch>(_ => true, TimeSpan.FromSeconds(10));
        Assert.Contains("fat finger", applied.Reason, StringComparison.Ordinal);
        Assert.Equal("ops-b", applied.Operator);

        // A kill switch here goes to the guardian at once and into the control row for the others.
        var kill = cluster.Ask<RiskCommandResult>(new ActivateKillSwitch("second look", "ops-a"), TimeSpan.FromSeconds(10));
        Assert.Equal("second look", guardian.FishForMessage<ActivateKillSwitch>(_ => true, TimeSpan.FromSeconds(10)).Reason);
        guardian.Reply(new RiskCommandResult(true, TradingState.Halted, "kill switch on"));
        var killed = await kill;
        Assert.True(killed.Accepted);
        Assert.Contains("across the cluster", killed.Message, StringComparison.Ordinal);
        var state = await cluster.Ask<ClusterState>(new GetClusterState(), TimeSpan.FromSeconds(10));
        Assert.Equal(new ClusterControl(true, written.Generation + 1, "second look", "ops-a", "a", state.Control!.ChangedAt), state.Control);

        // A reset is written first, then applied here; the other nodes reset on their heartbeat.
        var reset = cluster.Ask<RiskCommandResult>(new ResetRiskHalt("all clear", "ops-a"), TimeSpan.FromSeconds(10));
        Assert.Equal("all clear", guardian.FishForMessage<ResetRiskHalt>(_ => true, TimeSpan.FromSeconds(10)).Reason);
        guardian.Reply(new RiskCommandResult(true, TradingState.Active, "reset"));
        Assert.True((await reset).Accepted);
        Assert.False((await other.ReadStateAsync(CancellationToken.None)).Control!.Halted);

        // Only its own change: no second kill or reset from this node's heartbeat.
        Assert.DoesNotContain(guardian.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(500)), m => m is ActivateKillSwitch or ResetRiskHalt);

        // Another node resets: this node's guardian resets too.
        await other.SetControlAsync(true, "again", "ops-b", CancellationToken.None);
        guardian.FishForMessage<ActivateKillSwitch>(_ => true, TimeSpan.FromSeconds(10));
        await other.SetControlAsync(false, "clear again", "ops-b", CancellationToken.None);
        Assert.Contains("clear again", guardian.FishForMessage<ResetRiskHalt>(_ => true, TimeSpan.FromSeconds(10)).Reason, StringComparison.Ordinal);
        await node.LeaveAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ClusterCoordinator_joining_a_halted_cluster_must_halt_its_guardian_before_taking_shards()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var settings = FourShards("late");
        await using (var early = await ClusterNode.OpenAsync(settings with { NodeId = "early" }, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None))
        {
            await early.SetControlAsync(true, "stop everything", "ops", CancellationToken.None);
        }

        await using var node = await ClusterNode.OpenAsync(settings, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        var guardian = CreateTestProbe("guardian");
        Sys.ActorOf(Props.Create(() => new Forwarder(guardian.Ref)), ActorNames.RiskGuardian);
        var leases = CreateTestProbe("leases");
        Sys.EventStream.Subscribe(leases.Ref, typeof(ShardLeasesChanged));
        Sys.ActorOf(node.CoordinatorProps(), ActorNames.Cluster);

        // The kill comes with the first round, before the budget; shards only after it.
        var first = guardian.FishForMessage<object>(m => m is ActivateKillSwitch or UpdateRiskLimits, TimeSpan.FromSeconds(10));
        Assert.Contains("stop everything", Assert.IsType<ActivateKillSwitch>(first).Reason, StringComparison.Ordinal);
        Assert.Equal(4, leases.ExpectMsg<ShardLeasesChanged>(TimeSpan.FromSeconds(10)).Gained.Count);
        await node.LeaveAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ClusterCoordinator_coming_back_must_reset_its_guardian_for_a_reset_it_missed_and_for_nothing_else()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var settings = FourShards("away");
        // Another node's operator, writing the control row as its coordinator would, and a view of what "away" recorded.
        await using var operators = await ClusterNode.OpenAsync(settings with { NodeId = "ops" }, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        await using var records = await ClusterDatabase.OpenAsync(server.ConnectionString, schema, "away", settings, CancellationToken.None);
        var guardian = CreateTestProbe("guardian");
        Sys.ActorOf(Props.Create(() => new Forwarder(guardian.Ref)), ActorNames.RiskGuardian);

        async Task<ClusterNode> JoinAsync()
        {
            var node = await ClusterNode.OpenAsync(settings, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
            Sys.ActorOf(node.CoordinatorProps(), ActorNames.Cluster);
            return node;
        }

        async Task LeaveAsync(ClusterNode node)
        {
            var cluster = await Sys.ActorSelection(ActorNames.ClusterPath).ResolveOne(TimeSpan.FromSeconds(5));
            Watch(cluster);
            Sys.Stop(cluster);
            ExpectTerminated(cluster, TimeSpan.FromSeconds(5));
            await node.DisposeAsync();
            guardian.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(200));
        }

        async Task RecordedAsync(long generation)
        {
            for (var attempt = 0; attempt < 100 && await records.ReadTakenControlAsync(CancellationToken.None) != generation; attempt++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(generation, await records.ReadTakenControlAsync(CancellationToken.None));
        }

        // First stay: the node's guardian takes the cluster's kill switch, then the node goes away halted.
        var node = await JoinAsync();
        guardian.FishForMessage<UpdateRiskLimits>(_ => true, TimeSpan.FromSeconds(10));
        var kill = await operators.SetControlAsync(true, "halt all", "ops", CancellationToken.None);
        guardian.FishForMessage<ActivateKillSwitch>(_ => true, TimeSpan.FromSeconds(10));
        guardian.Reply(new RiskCommandResult(true, TradingState.Halted, "kill switch on"));
        await RecordedAsync(kill.Generation);
        await LeaveAsync(node);

        // While it is away the cluster is reset: coming back, its first round hands the missed reset to its guardian.
        var reset = await operators.SetControlAsync(false, "all clear", "ops", CancellationToken.None);
        node = await JoinAsync();
        var first = guardian.FishForMessage<object>(m => m is ResetRiskHalt or UpdateRiskLimits, TimeSpan.FromSeconds(10));
        var caughtUp = Assert.IsType<ResetRiskHalt>(first);
        Assert.Contains("while this node was away", caughtUp.Reason, StringComparison.Ordinal);
        Assert.Contains("all clear", caughtUp.Reason, StringComparison.Ordinal);
        guardian.Reply(new RiskCommandResult(true, TradingState.Active, "reset"));
        await RecordedAsync(reset.Generation);
        await LeaveAsync(node);

        // Back again having missed nothing: no reset, so a halt its guardian took for its own reasons stands.
        node = await JoinAsync();
        guardian.FishForMessage<UpdateRiskLimits>(_ => true, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(guardian.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(500)), m => m is ActivateKillSwitch or ResetRiskHalt);
        await LeaveAsync(node);
    }
}
