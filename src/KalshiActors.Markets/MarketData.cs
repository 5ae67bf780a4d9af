using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;

namespace KalshiActors.Markets;

/// <summary>A fair-value feed to run under the market-data supervisor as <c>feed-&lt;name&gt;</c>.</summary>
/// <param name="Name">The feed's name (its actor is <see cref="ActorNames.Feed"/> of it).</param>
/// <param name="Create">Creates the feed; called again on every restart.</param>
public sealed record FairValueFeedRegistration(string Name, Func<IFairValueFeed> Create);

/// <summary>What the market-data subtree runs: its settings and the ports Hosting chose for the mode.</summary>
public sealed record MarketDataOptions
{
    /// <summary>The module's settings.</summary>
    public MarketsSettings Settings { get; init; } = MarketsSettings.Default;

    /// <summary>Creates the exchange market-data connection (called again on every reconnect); null runs no exchange feed.</summary>
    public Func<IMarketDataFeed>? ExchangeFeed { get; init; }

    /// <summary>Where the catalog loads markets from; null runs no catalog.</summary>
    public IMarketCatalogSource? CatalogSource { get; init; }

    /// <summary>The fair-value feeds to run.</summary>
    public IReadOnlyList<FairValueFeedRegistration> FairValueFeeds { get; init; } = [];

    /// <summary>Where the scanner lists markets and their history; null runs no scanner.</summary>
    public IMarketScanSource? ScanSource { get; init; }

    /// <summary>The scanner's settings (its schedule, filters and ranking).</summary>
    public Scanner.ScannerSettings Scanner { get; init; } = KalshiActors.Markets.Scanner.ScannerSettings.Default;

    /// <summary>The alerts' settings; null runs no alerts actor.</summary>
    public Scanner.AlertSettings? Alerts { get; init; }

    /// <summary>Cluster mode: the node's shard leases (books of markets whose shard it loses are handed off); null on a single node.</summary>
    public IShardLeaseGate? LeaseGate { get; init; }
}

/// <summary>Entry point of the Markets module for Hosting.</summary>
public static class MarketData
{
    /// <summary>Props of the market-data supervisor; create it as <see cref="ActorNames.MarketData"/> under <c>/user</c>.</summary>
    public static Props Props(MarketDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings.EnsureValid();
        options.Scanner.EnsureValid();
        options.Alerts?.EnsureValid();
        return MarketDataSupervisorActor.Props(options);
    }

    /// <summary>
    /// Props of one market's order book outside the supervisor (benchmarks, replays); snapshot requests go to
    /// <paramref name="snapshotRequestsTo"/> (default: the parent). Needs persistence started on the system.
    /// </summary>
    public static Props OrderBook(MarketTicker ticker, MarketsSettings settings, IActorRef? snapshotRequestsTo = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Books.OrderBookActor.Props(ticker, settings.EnsureValid(), snapshotRequestsTo);
    }
}
