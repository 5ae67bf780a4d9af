using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The exchange feed of a backtest: the market-data feed actor reads recorded events from it exactly as it reads the
/// WebSocket client. Subscribing does nothing (the recording holds what was subscribed); a resync request after a gap
/// cannot be served, so the book stays stale until the recording's next snapshot of that market, as it was live.
/// The events go through a <see cref="SynchronousChannelReader{T}"/>, so the feed actor's pump tells each to its actor
/// inside <see cref="Feed"/>.
/// </summary>
internal sealed class ReplayMarketDataFeed : IMarketDataFeed
{
    private readonly SynchronousChannelReader<MarketDataEvent> _events = new();

    /// <inheritdoc />
    public ChannelReader<MarketDataEvent> Events => _events;

    /// <summary>Resync requests the books made (each a gap the recording did not repair at once).</summary>
    public long SnapshotRequests { get; private set; }

    /// <summary>Feeds one recorded event.</summary>
    public void Feed(MarketDataEvent e) => _events.Write(e);

    /// <inheritdoc />
    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        SnapshotRequests++;
        return Task.CompletedTask;
    }

    // The feed actor disposes its feed when it restarts; the recording goes on, so the next actor reads the same stream.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
