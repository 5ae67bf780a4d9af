using KalshiActors.Cluster;

namespace KalshiActors.Cluster.Tests;

public sealed class ShardMapTests
{
    [Fact]
    public void ShardOf_SameTicker_SameShardEveryTime()
    {
        // Pinned values: the mapping must never change between releases, or a restarted cluster would move markets.
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
    public void ShardOf_OneShard_AlwaysZero() => Assert.Equal(0, ShardMap.ShardOf("ANY", 1));

    [Fact]
    public void ShardOf_ZeroShards_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => ShardMap.ShardOf("ANY", 0));
}
