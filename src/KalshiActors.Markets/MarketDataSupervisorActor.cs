using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Books;
using KalshiActors.Markets.Breakers;
using KalshiActors.Markets.Catalog;
using KalshiActors.Markets.Feeds;
using KalshiActors.Markets.Scanner;

namespace KalshiActors.Markets;

/// <summary>
/// <c>/user/market-data</c>: creates the breaker journal, the catalog, the exchange feed and the fair-value feeds, each
/// under a backoff supervisor of its own name (so paths stay <c>market-data/catalog</c>, <c>market-data/feed-kalshi-ws</c>),
/// with a Polly breaker per REST and WebSocket dependency; creates <c>book-&lt;ticker&gt;</c> children on demand for the
/// feed and forwards the books' snapshot requests to it. Follows the catalog's lifecycle: a book is retired (its last update
/// published as closed, the actor stopped) once the market is closed (the catalog closes it at its close time),
/// determined or settled; nothing more is routed to a retired market's book unless the catalog lists it as trading again.
/// On a cluster node, the books of markets whose shard the node loses are handed off (their last update published, the
/// actor stopped, nothing written: the stream is the new owner's); the feed passes nothing more for them until the shard
/// comes back, when a fresh snapshot starts a book again. Runs the scanner (<c>market-data/scanner</c>) when given a scan
/// source and the alerts (under a backoff supervisor at <c>market-data/alerts</c>) when given their settings.
/// </summary>
internal sealed class MarketDataSupervisorActor : ActorBase
{
    /// <summary>Breaker name of the REST calls of the catalog.</summary>
    public const string RestDependency = "kalshi-rest-catalog";

    /// <summary>Breaker name of the market-data WebSocket.</summary>
    public const string WebSocketDependency = "kalshi-ws";

    private readonly MarketDataOptions _options;

    // Books by ticker; kept in step with Terminated so a stopped book is recreated on its next message.
    private readonly Dictionary<MarketTicker, IActorRef> _books = [];
    private readonly Dictionary<IActorRef, MarketTicker> _tickersByBook = [];
    private IActorRef _feed = ActorRefs.Nobody;

    // Markets that stopped trading, whose books retired: a late message (a snapshot asked for before) creates no new book.
    private readonly HashSet<MarketTicker> _retired = [];

    // What the exchange feed subscribes on each connection; a retired market is dropped from it (null without a feed).
    private SubscribedMarkets? _subscribedMarkets;

    // The breakers by dependency name, for an operator's ResetCircuitBreaker.
    private readonly Dictionary<string, DependencyBreaker> _breakers = new(StringComparer.Ordinal);

    public MarketDataSupervisorActor(MarketDataOptions options)
    {
        _options = options;
    }

    /// <summary>Props of the supervisor.</summary>
    public static Props Props(MarketDataOptions options) => Kernel.Props.Create(() => new MarketDataSupervisorActor(options));

