using KalshiActors.Cluster;

namespace KalshiActors.Cluster.Tests;

public sealed class ShardMapTests
{
    [Fact]
    public void ShardOf_SameTicker_SameShardEveryTime()
    {
        // Pinned values: the mapping changes only with ShardMap.Mapping, which the database records (nodes that map
        // markets differently must never run together).
        Assert.Equal(ShardMap.ShardOf("KXSIMBTCD-26DEC0412-T100000", 64), ShardMap.ShardOf("KXSIMBTCD-26DEC0412-T100000", 64));
        Assert.Equal(0x811C9DC5u, ShardMap.Fnv1a(string.Empty));
        Assert.Equal(0xE40C292Cu, ShardMap.Fnv1a("a"));
        Assert.Equal(0xBF9CF968u, ShardMap.Fnv1a("foobar"));
    }

    [Fact]
    public void ShardOf_ManyTickers_SpreadOverEveryShard()
    {
        var counts = new int[16];
        for (var i = 0; i < 1600; i++)
        {
            counts[ShardMap.ShardOf($"KXSIM-{i:D4}-T{i * 7}", 16)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 50, 150));
    }

    [Fact]
    public void ShardOf_TheMarketsOfAnEvent_ShareAShard_WhichTheEventTickerGives()
    {
        // One node trades an event's markets together: an arbitrage across them, and the per-event limits.
        var ladder = new[] { "KXSIMBTCD-26DEC0412-T99000", "KXSIMBTCD-26DEC0412-T100000", "KXSIMBTCD-26DEC0412-T101000" };
        Assert.Single(ladder.Select(t => ShardMap.ShardOf(t, 64)).Distinct());
        Assert.Equal((int)(ShardMap.Fnv1a("KXSIMBTCD-26DEC0412") % 64), ShardMap.ShardOf(ladder[0], 64));
        Assert.Equal("KXSIMELECT-26DEC05", ShardMap.EventKey("KXSIMELECT-26DEC05-ALICE"));
        Assert.Equal("NODASH", ShardMap.EventKey("NODASH"));

        // Different events still spread.
        var events = Enumerable.Range(0, 200).Select(i => ShardMap.ShardOf($"KXBTC15M-26DEC05{i:D4}-00", 16)).Distinct().Count();
        Assert.Equal(16, events);
    }

    [Fact]
    public void ShardOf_OneShard_AlwaysZero() => Assert.Equal(0, ShardMap.ShardOf("ANY", 1));

    [Fact]
    public void ShardOf_ZeroShards_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => ShardMap.ShardOf("ANY", 0));
}
