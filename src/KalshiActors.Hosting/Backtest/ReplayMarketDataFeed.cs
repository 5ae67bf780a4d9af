using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The exchange feed of a backtest: the market-data feed actor reads recorded events from it exactly as it reads the
/// WebSocket client. Subscribing does nothing (the recording holds what was subscribed); a resync request after a gap
/// cannot be served, so the book stays stale until the recording's next snapshot of that market, as it was live.
/// The channel continues its reader synchronously: the feed actor's pump, waiting on it, runs inside <see cref="Feed"/> on
/// the driver's thread and tells the event to the actor there, so the event is in the deterministic system's queue before
/// the driver runs it (an asynchronous pump would hand it over on the thread pool, unseen by the system's idle check).
/// Until the actor's pump has started, events wait in the channel and the pump reads them as it starts.
/// </summary>
internal sealed class ReplayMarketDataFeed : IMarketDataFeed
{
    private readonly Channel<MarketDataEvent> _events = Channel.CreateUnbounded<MarketDataEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    /// <inheritdoc />
    public ChannelReader<MarketDataEvent> Events => _events.Reader;

    /// <summary>Resync requests the books made (each a gap the recording did not repair at once).</summary>
    public long SnapshotRequests { get; private set; }

    /// <summary>Feeds one recorded event.</summary>
    public void Feed(MarketDataEvent e) => _events.Writer.TryWrite(e);

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
