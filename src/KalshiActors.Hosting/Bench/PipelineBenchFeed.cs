using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`'s exchange connection: what the bench writes is what the feed actor reads, through the same channel
/// contract as the WebSocket client. A resync request is counted, not served (a run that causes one is reported as flawed).
/// </summary>
internal sealed class PipelineBenchFeed : IMarketDataFeed
{
    // Resumes its reader on the writer's thread, as the WebSocket client's channel does.
    private readonly Channel<MarketDataEvent> _events = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly Func<IReadOnlyCollection<MarketTicker>, IEnumerable<MarketDataEvent>> _snapshots;
    private int _snapshotRequests;

    /// <param name="snapshots">The snapshots a book subscription brings (the exchange sends them after subscribing).</param>
    public PipelineBenchFeed(Func<IReadOnlyCollection<MarketTicker>, IEnumerable<MarketDataEvent>> snapshots) => _snapshots = snapshots;

    /// <inheritdoc />
    public ChannelReader<MarketDataEvent> Events => _events.Reader;

    /// <summary>Resync requests made by books (zero in a sound run).</summary>
    public int SnapshotRequests => Volatile.Read(ref _snapshotRequests);

    /// <summary>Hands one event to the feed actor (the delta ingress point).</summary>
    public void Write(MarketDataEvent e) => _events.Writer.TryWrite(e);

    /// <inheritdoc />
    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        if (channels.HasFlag(MarketDataChannels.OrderBook))
        {
            foreach (var snapshot in _snapshots(tickers))
            {
                Write(snapshot);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _snapshotRequests, tickers.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        return default;
    }
}
