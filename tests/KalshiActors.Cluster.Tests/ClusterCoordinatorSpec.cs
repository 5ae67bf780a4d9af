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
}
