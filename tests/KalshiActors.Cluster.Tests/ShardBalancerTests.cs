using KalshiActors.Cluster;

namespace KalshiActors.Cluster.Tests;

public sealed class ShardBalancerTests
{
    [Theory]
    [InlineData(64, 3)]
    [InlineData(64, 1)]
    [InlineData(10, 4)]
    [InlineData(3, 5)]
    public void TargetFor_EveryMember_TargetsAddUpToShardCount_AndDifferByAtMostOne(int shards, int members)
    {
        var ids = Enumerable.Range(0, members).Select(i => $"node-{(char)('a' + i)}").ToList();
        var targets = ids.Select(id => ShardBalancer.TargetFor(id, ids, shards)).ToList();
        Assert.Equal(shards, targets.Sum());
        Assert.True(targets.Max() - targets.Min() <= 1);
    }

    [Fact]
    public void TargetFor_NodeNotYetInMemberList_CountsItself()
    {
        Assert.Equal(32, ShardBalancer.TargetFor("b", ["a"], 64));
        Assert.Equal(64, ShardBalancer.TargetFor("a", [], 64));
    }

    [Fact]
    public void Plan_AboveTarget_HandsOffHighestExtras()
    {
        var owned = Enumerable.Range(0, 10).ToHashSet();
        var plan = ShardBalancer.Plan("a", ["a", "b"], 10, owned);
        Assert.Equal(5, plan.Target);
        Assert.Equal([9, 8, 7, 6, 5], plan.Release);
        Assert.Empty(plan.TryAcquire);
    }

    [Fact]
    public void Plan_BelowTarget_TriesEveryShardNotHeld_OnceEach()
    {
        var owned = new HashSet<int> { 1, 2 };
        var plan = ShardBalancer.Plan("c", ["a", "b", "c"], 9, owned);
        Assert.Equal(3, plan.Target);
        Assert.Empty(plan.Release);
        Assert.Equal(7, plan.TryAcquire.Count);
        Assert.Equal(plan.TryAcquire.Count, plan.TryAcquire.Distinct().Count());
        Assert.DoesNotContain(1, plan.TryAcquire);
        Assert.DoesNotContain(2, plan.TryAcquire);
    }

    [Fact]
    public void Plan_AtTarget_DoesNothing()
    {
        var plan = ShardBalancer.Plan("a", ["a", "b"], 4, new HashSet<int> { 0, 3 });
        Assert.Empty(plan.TryAcquire);
        Assert.Empty(plan.Release);
    }

    [Fact]
    public void Plan_MemberLeaves_SurvivorsTargetsCoverItsShards()
    {
        var before = new[] { "a", "b", "c" }.Sum(id => ShardBalancer.TargetFor(id, ["a", "b", "c"], 64));
        var after = new[] { "a", "c" }.Sum(id => ShardBalancer.TargetFor(id, ["a", "c"], 64));
        Assert.Equal(64, before);
        Assert.Equal(64, after);
    }
}
