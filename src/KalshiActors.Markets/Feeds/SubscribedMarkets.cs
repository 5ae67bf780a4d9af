using KalshiActors.Domain;

namespace KalshiActors.Markets.Feeds;

/// <summary>
/// The markets the exchange feed subscribes, kept across its reconnects (each connection is a new feed actor, which
/// subscribes what this holds then): the configured ones, those listed since, less those whose books retired. No market
/// configured means every market, and then nothing is added or removed.
/// </summary>
internal sealed class SubscribedMarkets
{
    private readonly Lock _lock = new();
    private readonly List<MarketTicker> _order = [];
    private readonly HashSet<MarketTicker> _markets = [];

    /// <summary>Starts with the configured markets (none: every market).</summary>
    public SubscribedMarkets(IEnumerable<MarketTicker> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        foreach (var ticker in configured)
        {
            if (_markets.Add(ticker))
            {
                _order.Add(ticker);
            }
        }

        AllMarkets = _order.Count == 0;
    }

    /// <summary>No market was configured: the feed subscribes every market.</summary>
    public bool AllMarkets { get; }

    /// <summary>Adds a market (one listed later); false if it was there already or every market is subscribed.</summary>
    public bool Add(MarketTicker ticker)
    {
        lock (_lock)
        {
            if (AllMarkets || !_markets.Add(ticker))
            {
                return false;
            }

            _order.Add(ticker);
            return true;
        }
    }

    /// <summary>Drops a market that stopped trading, so a reconnect does not subscribe it again.</summary>
    public void Remove(MarketTicker ticker)
    {
        lock (_lock)
        {
            if (_markets.Remove(ticker))
            {
                _order.Remove(ticker);
            }
        }
    }

    /// <summary>The markets to subscribe now, in the order they were added.</summary>
    public MarketTicker[] Current()
    {
        lock (_lock)
        {
            return [.. _order];
        }
    }
}
