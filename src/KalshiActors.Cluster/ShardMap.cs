using System.Text;
using KalshiActors.Domain;

namespace KalshiActors.Cluster;

/// <summary>
/// Which shard a market belongs to: FNV-1a (32-bit) of the UTF-8 bytes of its event's ticker (<see cref="EventKey"/>)
/// modulo the shard count, so every market of an event is traded by one node (an arbitrage across the event's markets
/// sees all their books, and the per-event risk limits see all their exposure). Stable across processes, machines and
/// releases (never string.GetHashCode, which is randomized per process); the database records the mapping
/// (<see cref="Mapping"/>) so that nodes mapping markets differently never run together.
/// </summary>
public static class ShardMap
{
    /// <summary>The mapping's name as the cluster's database records it.</summary>
    public const string Mapping = "event";

    /// <summary>The shard of <paramref name="ticker"/> among <paramref name="shardCount"/> shards.</summary>
    public static int ShardOf(string ticker, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)(Fnv1a(EventKey(ticker)) % (uint)shardCount);
    }

    /// <summary>
    /// The event part of a market ticker: the exchange names a market by its event's ticker, a dash and the market's own
    /// suffix (<c>KXBTC15M-26DEC051100-00</c> of event <c>KXBTC15M-26DEC051100</c>), so the ticker up to its last dash; a
    /// ticker without one is its own key. Read from the ticker alone, so that every place (the feed's filter, the lease
    /// gate, the journal fence) maps a market the same way without the catalog.
    /// </summary>
    public static string EventKey(string ticker)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        var dash = ticker.LastIndexOf('-');
        return dash > 0 ? ticker[..dash] : ticker;
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
