using System.Collections.Concurrent;
using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Cluster;

/// <summary>
/// The exchange feed of a cluster node, narrowed to its shards: book data, trades and our own fills and orders of markets
/// it holds no lease on are dropped, so books, strategies and routers exist only for the node's shards (a book is
/// created on its market's first message). Every node shares one exchange account, so each receives every fill: only
/// the shard's owner routes it. When a shard is gained, fresh snapshots of its markets are requested and their deltas
/// held back until the snapshot arrives.
/// </summary>
internal sealed class ShardFilteredMarketDataFeed : IMarketDataFeed
{
    private readonly IMarketDataFeed _inner;
    private readonly ShardLeaseGate _gate;
    // Resumes its reader on the writer's thread, as the WebSocket client's channel does, so the socket's reader carries an
    // event through the filter to the feed actor's pump without a thread-pool hand-off.
    private readonly Channel<MarketDataEvent> _events =
        Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly CancellationTokenSource _stopping = new();

    // Every market seen on the feed (to know which to resnapshot when its shard is gained).
    private readonly ConcurrentDictionary<MarketTicker, byte> _seen = new();

    // Markets of a gained shard whose fresh snapshot has not arrived yet: their deltas would apply to a stale book.
    private readonly ConcurrentDictionary<MarketTicker, byte> _awaitingSnapshot = new();

    private HashSet<int> _held;
    private Task _pump = Task.CompletedTask;

    public ShardFilteredMarketDataFeed(IMarketDataFeed inner, ShardLeaseGate gate)
    {
        _inner = inner;
        _gate = gate;
        _held = [.. gate.Held.Keys];
        gate.Changed += OnLeasesChanged;
    }

    public ChannelReader<MarketDataEvent> Events => _events.Reader;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _inner.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken) =>
        _inner.SubscribeAsync(channels, tickers, cancellationToken);

    public Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken) => _inner.UnsubscribeAsync(channels, cancellationToken);

    public Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken) =>
        _inner.RequestSnapshotsAsync(tickers, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _gate.Changed -= OnLeasesChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Whether the node passes <paramref name="event"/> on now.</summary>
    internal bool Passes(MarketDataEvent @event)
    {
        switch (@event)
        {
            case BookSnapshotReceived snapshot:
                Seen(snapshot.Ticker);
                if (!Owned(snapshot.Ticker))
                {
                    return false;
                }

                _awaitingSnapshot.TryRemove(snapshot.Ticker, out _);
                return true;
            case BookDeltaReceived delta:
                Seen(delta.Ticker);
                return Owned(delta.Ticker) && !_awaitingSnapshot.ContainsKey(delta.Ticker);
            case TickerUpdated ticker:
                Seen(ticker.Ticker);
                return Owned(ticker.Ticker);
            case TradePrinted trade:
                Seen(trade.Ticker);
                return Owned(trade.Ticker);
            case OwnFillReceived fill:
                return Owned(fill.Fill.Ticker);
            case OwnOrderUpdated order:
                return Owned(order.Order.Ticker);
            default:
                // Lifecycle, positions (the portfolio is account-wide), gaps and connection events concern every node.
                return true;
        }
    }

    private bool Owned(MarketTicker ticker) => _gate.LeaseEpoch(ticker) is not null;

    private void Seen(MarketTicker ticker) => _seen.TryAdd(ticker, 0);

    private async Task PumpAsync()
    {
        var events = _inner.Events;
        using var waiter = new CancellableChannelWaiter<MarketDataEvent>(events, _stopping.Token);
        try
        {
            while (await waiter.WaitToReadAsync().ConfigureAwait(false))
            {
                while (events.TryRead(out var @event))
                {
                    if (Passes(@event))
                    {
                        await _events.Writer.WriteAsync(@event, _stopping.Token).ConfigureAwait(false);
                    }
                }
            }

            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            _events.Writer.TryComplete();
        }
#pragma warning disable CA1031 // The failure ends the stream; the feed actor sees the completion and reconnects.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _events.Writer.TryComplete(e);
        }
    }

    private void OnLeasesChanged()
    {
        var now = new HashSet<int>(_gate.Held.Keys);
        var gained = now.Where(s => !_held.Contains(s)).ToHashSet();
        _held = now;
        if (gained.Count == 0)
        {
            return;
        }

        var tickers = _seen.Keys.Where(t => gained.Contains(ShardMap.ShardOf(t, _gate.ShardCount))).ToList();
        if (tickers.Count == 0)
        {
            return;
        }

        foreach (var ticker in tickers)
        {
            _awaitingSnapshot[ticker] = 0;
        }

        _ = RequestQuietlyAsync(tickers);
    }

    private async Task RequestQuietlyAsync(IReadOnlyCollection<MarketTicker> tickers)
    {
        try
        {
            await _inner.RequestSnapshotsAsync(tickers, _stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed request leaves the deltas held; the next gap or reconnect resnapshots.
        catch (Exception)
#pragma warning restore CA1031
        {
            foreach (var ticker in tickers)
            {
                _awaitingSnapshot.TryRemove(ticker, out _);
            }
        }
    }
}
