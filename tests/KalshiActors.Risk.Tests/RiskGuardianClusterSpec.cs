using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Xunit.Abstractions;

namespace KalshiActors.Risk.Tests;

/// <summary>Cluster mode: the shard lease check, the lease epoch on approvals, the leased budget set at runtime.</summary>
public sealed class RiskGuardianClusterSpec(ITestOutputHelper output) : RiskGuardianSpecBase(output)
{
    private sealed class FakeGate : IShardLeaseGate
    {
        public Dictionary<MarketTicker, long> Leases { get; } = [];

        public long? LeaseEpoch(MarketTicker ticker) => Leases.TryGetValue(ticker, out var epoch) ? epoch : null;
    }

    private IActorRef StartClusterGuardian(FakeGate gate, RiskSettings? settings = null)
    {
        var guardian = ActorOf(RiskGuardian.Props(settings ?? RiskSettings.Default, Execution.Ref, PortfolioProbe.Ref, gate));
        PortfolioProbe.ExpectMsg<GetPortfolio>();
        Listed(guardian, MarketA, EventX);
        Listed(guardian, MarketB, EventX);
        guardian.Tell(LiveBook(MarketA));
        guardian.Tell(LiveBook(MarketB));
        guardian.Tell(Portfolio(1_000));
        return guardian;
    }

    [Fact]
    public void RiskGuardian_must_reject_an_intent_for_a_market_whose_shard_it_holds_no_lease_on()
    {
        var gate = new FakeGate();
        var guardian = StartClusterGuardian(gate);

        var rejected = ExpectRejected(guardian, Intent(), RiskCheck.ShardLease);

        Assert.Contains("no live lease", rejected.Reason, StringComparison.Ordinal);
        Execution.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void RiskGuardian_must_stamp_an_approval_with_the_shard_lease_epoch()
    {
        var gate = new FakeGate();
        gate.Leases[MarketA] = 7;
        var guardian = StartClusterGuardian(gate);

        var approved = ExpectApproved(guardian, Intent());

        Assert.Equal(7, approved.LeaseEpoch);
        Assert.Equal("7", approved.Figures["lease_epoch"]);
        Assert.Equal(7, Assert.Single(PersistedEvents(RiskGuardian.PersistenceId).OfType<IntentApproved>()).LeaseEpoch);
    }

    [Fact]
    public void RiskGuardian_must_enforce_a_leased_total_exposure_budget_set_at_runtime_and_report_its_use()
    {
        var gate = new FakeGate();
        gate.Leases[MarketA] = 1;
        gate.Leases[MarketB] = 1;
        var guardian = StartClusterGuardian(gate);
        ExpectApproved(guardian, Intent(contracts: 10));

        guardian.Tell(new UpdateRiskLimits(Money.FromDollars(6), 5));
        var updated = ExpectMsg<RiskLimitsUpdated>();
        Assert.Equal(Money.FromDollars(6), updated.MaxTotalExposure);
        Assert.Equal(5, updated.MaxConcurrentPositions);
        Assert.Equal(Money.FromDollars(4), updated.TotalExposure);
        Assert.Equal(1, updated.ActiveMarkets);

        var rejected = ExpectRejected(guardian, Intent(ticker: MarketB, contracts: 10), RiskCheck.TotalExposure);
        Assert.Equal("6.0000", rejected.Figures["total_limit"]);

        guardian.Tell(new UpdateRiskLimits(Money.FromDollars(20), null));
        Assert.Equal(5, ExpectMsg<RiskLimitsUpdated>().MaxConcurrentPositions);
        ExpectApproved(guardian, Intent(ticker: MarketB, contracts: 10));
    }

    [Fact]
    public void RiskGuardian_must_count_only_the_positions_of_its_own_shards()
    {
        var gate = new FakeGate();
        gate.Leases[MarketA] = 1;
        var guardian = StartClusterGuardian(gate);
        guardian.Tell(new UpdateRiskLimits(Money.FromDollars(10), null));
        ExpectMsg<RiskLimitsUpdated>();

        // A $45 position in market B belongs to another node's shard (and budget): not counted here.
        guardian.Tell(Portfolio(1_000, positions: Position(MarketB, EventY, Side.Yes, 100, 45)));
        ExpectApproved(guardian, Intent(contracts: 10));

        // Once this node gains B's shard, the position counts against its budget.
        gate.Leases[MarketB] = 2;
        guardian.Tell(new ShardLeasesChanged(new Dictionary<int, long> { [0] = 2 }, [], Start));
        ExpectRejected(guardian, Intent(contracts: 10), RiskCheck.TotalExposure);
    }
}