    private MarketsSettings Settings => _options.Settings;

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(MarketListed));
        Context.System.EventStream.Subscribe(Self, typeof(MarketStateChanged));
        if (_options.LeaseGate is not null)
        {
            Context.System.EventStream.Subscribe(Self, typeof(ShardLeasesChanged));
        }

        var journal = Context.ActorOf(CircuitBreakerJournalActor.Props(), CircuitBreakerJournalActor.Name);
        var time = Context.System.TimeProvider;
        var markets = Settings.Markets.Select(m => new MarketTicker(m)).ToList();

        if (_options.CatalogSource is { } source)
        {
            var restBreaker = new DependencyBreaker(RestDependency, [], Settings, time, journal.Tell);
            _breakers[RestDependency] = restBreaker;
            Context.ActorOf(Backoff(MarketCatalogActor.Props(source, restBreaker, Settings), ActorNames.Catalog, BackoffMode.OnStop), ActorNames.Catalog);
        }

        if (_options.ExchangeFeed is { } feedFactory)
        {
            var wsBreaker = new DependencyBreaker(WebSocketDependency, markets, Settings, time, journal.Tell);
            _breakers[WebSocketDependency] = wsBreaker;
            _feed = Context.ActorOf(Backoff(KalshiFeedActor.Props(feedFactory, _subscribedMarkets = new SubscribedMarkets(markets), Self, wsBreaker), "connection", BackoffMode.OnFailure), ActorNames.KalshiFeed);
        }

        if (_options.ScanSource is { } scanSource && _options.Scanner.Enabled)
        {
            Context.ActorOf(ScannerActor.Props(scanSource, _options.Scanner), ActorNames.Scanner);
        }

        if (_options.Alerts is { Enabled: true } alerts)
        {
            Context.ActorOf(Backoff(AlertsActor.Props(alerts), ActorNames.Alerts, BackoffMode.OnStop), ActorNames.Alerts);
        }

        foreach (var feed in _options.FairValueFeeds)
        {
            var name = ActorNames.Feed(feed.Name);
            Context.ActorOf(Backoff(FairValueFeedActor.Props(feed.Name, feed.Create, Settings.FeedStaleAfter), "source", BackoffMode.OnFailure), name);
        }
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case RouteToBook route when _retired.Contains(route.Ticker):
                return true;
            case RouteToBook route:
                var book = BookFor(route.Ticker);
                book.Tell(route.Message, Sender);
                Sender.Tell(new BookRoute(route.Ticker, book), Self);
                return true;
            case MarketListed listed:
                OnStateChanged(listed.Market.Ticker, listed.Market.State);
                return true;
            case MarketStateChanged changed:
                OnStateChanged(changed.Ticker, changed.To);
                return true;
            case BookRetired retired:
                _retired.Add(retired.Ticker);
                _subscribedMarkets?.Remove(retired.Ticker);
                return true;
            case ShardLeasesChanged changed:
                // A gain needs nothing here: the feed asks for the gained markets' snapshots, which start their books.
                if (changed.Lost.Count > 0 && _options.LeaseGate is { } gate)
                {
                    HandOffBooks(gate, changed.Lost);
                }

                return true;
            case RequestBookSnapshot request:
                _feed.Tell(request, Sender);
                return true;
            case ResetCircuitBreaker reset:
                ResetBreaker(reset);
                return true;
            case Terminated terminated when _tickersByBook.Remove(terminated.ActorRef, out var ticker):
                _books.Remove(ticker);
                _feed.Tell(new BookGone(ticker), Self);
                return true;
            default:
                return false;
        }
    }

    private void ResetBreaker(ResetCircuitBreaker reset)
    {
        if (!_breakers.TryGetValue(reset.Dependency, out var breaker))
        {
            Sender.Tell(new CircuitBreakerResetResult(
                reset.Dependency, false, $"no breaker '{reset.Dependency}'; known: {string.Join(", ", _breakers.Keys.Order(StringComparer.Ordinal))}"), Self);
            return;
        }

        var was = breaker.State;
        breaker.ResetAsync().PipeTo(
            Sender,
            Self,
            () => new CircuitBreakerResetResult(reset.Dependency, true, $"closed by {reset.Operator} (was {was})"),
            e => new CircuitBreakerResetResult(reset.Dependency, false, e.Message));
    }

    private IActorRef BookFor(MarketTicker ticker)
    {
        if (!_books.TryGetValue(ticker, out var book))
        {
            book = Context.Watch(Context.ActorOf(OrderBookActor.Props(ticker, Settings), ActorNames.Book(ticker)));
            _books[ticker] = book;
            _tickersByBook[book] = ticker;
        }

        return book;
    }

    private void OnStateChanged(MarketTicker ticker, MarketState state)
    {
        switch (state)
        {
            case MarketState.Closed or MarketState.Determined or MarketState.Settled:
                _subscribedMarkets?.Remove(ticker);
                if (_retired.Add(ticker) && _books.TryGetValue(ticker, out var book))
                {
                    book.Tell(new RetireBook($"the market is {state.ToString().ToLowerInvariant()}"), Self);
                }

                break;
            case MarketState.Initialized or MarketState.Active:
                // Trading again (a close date moved back, a relisting): its next message starts a book, and a reconnect
                // subscribes it again.
                if (_retired.Remove(ticker))
                {
                    _subscribedMarkets?.Add(ticker);
                }

                break;
        }
    }

    private void HandOffBooks(IShardLeaseGate gate, IReadOnlyList<int> lost)
    {
        var reason = $"this node no longer holds the market's shard (lost shards {string.Join(",", lost)})";
        foreach (var (ticker, book) in _books)
        {
            if (gate.LeaseEpoch(ticker) is null)
            {
                book.Tell(new HandOffBook(reason), Self);
            }
        }
    }

    private Props Backoff(Props child, string childName, BackoffMode mode)
    {
        var options = mode == BackoffMode.OnStop
            ? Kernel.Backoff.OnStop(child, childName, Settings.RestartMinBackoff, Settings.RestartMaxBackoff, 0.2)
            : Kernel.Backoff.OnFailure(child, childName, Settings.RestartMinBackoff, Settings.RestartMaxBackoff, 0.2);
        return BackoffSupervisor.Props(options.WithAutoReset(Settings.RestartMaxBackoff));
    }
}
