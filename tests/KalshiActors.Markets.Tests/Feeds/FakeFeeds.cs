using System.Collections.Concurrent;
using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Markets.Tests.Feeds;

/// <summary>An in-memory market-data feed: the test writes events, and reads back the calls the actor made.</summary>
internal sealed class FakeMarketDataFeed : IMarketDataFeed
{
    private readonly Channel<MarketDataEvent> _events = Channel.CreateUnbounded<MarketDataEvent>();

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<IReadOnlyCollection<MarketTicker>> SnapshotRequests { get; } = new();

    public Exception? FailConnect { get; set; }

    public bool Disposed { get; private set; }

    public ChannelReader<MarketDataEvent> Events => _events.Reader;

    public void Push(MarketDataEvent e) => _events.Writer.TryWrite(e);

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("connect");
        return FailConnect is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    public Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"subscribe {channels} [{string.Join(',', tickers.Select(t => t.Value))}]");
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        SnapshotRequests.Enqueue(tickers);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _events.Writer.TryComplete();
        return default;
    }
}

/// <summary>An in-memory fair-value feed.</summary>
internal sealed class FakeFairValueFeed(string name) : IFairValueFeed
{
    private readonly Channel<FairValueObservation> _observations = Channel.CreateUnbounded<FairValueObservation>();

    public string Name => name;

    public ChannelReader<FairValueObservation> Observations => _observations.Reader;

    public void Push(FairValueObservation observation) => _observations.Writer.TryWrite(observation);

    public void Complete() => _observations.Writer.TryComplete();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _observations.Writer.TryComplete();
        return default;
    }
}
