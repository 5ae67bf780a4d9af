using KalshiActors.Cluster;
using KalshiActors.Domain;

namespace KalshiActors.Cluster.Tests;

public sealed class RiskBudgetArithmeticTests
{
    private static readonly RiskBudget Account = new(Money.FromDollars(100), 20);

    [Fact]
    public void FairShare_ThreeMembers_RoundsDown_NeverAboveAccount()
    {
        var share = RiskBudgetArithmetic.FairShare(Account, 3);
        Assert.Equal(Money.FromUnits(Money.FromDollars(100).Units / 3), share.MaxExposure);
        Assert.Equal(6, share.MaxPositions);
        Assert.True(share.MaxExposure.Units * 3 <= Account.MaxExposure.Units);
    }

    [Fact]
    public void FairShare_NoMembers_CountsAsOne() => Assert.Equal(Account, RiskBudgetArithmetic.FairShare(Account, 0));

    [Fact]
    public void Desired_UsingMoreThanFairShare_KeepsWhatIsUsed()
    {
        var desired = RiskBudgetArithmetic.Desired(new RiskBudget(Money.FromDollars(33), 6), new RiskBudget(Money.FromDollars(40), 2), Account);
        Assert.Equal(Money.FromDollars(40), desired.MaxExposure);
        Assert.Equal(6, desired.MaxPositions);
    }

    [Fact]
    public void Desired_NeverAboveAccount() =>
        Assert.Equal(Account, RiskBudgetArithmetic.Desired(Account, new RiskBudget(Money.FromDollars(500), 99), Account));

    [Fact]
    public void Grant_OthersHoldMost_GetsOnlyTheRemainder()
    {
        var granted = RiskBudgetArithmetic.Grant(new RiskBudget(Money.FromDollars(50), 10), new RiskBudget(Money.FromDollars(80), 15), Account);
        Assert.Equal(Money.FromDollars(20), granted.MaxExposure);
        Assert.Equal(5, granted.MaxPositions);
    }

    [Fact]
    public void Grant_OthersAboveAccount_GrantsNothing()
    {
        var granted = RiskBudgetArithmetic.Grant(new RiskBudget(Money.FromDollars(50), 10), new RiskBudget(Money.FromDollars(120), 25), Account);
        Assert.Equal(RiskBudget.None, granted);
    }

    [Fact]
    public void Grant_AnySequenceOfRequests_SumNeverExceedsAccount()
    {
        var random = new Random(7);
        var leases = new Dictionary<int, RiskBudget>();
        for (var step = 0; step < 2000; step++)
        {
            var node = random.Next(5);
            var others = leases.Where(l => l.Key != node).Aggregate(RiskBudget.None, (sum, l) => new RiskBudget(sum.MaxExposure + l.Value.MaxExposure, sum.MaxPositions + l.Value.MaxPositions));
            var desired = new RiskBudget(Money.FromUnits(random.NextInt64(0, Account.MaxExposure.Units + 1)), random.Next(0, 21));
            leases[node] = RiskBudgetArithmetic.Grant(desired, others, Account);
            Assert.True(leases.Values.Sum(l => l.MaxExposure.Units) <= Account.MaxExposure.Units);
            Assert.True(leases.Values.Sum(l => l.MaxPositions) <= Account.MaxPositions);
        }
    }
}
