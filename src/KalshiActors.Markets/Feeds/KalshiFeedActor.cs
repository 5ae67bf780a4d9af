using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Books;
using KalshiActors.Markets.Breakers;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Feeds;

/// <summary>
/// Owns the exchange's market-data connection (<see cref="IMarketDataFeed"/>): connects and subscribes through the
/// WebSocket breaker, routes book snapshots, deltas and gaps to the markets' books (first through the market-data
/// supervisor, which creates them, then straight to the ref it returns), publishes trades, ticker and lifecycle updates and
/// our own fills, orders and positions on the event stream (with <see cref="PrivateStreamSubscribed"/> once that stream is
/// subscribed, so execution can read back what it missed), and turns the books' snapshot requests into one resync call
/// per mailbox batch. A disconnect fails the actor, so its backoff supervisor reconnects, which resubscribes and brings
/// fresh snapshots for every book.
/// </summary>
internal sealed class KalshiFeedActor : ActorBase
{
    private static readonly MarketDataChannels PublicChannels = MarketDataChannels.OrderBook | MarketDataChannels.Trades;
    private static readonly MarketDataChannels AccountChannels =
        MarketDataChannels.Lifecycle | MarketDataChannels.Fills | MarketDataChannels.Orders | MarketDataChannels.Positions;

    private readonly Func<IMarketDataFeed> _feedFactory;
    // The markets to subscribe, shared with the connections before and after this one (see SubscribedMarkets).
    private readonly SubscribedMarkets _markets;
    private readonly IActorRef _bookHost;
    private readonly DependencyBreaker? _breaker;

    // Books we may send to directly; a ticker missing here goes through the supervisor (which creates the book).
    private readonly Dictionary<MarketTicker, IActorRef> _books = [];

    // Which markets each subscription carries, so a gap on it stales exactly those books.
    private readonly Dictionary<int, HashSet<MarketTicker>> _marketsBySubscription = [];

    // Snapshot requests gathered during one mailbox run, sent as one call.
    private readonly HashSet<MarketTicker> _pendingSnapshotRequests = [];

    private IMarketDataFeed? _feed;
    private CancellationTokenSource? _stopping;

    public KalshiFeedActor(Func<IMarketDataFeed> feedFactory, SubscribedMarkets markets, IActorRef bookHost, DependencyBreaker? breaker)
    {
        _feedFactory = feedFactory;
        _markets = markets;
        _bookHost = bookHost;
        _breaker = breaker;
    }

    /// <summary>
    /// Props of the feed over a market set its reconnections share (<paramref name="markets"/>); book messages go to
    /// <paramref name="bookHost"/> (the market-data supervisor) until a book's ref is known.
    /// </summary>
    public static Props Props(Func<IMarketDataFeed> feedFactory, SubscribedMarkets markets, IActorRef bookHost, DependencyBreaker? breaker) =>
        Kernel.Props.Create(() => new KalshiFeedActor(feedFactory, markets, bookHost, breaker));

    /// <inheritdoc />
    protected override void PreStart()
    {
        _stopping = new CancellationTokenSource();
        var feed = _feedFactory();
        _feed = feed;
        var self = Self;
        var token = _stopping.Token;
        var markets = _markets.Current();
        RunTask(async () =>
        {
            await Guarded(ct => new ValueTask(feed.ConnectAsync(ct)), token).ConfigureAwait(true);

            // An empty list asks for every market: only right when none was configured, not when all configured have ended.
            if (_markets.AllMarkets || markets.Length > 0)
            {
                await Guarded(ct => new ValueTask(feed.SubscribeAsync(PublicChannels, markets, ct)), token).ConfigureAwait(true);
            }

            await Guarded(ct => new ValueTask(feed.SubscribeAsync(AccountChannels, [], ct)), token).ConfigureAwait(true);
            Context.GetLogger().LogInformation("Market-data feed connected; {Markets} markets subscribed", _markets.AllMarkets ? "all" : markets.Length);

            // The subscription is acknowledged: from here the stream brings our fills; execution reads back the gap before.
            Context.System.EventStream.Publish(new PrivateStreamSubscribed(Context.System.TimeProvider.GetUtcNow()));
            _ = Pump(feed, self, token);
        });
        if (!_markets.AllMarkets)
        {
            Context.System.EventStream.Subscribe(Self, typeof(MarketListed));

            // A market listed while no connection listened (during a reconnect's backoff) was never announced to this one.
            Context.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), Self);
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _stopping?.Cancel();
        _stopping?.Dispose();
        if (_feed is { } feed)
        {
            _ = feed.DisposeAsync().AsTask();
        }
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case BookDeltaReceived delta:
                Route(delta.Ticker, delta);
                return true;
            case BookSnapshotReceived snapshot:
                if (!_marketsBySubscription.TryGetValue(snapshot.SubscriptionId, out var markets))
                {
                    markets = [];
                    _marketsBySubscription[snapshot.SubscriptionId] = markets;
                }

