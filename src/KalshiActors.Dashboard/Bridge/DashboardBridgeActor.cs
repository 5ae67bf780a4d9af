using KalshiActors.Dashboard.Api;
using KalshiActors.Dashboard.Streaming;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>
/// <c>/user/dashboard-bridge</c>: listens to the event stream (books, market lifecycle, orders, portfolio, breakers,
/// trading state, alerts) and to the journal (signals, alerts), keeps bounded recent state for the API and pushes each
/// change to the WebSocket hub, which never blocks it. Asks the risk guardian for its limit usage on every status tick.
/// </summary>
internal sealed class DashboardBridgeActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = ActorNames.DashboardBridge;

    private const string StatusTimer = "status";

    // A chart point is taken when the mid changed and this long has passed since the market's last point.
    private static readonly TimeSpan ChartSpacing = TimeSpan.FromSeconds(1);

    private readonly DashboardSettings _settings;
    private readonly ClientHub _hub;
    private readonly DashboardNode _node;

    // The catalog's markets and each market's last book (both grow with the markets the node watches); the books are
    // kept by the book-update subscription's filter.
    private readonly Dictionary<MarketTicker, MarketInfo> _catalog = [];
    private readonly DashboardBookFilter _bookFilter;
    private readonly IReadOnlyDictionary<MarketTicker, BookUpdated> _books;

    // Mid-price history per market for the chart: a point when the mid changed and a second has passed since the last.
    private readonly Dictionary<MarketTicker, Ring<ChartPoint>> _history = [];

    // Recent signals; keys of the kept ones so a signal seen both on the stream and in the journal counts once.
    private readonly Ring<SignalRow> _signals;
    private readonly HashSet<(string, long)> _signalKeys = [];

    // Orders still able to trade, and the recently finished ones.
    private readonly Dictionary<string, OrderRow> _open = new(StringComparer.Ordinal);
    private readonly Ring<OrderRow> _finished;

    // Ids of the kept finished orders: a late event (an acceptance after the fill) must not reopen one.
    private readonly HashSet<string> _finishedIds = new(StringComparer.Ordinal);

    // Recent fills (trade ids of the kept ones, so history and live never double a fill).
    private readonly Ring<TradeRow> _trades;
    private readonly HashSet<string> _tradeIds = new(StringComparer.Ordinal);

    private readonly Ring<AlertRow> _alerts;
    private readonly HashSet<string> _alertIds = new(StringComparer.Ordinal);

    private readonly SortedDictionary<string, CircuitBreakerStateChanged> _breakers = new(StringComparer.Ordinal);
    private readonly Ring<EquityPoint> _equity;

    private PortfolioUpdated? _portfolio;
    private TradingStateChanged? _trading;
    private RiskStatus? _risk;
    private bool _autoTrading;

    // Cluster mode: reads the cluster view pushed as `cluster` on every status tick (null on a single node); one read at a time.
    private readonly Func<CancellationToken, Task<ClusterView?>>? _clusterView;
    private bool _clusterPushing;
    private long _fills;
    private long _signalsSeen;

    public DashboardBridgeActor(
        DashboardSettings settings, ClientHub hub, DashboardNode node, bool autoTrading, IReadOnlyList<object> history, Func<CancellationToken, Task<ClusterView?>>? clusterView = null)
    {
        _settings = settings;
        _clusterView = clusterView;
        _hub = hub;
        _bookFilter = new DashboardBookFilter(() => hub.HasClients, ChartSpacing);
        _books = _bookFilter.Latest;
        _node = node;
        _autoTrading = autoTrading;
        _signals = new Ring<SignalRow>(settings.RecentItems);
        _finished = new Ring<OrderRow>(settings.RecentItems);
        _trades = new Ring<TradeRow>(settings.RecentItems);
        _alerts = new Ring<AlertRow>(settings.RecentItems);
        _equity = new Ring<EquityPoint>(settings.ChartPoints);
        foreach (var e in history)
        {
            OnJournaled(e, publish: false);
        }

        Receive<BookUpdated>(OnBook);
        Receive<BookStatusChanged>(_ => { });
        Receive<MarketListed>(m => _catalog[m.Market.Ticker] = m.Market);
        Receive<MarketCatalogSnapshot>(s => s.Markets.ToList().ForEach(m => _catalog.TryAdd(m.Ticker, m)));
        Receive<MarketStateChanged>(m =>
        {
            if (_catalog.TryGetValue(m.Ticker, out var info))
            {
                _catalog[m.Ticker] = info with { State = m.To };
            }
        });
        Receive<SignalRaised>(s => OnSignal(s, publish: true));
        Receive<OrderLifecycleEvent>(e => OnOrder(e, publish: true));
        Receive<PortfolioUpdated>(OnPortfolio);
        Receive<CircuitBreakerStateChanged>(OnBreaker);
        Receive<TradingStateChanged>(t =>
        {
            _trading = t;
            PublishStatus();
        });
        Receive<RiskStatus>(r => _risk = r);
        Receive<AlertRaised>(a => OnAlert(a, publish: true));
        Receive<Journaled>(j => OnJournaled(j.Event, publish: true));
        Receive<AutoTradingSet>(a =>
        {
            _autoTrading = a.Enabled;
            PublishStatus();
        });
        Receive<StatusTick>(_ => OnStatusTick());
        Receive<ClusterPushed>(_ => _clusterPushing = false);
        Receive<GetOverview>(_ => Sender.Tell(Overview(), Self));
        Receive<GetRecent>(OnGetRecent);
        Receive<GetBook>(g => Sender.Tell(new BookReply(_books.TryGetValue(g.Ticker, out var b) ? ViewMapping.View(b, History(g.Ticker)) : null), Self));
        Receive<LookupMarket>(l => Sender.Tell(new MarketLookup(l.Ticker, _catalog.TryGetValue(l.Ticker, out var m) ? m.EventTicker : null), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the bridge; <paramref name="history"/> is what the journal held at start (order events, signals, alerts), oldest first.</summary>
    public static Props Props(
        DashboardSettings settings, ClientHub hub, DashboardNode node, bool autoTrading, IReadOnlyList<object> history, Func<CancellationToken, Task<ClusterView?>>? clusterView = null) =>
        Kernel.Props.Create(() => new DashboardBridgeActor(settings, hub, node, autoTrading, history, clusterView));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        stream.Subscribe<BookUpdated>(Self, _bookFilter.Takes);
        foreach (var channel in new[]
                 {
                     typeof(MarketListed), typeof(MarketStateChanged), typeof(SignalRaised), typeof(OrderLifecycleEvent),
                     typeof(PortfolioUpdated), typeof(CircuitBreakerStateChanged), typeof(TradingStateChanged), typeof(AlertRaised),
                 })
        {
            stream.Subscribe(Self, channel);
        }

        Context.ActorSelection(ActorNames.PortfolioPath).Tell(new GetPortfolio(), Self);
        Context.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), Self);
        Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(new GetRiskStatus(), Self);
        Timers.StartPeriodicTimer(StatusTimer, StatusTick.Instance, _settings.StatusInterval);
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private void OnStatusTick()
    {
        Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(new GetRiskStatus(), Self);
        if (_catalog.Count == 0)
        {
            Context.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), Self);
        }

        PublishStatus();
        if (_clusterView is { } read && _hub.HasClients && !_clusterPushing)
        {
            // The database read and the serialization happen off the actor; the hub is safe to publish to from anywhere.
            _clusterPushing = true;
            PushClusterAsync(read, _hub).PipeTo(Self, Self, _ => ClusterPushed.Instance, _ => ClusterPushed.Instance);
        }
    }

    private static async Task<bool> PushClusterAsync(Func<CancellationToken, Task<ClusterView?>> read, ClientHub hub)
    {
        if (await read(CancellationToken.None).ConfigureAwait(false) is { } view)
        {
            hub.Publish(ClientHub.Message("cluster", view, DashboardJsonContext.Default.ClusterView));
        }

        return true;
    }

    private void PublishStatus()
    {
        if (_hub.HasClients)
        {
            _hub.Publish(ClientHub.Message("status_update", Overview(), DashboardJsonContext.Default.StateView));
        }
    }

    private void OnBook(BookUpdated book)
    {
        if (book.Mid is { } mid)
        {
            if (!_history.TryGetValue(book.Ticker, out var points))
            {
                _history[book.Ticker] = points = new Ring<ChartPoint>(_settings.ChartPoints);
            }

            var last = points.Last;
            var value = mid.ToDollarString();
            if (DashboardBookFilter.MakesPoint(last?.At, last is not null && last.Value != value, book.ReceivedAt, ChartSpacing))
            {
                points.Add(new ChartPoint(book.ReceivedAt, value));
            }
        }

        if (_hub.HasClients)
        {
            // The history rides on the REST book only; a WebSocket book message carries the ladder.
            _hub.PublishBook(book.Ticker.Value, ClientHub.Message("book", ViewMapping.View(book, []), DashboardJsonContext.Default.BookView));
        }
    }

    private IReadOnlyList<ChartPoint> History(MarketTicker ticker) => _history.TryGetValue(ticker, out var points) ? points.All() : [];

    private void OnJournaled(object e, bool publish)
    {
        switch (e)
        {
            case SignalRaised s:
                OnSignal(s, publish);
                break;
            case AlertRaised a:
                OnAlert(a, publish);
                break;
            case OrderLifecycleEvent o:
                OnOrder(o, publish);
                break;
            case TradingStateChanged t:
                _trading = t;
                break;
        }
    }

    private void OnSignal(SignalRaised signal, bool publish)
    {
        if (!_signalKeys.Add((signal.StrategyId, signal.SignalNumber)))
        {
            return;
        }

        _signalsSeen++;
        var row = ViewMapping.Row(signal);
        if (_signals.Add(row, out var evicted) && evicted is not null)
        {
            _signalKeys.Remove((evicted.StrategyId, evicted.SignalNumber));
        }

        if (publish && _hub.HasClients)
        {
            _hub.Publish(ClientHub.Message("signal", row, DashboardJsonContext.Default.SignalRow));
        }
    }

    private void OnAlert(AlertRaised alert, bool publish)
    {
        if (!_alertIds.Add(alert.AlertId))
        {
            return;
        }

        var row = ViewMapping.Row(alert);
        if (_alerts.Add(row, out var evicted) && evicted is not null)
        {
            _alertIds.Remove(evicted.AlertId);
        }

        if (publish && _hub.HasClients)
        {
            _hub.Publish(ClientHub.Message("alert", row, DashboardJsonContext.Default.AlertRow));
        }
    }

    private void OnOrder(OrderLifecycleEvent e, bool publish)
    {
        var id = e.ClientOrderId.Value;
        _open.TryGetValue(id, out var before);
        var row = ViewMapping.Fold(before, e);
        if (_finishedIds.Contains(id))
        {
            // Finished already: only its fills still count (below).
        }
        else if (ViewMapping.IsOpen(row))
        {
            _open[id] = row;
        }
        else
        {
            _open.Remove(id);
            _finishedIds.Add(id);
            if (_finished.Add(row, out var forgotten) && forgotten is not null)
            {
                _finishedIds.Remove(forgotten.ClientOrderId);
            }
        }

        TradeRow? trade = e switch
        {
            OrderPartiallyFilled f => ViewMapping.Row(f),
            OrderFilled f => ViewMapping.Row(f),
            _ => null,
        };
        if (trade is not null && _tradeIds.Add(trade.TradeId))
        {
            _fills++;
            if (_trades.Add(trade, out var evicted) && evicted is not null)
            {
                _tradeIds.Remove(evicted.TradeId);
            }
        }
        else
        {
            trade = null;
        }

        if (publish && _hub.HasClients)
        {
            _hub.Publish(ClientHub.Message("order", row, DashboardJsonContext.Default.OrderRow));
            if (trade is not null)
            {
                _hub.Publish(ClientHub.Message("fill", trade, DashboardJsonContext.Default.TradeRow));
            }
        }
    }

    private void OnPortfolio(PortfolioUpdated portfolio)
    {
        _portfolio = portfolio;
        var last = _equity.Last;
        var point = new EquityPoint(portfolio.At, portfolio.Equity.ToDollarString(), portfolio.Cash.ToDollarString());
        if (last is null || portfolio.At - last.At >= TimeSpan.FromSeconds(1))
        {
            _equity.Add(point);
        }
    }

    private void OnBreaker(CircuitBreakerStateChanged change)
    {
        _breakers[change.Dependency] = change;
        if (_hub.HasClients)
        {
            _hub.Publish(ClientHub.Message("breaker", ViewMapping.Row(change), DashboardJsonContext.Default.BreakerRow));
        }
    }

    private void OnGetRecent(GetRecent request)
    {
        var limit = Math.Max(0, request.Limit);
        object reply = request.Kind switch
        {
            RecentKind.Markets => (IReadOnlyList<MarketRow>)
                [.. _catalog.Keys.Union(_books.Keys).OrderBy(t => t.Value, StringComparer.Ordinal).Take(limit).Select(t => ViewMapping.Row(t, _catalog.GetValueOrDefault(t), _books.GetValueOrDefault(t)))],
            RecentKind.Signals => _signals.Newest(limit),
            RecentKind.Orders => (IReadOnlyList<OrderRow>)[.. _open.Values.OrderByDescending(o => o.UpdatedAt).Concat(_finished.Newest(limit)).Take(limit)],
            RecentKind.Trades => _trades.Newest(limit),
            RecentKind.Alerts => _alerts.Newest(limit),
            RecentKind.Breakers => (IReadOnlyList<BreakerRow>)[.. _breakers.Values.Select(ViewMapping.Row)],
            RecentKind.Equity => _equity.All(),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown list"),
        };
        Sender.Tell(reply, Self);
    }

    private StateView Overview()
    {
        var now = Now;
        int live = 0, stale = 0, other = 0, closed = 0, handedOff = 0;
        foreach (var book in _books.Values)
        {
            switch (book.Status)
            {
                case BookStatus.Live:
                    live++;
                    break;
                case BookStatus.Stale:
                    stale++;
                    break;
                case BookStatus.Closed:
                    closed++;
                    break;
                case BookStatus.HandedOff:
                    handedOff++;
                    break;
                default:
                    other++;
                    break;
            }
        }

        var wsOpen = _breakers.Values.Any(b => b.To != BreakerState.Closed);
        var connectivity = wsOpen ? "degraded" : live > 0 ? "connected" : _books.Count == 0 ? "connecting" : "stale";
        var state = _risk?.State ?? _trading?.To ?? TradingState.Active;
        var reason = _risk?.Reason ?? _trading?.Reason ?? "started";
        var p = _portfolio;
        return new StateView(
            _node.Mode,
            _node.StartedLive,
            _node.Exchange,
            connectivity,
            _node.StartedAt,
            Math.Max(0, (now - _node.StartedAt).TotalSeconds),
            p?.Cash.ToDollarString(),
            p?.Equity.ToDollarString(),
            p?.DailyPnl.ToDollarString(),
            p?.RealizedPnl.ToDollarString(),
            p?.UnrealizedPnl.ToDollarString(),
            p is null ? [] : [.. p.Positions.Where(x => !x.Contracts.IsZero).Select(ViewMapping.Row)],
            [.. _open.Values.OrderByDescending(o => o.UpdatedAt)],
            ViewMapping.Text(state),
            reason,
            _autoTrading,
            _risk is null ? null : ViewMapping.View(_risk),
            [.. _breakers.Values.Select(ViewMapping.Row)],
            [],
            new BooksView(live, stale, other, closed, handedOff),
            _fills,
            _signalsSeen,
            null);
    }
}
