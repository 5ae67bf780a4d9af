using System.Text;
using KalshiActors.Domain;

namespace KalshiActors.Cluster;

/// <summary>
/// Which shard a market belongs to: FNV-1a (32-bit) of the ticker's UTF-8 bytes modulo the shard count. Stable across
/// processes, machines and releases (never string.GetHashCode, which is randomized per process).
/// </summary>
public static class ShardMap
{
    /// <summary>The shard of <paramref name="ticker"/> among <paramref name="shardCount"/> shards.</summary>
    public static int ShardOf(string ticker, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)(Fnv1a(ticker) % (uint)shardCount);
    }

    /// <summary>The shard of <paramref name="ticker"/> among <paramref name="shardCount"/> shards.</summary>
    public static int ShardOf(MarketTicker ticker, int shardCount) => ShardOf(ticker.Value, shardCount);

    /// <summary>FNV-1a, 32-bit, of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