                markets.Add(snapshot.Ticker);
                Route(snapshot.Ticker, snapshot);
                return true;
            case SequenceGapDetected gap:
                OnGap(gap);
                return true;
            case TradePrinted or TickerUpdated or MarketLifecycleChanged or OwnFillReceived or OwnOrderUpdated or OwnPositionChanged:
                Context.System.EventStream.Publish(message);
                return true;
            case BookRoute route:
                _books[route.Ticker] = route.Book;
                return true;
            case BookGone gone:
                _books.Remove(gone.Ticker);
                return true;
            case RequestBookSnapshot request:
                if (_pendingSnapshotRequests.Count == 0)
                {
                    Self.Tell(FlushSnapshotRequests.Instance);
                }

                _pendingSnapshotRequests.Add(request.Ticker);
                return true;
            case FlushSnapshotRequests:
                RequestSnapshots();
                return true;
            case MarketListed listed:
                SubscribeListed(listed.Market);
                return true;
            case MarketCatalogSnapshot catalog:
                foreach (var market in catalog.Markets)
                {
                    SubscribeListed(market);
                }

                return true;
            case SubscriptionFailed failed:
                Context.GetLogger().LogWarning(
                    "Subscription {SubscriptionId} refused: {Code} {Message} (terminal: {Terminal})", failed.SubscriptionId, failed.Code, failed.Message, failed.IsTerminal);
                return true;
            case FeedDisconnected disconnected:
                throw new MarketDataFeedEndedException($"Market-data feed disconnected: {disconnected.Reason}", disconnected.Cause ?? new InvalidOperationException(disconnected.Reason));
            case FeedEnded:
                throw new MarketDataFeedEndedException("Market-data feed stream ended.");
            default:
                return false;
        }
    }

    private void Route(MarketTicker ticker, object message)
    {
        if (_books.TryGetValue(ticker, out var book))
        {
            book.Tell(message, Self);
        }
        else
        {
            _bookHost.Tell(new RouteToBook(ticker, message), Self);
        }
    }

    private void OnGap(SequenceGapDetected gap)
    {
        // The gap's subscription tells which books missed something; unknown subscription: every book we route to.
        IEnumerable<MarketTicker> affected = _marketsBySubscription.TryGetValue(gap.SubscriptionId, out var markets) ? markets : _books.Keys;
        foreach (var ticker in affected.ToList())
        {
            Route(ticker, gap);
        }
    }

    private void RequestSnapshots()
    {
        if (_pendingSnapshotRequests.Count == 0 || _feed is not { } feed)
        {
            return;
        }

        MarketTicker[] tickers = [.. _pendingSnapshotRequests];
        _pendingSnapshotRequests.Clear();
        var token = _stopping!.Token;
        Context.GetLogger().LogInformation("Requesting fresh snapshots for {Count} books", tickers.Length);
        RunTask(() => Guarded(ct => new ValueTask(feed.RequestSnapshotsAsync(tickers, ct)), token).AsTask());
    }

    private void SubscribeListed(MarketInfo market)
    {
        if (market.State is not (MarketState.Initialized or MarketState.Active) || _feed is not { } feed || !_markets.Add(market.Ticker))
        {
            return;
        }

        var token = _stopping!.Token;
        Context.GetLogger().LogInformation("Subscribing listed market {Ticker}", market.Ticker.Value);
        MarketTicker[] tickers = [market.Ticker];
        RunTask(() => Guarded(ct => new ValueTask(feed.SubscribeAsync(PublicChannels, tickers, ct)), token).AsTask());
    }

    private ValueTask Guarded(Func<CancellationToken, ValueTask> call, CancellationToken token) =>
        _breaker is null ? call(token) : _breaker.ExecuteAsync(call, token);

    private static async Task Pump(IMarketDataFeed feed, IActorRef self, CancellationToken token)
    {
        var events = feed.Events;
        using var waiter = new CancellableChannelWaiter<MarketDataEvent>(events, token);
        try
        {
            while (await waiter.WaitToReadAsync().ConfigureAwait(false))
            {
                // The feed actor (and the book and strategy after it) runs on this thread next: with a feed whose channel
                // resumes its reader synchronously, that is the socket's reader, and a delta reaches its actors without
                // waiting for a thread-pool worker to wake up.
                InlineDelivery.Run(static s =>
                {
                    while (!s.token.IsCancellationRequested && s.events.TryRead(out var item))
                    {
                        s.self.Tell(item, s.self);
                    }
                }, (events, self, token));

                token.ThrowIfCancellationRequested();
            }

            self.Tell(FeedEnded.Instance, self);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The actor stopped; nobody listens any more.
        }
        catch (Exception e)
        {
            self.Tell(new FeedDisconnected("the event stream failed", e), self);
        }
    }

    private sealed class FlushSnapshotRequests
    {
        public static readonly FlushSnapshotRequests Instance = new();
    }

    private sealed class FeedEnded
    {
        public static readonly FeedEnded Instance = new();
    }
}
