using System.Threading.Channels;

namespace KalshiActors.Domain.Ports;

/// <summary>A live stream of market data and private updates: the exchange WebSocket, the simulator's, or a replay.</summary>
public interface IMarketDataFeed : IAsyncDisposable
{
    /// <summary>Everything observed, in arrival order; completes after <see cref="FeedDisconnected"/>.</summary>
    ChannelReader<MarketDataEvent> Events { get; }

    /// <summary>Opens the connection.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Subscribes the channels for the markets (empty = every market, where the channel allows it).</summary>
    Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken);

    /// <summary>Stops the channels' subscriptions.</summary>
    Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken);

    /// <summary>Asks for fresh order-book snapshots of the markets without changing the subscription (resync after a gap).</summary>
    Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken);
}
