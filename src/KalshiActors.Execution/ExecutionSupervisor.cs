using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution.Paper;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using Microsoft.Extensions.Logging;
using static KalshiActors.Execution.RouterMessages;

namespace KalshiActors.Execution;

/// <summary>
/// <c>/user/execution</c>: creates one <see cref="OrderRouterActor"/> per market on demand, routes approved intents, our
/// fills and order updates, and book data to them; answers <see cref="CancelAllOrders"/> and <see cref="GetStateDigestPart"/>.
/// In paper mode it also feeds the in-process <see cref="PaperExchange"/> with the live book and trades.
/// </summary>
public sealed partial class ExecutionSupervisor : ReceiveActor
{
    /// <summary>Component name of this actor's state digest part.</summary>
    public const string DigestComponent = "execution";

    private readonly ExecutionSettings _settings;
    private readonly IOrderGateway _gateway;
    private readonly PaperExchange? _paper;
    private readonly ILogger _log;

    // The latest book and catalog entry of every market seen, handed to a router when it is created.
    private readonly Dictionary<MarketTicker, BookUpdated> _books = [];
    private readonly Dictionary<MarketTicker, MarketListed> _markets = [];

    // Each market's router name, made once: every book update looks its router up by name.
    private readonly Dictionary<MarketTicker, string> _routerNames = [];

    // Markets whose router has said it needs no book updates (no maker order of its is open) and has handled every maker
    // approval forwarded to it, which is counted here per router: their book updates stop here, and the latest book goes to
    // the router right before its next maker approval (or when it asks again). Immediate-or-cancel and fill-or-kill
    // approvals neither need the book (their price is the intent's limit) nor change this: counting them too left every
    // taker market's updates flowing from the approval until the router's answer came back (a round trip through two
    // busy mailboxes, during which the router also stashed them while storing the order), and ignored that answer
    // whenever a second approval had been forwarded meanwhile.
    private readonly HashSet<MarketTicker> _booksHeldBack = [];
    private readonly Dictionary<MarketTicker, long> _makerIntentsForwarded = [];

    // Most markets have no router taking books and nothing in the paper model: their updates need not come here at all.
    // The book-update subscription's filter, on each book actor's thread, keeps every market's latest book in its
    // BookRelay and lets an update through only to a market whose router takes books (BookRelay.Relayed) or one the paper
    // model needs every book of (resting orders, remembered taken liquidity). A market whose router starts taking books
    // first takes its latest book from the relay (CatchUpBook), as if every update had come. One book actor publishes a
    // market's updates, so no relay's book is written by two threads; one entry per market keeps the hot filter to a
    // single lookup.
    private readonly ConcurrentDictionary<MarketTicker, BookRelay> _relays = new();

    private ExchangeCalls? _calls;

    // Routers by ref (watched), so one that stopped by itself (a failed write, a failed recovery) is started again after
    // a delay rather than on its market's next message: its resting orders would go unmanaged until then. The delay
    // doubles while a market's router keeps stopping. Settled markets' routers stop on purpose and are not restarted.
    private readonly Dictionary<IActorRef, MarketTicker> _tickersByRouter = [];
    private readonly Dictionary<MarketTicker, (int Count, DateTimeOffset LastStop)> _routerRestarts = [];
    private readonly HashSet<MarketTicker> _retiredRouters = [];
    private static readonly TimeSpan MaxRouterRestartDelay = TimeSpan.FromMinutes(1);

    // False until the journal scan for routers with open orders has been handled: a digest asked before would miss their
    // orders, so those requests wait here (senders) until the routers exist.
    private bool _routersRecovered;
    private readonly List<IActorRef> _digestsWaiting = [];

    private ExecutionSupervisor(ExecutionSettings settings, IOrderGateway? gateway, PaperExchange? paper, IShardLeaseGate? leaseGate = null)
    {
        _settings = settings;
        _leaseGate = leaseGate;
        if (settings.Mode == ExecutionMode.Paper && paper is null)
        {
            paper = new PaperExchange(Context.System.TimeProvider);
            gateway = new PaperOrderGateway(paper);
        }

        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _paper = paper;
        _log = Context.GetLogger();

        Receive<IntentApproved>(OnApproved);
        Receive<OwnFillReceived>(m => Router(m.Fill.Ticker)?.Forward(m));
        Receive<OwnOrderUpdated>(m => Router(m.Order.Ticker)?.Forward(m));
        Receive<ShardLeasesChanged>(OnLeasesChanged);
        Receive<BookUpdated>(OnBook);
        Receive<RouterBookInterest>(OnBookInterest);
        Receive<GetBooksHeldBack>(OnGetBooksHeldBack);
        Receive<BookStatusChanged>(m => ExistingRouter(m.Ticker)?.Forward(m));
        Receive<TradePrinted>(m => _paper?.OnTrade(m));
        Receive<MarketListed>(OnMarket);
        Receive<MarketSettled>(OnSettled);
        Receive<CancelAllOrders>(OnCancelAll);
        Receive<GetStateDigestPart>(_ => OnDigest());
        Receive<RoutersToRecover>(OnRoutersToRecover);
        Receive<PrivateStreamSubscribed>(OnPrivateStreamSubscribed);
        Receive<RecentExchangeOrders>(OnRecentExchangeOrders);
        Receive<RecentExchangeOrdersFailed>(OnRecentExchangeOrdersFailed);
        Receive<ScanAgain>(_ => ScanForUnstoredOrders());
        Receive<RouterRetired>(m => _retiredRouters.Add(m.Ticker));
        Receive<Terminated>(OnRouterTerminated);
        Receive<RestartRouter>(m =>
        {
            if (ExistingRouter(m.Ticker) is null)
            {
                Router(m.Ticker);
            }
        });
    }

    /// <summary>
    /// Props of the supervisor. In <see cref="ExecutionMode.Live"/> orders go to <paramref name="liveGateway"/> (the exchange
    /// client, live or simulator); in <see cref="ExecutionMode.Paper"/> to an in-process paper model and nothing leaves.
    /// </summary>
    public static Props Props(ExecutionSettings settings, IOrderGateway? liveGateway) => ShardedProps(settings, liveGateway, null);

    /// <summary>
    /// <see cref="Props(ExecutionSettings, IOrderGateway?)"/> for a cluster node: routers exist only for markets whose shard
    /// <paramref name="leaseGate"/> says this node holds a live lease on (null = a single node, every market).
    /// </summary>
    public static Props ShardedProps(ExecutionSettings settings, IOrderGateway? liveGateway, IShardLeaseGate? leaseGate)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();
        if (settings.Mode == ExecutionMode.Live && liveGateway is null)
        {
            throw new ArgumentException("Live execution needs the exchange's order gateway; pass it or choose paper mode.", nameof(liveGateway));
        }

        return Kernel.Props.Create(() => new ExecutionSupervisor(settings, liveGateway, null, leaseGate));
    }

    /// <summary>Props for tests: a given gateway (and paper model, when the gateway is one over it).</summary>
    internal static Props Props(ExecutionSettings settings, IOrderGateway gateway, PaperExchange? paper) =>
        Kernel.Props.Create(() => new ExecutionSupervisor(settings, gateway, paper));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        _calls = new ExchangeCalls(_gateway, _settings, stream, Context.System.TimeProvider, reportCalls: _paper is null);
        _paper?.AttachFillSink(fill => stream.Publish(fill));
        // Only for a market whose updates are declined here: a relayed market's updates reach the paper model in order
        // through this mailbox, and a newer book read past them would be followed by the older ones still queued.
        _paper?.AttachLatestBooks(ticker =>
            _relays.TryGetValue(ticker, out var relay) && !Volatile.Read(ref relay.Relayed) ? relay.Latest() : null);
        stream.Subscribe(Self, typeof(OwnFillReceived));
        stream.Subscribe(Self, typeof(OwnOrderUpdated));
        stream.Subscribe<BookUpdated>(Self, TakesBook);
        foreach (var channel in new[] { typeof(BookStatusChanged), typeof(MarketListed), typeof(MarketSettled), typeof(PrivateStreamSubscribed) })
        {
            stream.Subscribe(Self, channel);
        }

        if (_paper is not null)
        {
            stream.Subscribe(Self, typeof(TradePrinted));
        }

        if (_leaseGate is not null)
        {
            stream.Subscribe(Self, typeof(ShardLeasesChanged));
        }

        // Routers with orders that may still be open start now, not on their market's next message: an order whose outcome
        // is unknown blocks its market at the guardian, so no intent would ever come to start its router.
        _ = MarketsWithOpenOrdersAsync(PersistenceExtension.Get(Context.System).Journal)
            .PipeTo(Self, Self, tickers => new RoutersToRecover(tickers), ex => new RoutersToRecover([], ex));
        ScanForUnstoredOrders();
    }

    /// <summary>Scans the journal's "order" tag for markets whose last order events leave an order possibly open.</summary>
    private static async Task<IReadOnlyList<MarketTicker>> MarketsWithOpenOrdersAsync(EventJournal journal)
    {
        var open = new Dictionary<MarketTicker, HashSet<ClientOrderId>>();
        await foreach (var page in journal.CurrentEventPagesByTag("order").ConfigureAwait(false))
        {
            foreach (var @event in page.Span)
            {
                if (@event is not OrderLifecycleEvent e)
                {
                    continue;
                }

                if (!open.TryGetValue(e.Ticker, out var orders))
                {
                    open[e.Ticker] = orders = [];
                }

                switch (e)
                {
                    case OrderSubmitted:
                        orders.Add(e.ClientOrderId);
                        break;
                    case OrderFilled or OrderRejected or OrderReconciled { FoundAtExchange: false }:
                    case OrderCanceled { Reason: not ("ioc_expired" or "fok_not_filled") }:
                        orders.Remove(e.ClientOrderId);
                        break;
                }
            }
        }

        return [.. open.Where(m => m.Value.Count > 0).Select(m => m.Key).OrderBy(t => t.Value, StringComparer.Ordinal)];
    }

    private void OnRoutersToRecover(RoutersToRecover recover)
    {
        _routersRecovered = true;
        if (recover.Cause is not null)
        {
            _log.LogError(recover.Cause, "Could not read the journal for markets with open orders; their routers start on their next message");
            AnswerWaitingDigests();
            return;
        }

        if (recover.Tickers.Count > 0)
        {
            _log.LogInformation("Starting {Count} routers with possibly open orders to reconcile them", recover.Tickers.Count);
        }

        foreach (var ticker in recover.Tickers)
        {
            var existed = ExistingRouter(ticker) is not null;
            if (Router(ticker) is { } router && recover.TakenOver && !existed)
            {
                // Orders another node left resting are not in this node's exposure: cancel them once reconciled.
                router.Tell(new CancelAllOrders("shard taken over"), ActorRefs.NoSender);
            }
        }

        AnswerWaitingDigests();
    }

    private void AnswerWaitingDigests()
    {
        foreach (var sender in _digestsWaiting)
        {
            AnswerDigest(sender);
        }

        _digestsWaiting.Clear();
    }

    private void OnPrivateStreamSubscribed(PrivateStreamSubscribed subscribed)
    {
        // The paper model hands its fills straight to the event stream: there is no gap to read back.
        if (_paper is not null)
        {
            return;
        }

        // Routers reconcile with the exchange when they start, but the stream may subscribe later (and resubscribes after
        // every reconnect): what filled in between reaches no router until its order is touched again. Each router with
        // open orders reads it back now; a router started after this reads it in its own start-up reconciliation.
        var routers = Context.GetChildren().ToList();
        _log.LogInformation("Private fill stream subscribed; {Routers} routers read back what they may have missed", routers.Count);
        foreach (var router in routers)
        {
            router.Tell(ReconcileWithExchange.Instance, Self);
        }
    }

    /// <summary>Markets whose routers must start at once (found in the journal at start-up).</summary>
    private sealed record RoutersToRecover(IReadOnlyList<MarketTicker> Tickers, Exception? Cause = null, bool TakenOver = false);

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private IActorRef? Router(MarketTicker ticker)
    {
        if (ExistingRouter(ticker) is { } existing)
        {
            return existing;
        }

        if (_leaseGate is not null && _leaseGate.LeaseEpoch(ticker) is null)
        {
            // Another node owns the market (or none does yet): its router's stream is not this node's to write.
            return null;
        }

        var router = Context.Watch(Context.ActorOf(
            OrderRouterActor.Props(ticker, _calls!, _settings, _paper is not null, _leaseGate, reportBookInterest: true), ActorNames.Router(ticker)));
        _tickersByRouter[router] = ticker;
        _booksHeldBack.Remove(ticker);
        StartTakingBooks(ticker);
        _makerIntentsForwarded[ticker] = 0;
        if (_markets.TryGetValue(ticker, out var market))
        {
            router.Tell(market, Self);
        }

        if (_books.TryGetValue(ticker, out var book))
        {
            router.Tell(book, Self);
        }

        return router;
    }

    /// <summary>
    /// Nothing trades in a settled market again (its book has retired): its router is told, and retires (says so, then
    /// stops) once nothing of it is open, and what is kept here for the market is dropped. A router that stays meanwhile
    /// and stops by failure is started again like any other. A later message about the market (a late report) starts the
    /// router again, which recovers from its journal.
    /// </summary>
    private void OnSettled(MarketSettled settled)
    {
        var ticker = settled.Ticker;
        ExistingRouter(ticker)?.Tell(settled, Self);
        _books.Remove(ticker);
        _markets.Remove(ticker);
        _routerNames.Remove(ticker);
        _booksHeldBack.Remove(ticker);
        _makerIntentsForwarded.Remove(ticker);
        _relays.TryRemove(ticker, out _);
        _routerRestarts.Remove(ticker);
    }

    private void OnRouterTerminated(Terminated terminated)
    {
        if (!_tickersByRouter.Remove(terminated.ActorRef, out var ticker)
            || _retiredRouters.Remove(ticker)
            || (_leaseGate is not null && _leaseGate.LeaseEpoch(ticker) is null))
        {
            return;
        }

        var now = Context.System.TimeProvider.GetUtcNow();
        var restarts = _routerRestarts.TryGetValue(ticker, out var last) && now - last.LastStop < MaxRouterRestartDelay * 2 ? last.Count : 0;
        var delay = TimeSpan.FromTicks(Math.Min(_settings.ReconcileRetryDelay.Ticks << Math.Min(restarts, 16), MaxRouterRestartDelay.Ticks));
        _routerRestarts[ticker] = (restarts + 1, now);
        _log.LogWarning("The router of {Ticker} stopped (a failed journal write or recovery); starting it again in {Delay}", ticker, delay);
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, new RestartRouter(ticker), Self);
    }

    /// <summary>Start the router of a market again (it stopped by itself).</summary>
    private sealed record RestartRouter(MarketTicker Ticker);

    private IActorRef? ExistingRouter(MarketTicker ticker)
    {
        if (!_routerNames.TryGetValue(ticker, out var name))
        {
            _routerNames[ticker] = name = ActorNames.Router(ticker);
        }

        var child = Context.Child(name);
        return child.Equals(ActorRefs.Nobody) ? null : child;
    }

    // The book-update filter (on the publisher's thread).
    private bool TakesBook(BookUpdated book)
    {
        var relay = _relays.GetOrAdd(book.Ticker, static _ => new BookRelay());
        relay.Keep(book);

        // A market already relayed needs no barrier: the update goes through whatever StartTakingBooks does meanwhile.
        if (Volatile.Read(ref relay.Relayed))
        {
            return true;
        }

        // Pairs with the barrier in StartTakingBooks: either this update is let through or CatchUpBook reads it.
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref relay.Relayed) || (_paper?.NeedsEveryBook(book.Ticker) ?? false);
    }

    private void StartTakingBooks(MarketTicker ticker)
    {
        var relay = _relays.GetOrAdd(ticker, static _ => new BookRelay());
        if (!relay.Relayed)
        {
            Volatile.Write(ref relay.Relayed, true);
            Interlocked.MemoryBarrier();
            CatchUpBook(ticker);
        }
    }

    private void StopTakingBooks(MarketTicker ticker)
    {
        if (_relays.TryGetValue(ticker, out var relay))
        {
            Volatile.Write(ref relay.Relayed, false);
        }
    }

    // Hands the paper model the latest book of a market whose updates were declined (where it needs only the latest).
    private void CatchUpBook(MarketTicker ticker)
    {
        if (_relays.TryGetValue(ticker, out var relay) && relay.Latest() is { } latest
            && !(_books.TryGetValue(ticker, out var had) && had.Equals(latest)))
        {
            _books[ticker] = latest;
            _paper?.OnBook(latest);
        }
    }

    private void OnBook(BookUpdated book)
    {
        _books[book.Ticker] = book;

        // The paper model sees the book first, so its fills precede the router's re-quote on the same update.
        _paper?.OnBook(book);
        if (!_booksHeldBack.Contains(book.Ticker))
        {
            ExistingRouter(book.Ticker)?.Forward(book);
        }
    }

    /// <summary>
    /// Hands an approval to its router; a maker approval goes after the market's latest book when the router's updates were
    /// held back (it is priced on the book and may rest, so the updates flow again until the router says otherwise).
    /// </summary>
    private void ForwardApproval(IActorRef router, IntentApproved approved)
    {
        var ticker = approved.Intent.Ticker;
        if (approved.Intent.Style == ExecutionStyle.Maker)
        {
            if (_booksHeldBack.Remove(ticker))
            {
                StartTakingBooks(ticker);
                if (_books.TryGetValue(ticker, out var book))
                {
                    router.Tell(book, Self);
                }
            }

            _makerIntentsForwarded[ticker] = _makerIntentsForwarded.GetValueOrDefault(ticker) + 1;
        }

        router.Forward(approved);
    }

    /// <summary>Whether <paramref name="ticker"/>'s book updates stop here (tests).</summary>
    private void OnGetBooksHeldBack(GetBooksHeldBack query) => Sender.Tell(_booksHeldBack.Contains(query.Ticker), Self);

    private void OnBookInterest(RouterBookInterest interest)
    {
        if (interest.Wanted)
        {
            if (_booksHeldBack.Remove(interest.Ticker))
            {
                StartTakingBooks(interest.Ticker);
                if (_books.TryGetValue(interest.Ticker, out var book))
                {
                    Sender.Tell(book, Self);
                }
            }
        }
        else if (interest.MakerIntentsSeen == _makerIntentsForwarded.GetValueOrDefault(interest.Ticker) && Sender.Equals(ExistingRouter(interest.Ticker)))
        {
            // A maker approval still on its way to the router will bring the latest book with it instead.
            _booksHeldBack.Add(interest.Ticker);
            StopTakingBooks(interest.Ticker);
        }
    }

    private void OnMarket(MarketListed listed)
    {
        _markets[listed.Market.Ticker] = listed;
        _paper?.OnMarket(listed.Market);
        ExistingRouter(listed.Market.Ticker)?.Forward(listed);
    }

    private void OnCancelAll(CancelAllOrders command)
    {
        var routers = Context.GetChildren().ToList();
        _log.LogInformation("Cancel-all ({Reason}) across {Routers} routers", command.Reason, routers.Count);
        var timeout = _settings.CallTimeout * 2;
        var asks = routers.Select(async r =>
        {
            try
            {
                return await r.Ask<CancelAllOrdersResult>(command, timeout).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A router that does not answer counts as one failure; the others' answers still count.
            catch (Exception)
#pragma warning restore CA1031
            {
                return new CancelAllOrdersResult(0, 1);
            }
        }).ToList();
        _ = Task.WhenAll(asks).PipeTo(
            Sender,
            Self,
            results => new CancelAllOrdersResult(results.Sum(r => r.CancelsSent), results.Sum(r => r.Failures)));
    }

    private void OnDigest()
    {
        if (_routersRecovered)
        {
            AnswerDigest(Sender);
        }
        else
        {
            _digestsWaiting.Add(Sender);
        }
    }

    private void AnswerDigest(IActorRef replyTo)
    {
        var timeout = _settings.CallTimeout * 2;
        var asks = Context.GetChildren().Select(r => r.Ask<OpenOrders>(GetOpenOrders.Instance, timeout)).ToList();
        _ = Task.WhenAll(asks).PipeTo(replyTo, Self, all => new StateDigestPart(DigestComponent, CanonicalJson(all)));
    }

    /// <summary>The open orders as canonical JSON: sorted keys, fixed-point strings, orders sorted by client id, no times.</summary>
    internal static byte[] CanonicalJson(IEnumerable<OpenOrders> routers)
    {
        var orders = routers.SelectMany(r => r.Orders.Select(o => (r.Ticker, Order: o)))
            .OrderBy(x => x.Order.ClientOrderId.Value, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("open_orders");
            foreach (var (ticker, o) in orders)
            {
                // Keys in ordinal order.
                json.WriteStartObject();
                json.WriteString("action", o.Action == Domain.Action.Buy ? "buy" : "sell");
                json.WriteString("canceled", o.Canceled.ToFixedString());
                json.WriteString("client_order_id", o.ClientOrderId.Value);
                json.WriteString("count", o.Count.ToFixedString());
                json.WriteString("filled", o.Filled.ToFixedString());
                json.WriteString("intent_id", o.IntentId);
                json.WriteString("limit_price", o.LimitPrice.ToDollarString());
                json.WriteString("phase", o.Phase.ToLowerInvariant());
                json.WriteString("resting", o.Resting.ToFixedString());
                json.WriteString("side", o.Side == Side.Yes ? "yes" : "no");
                json.WriteString("ticker", ticker.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// One market's book-update relay: the latest book published (written by the market's book actor in the filter) and
    /// whether its router takes every update (written by the supervisor only).
    /// </summary>
    /// <remarks>
    /// The book is kept as values, copied into buffers this relay owns, and made into a message again only when read (at
    /// most once per order). Holding the message, or its top and level arrays, kept each market's latest alive until its
    /// next update (so all 2,000 were young, and copied, at every collection), and made each of the 2,000 relays an old
    /// object holding young ones: a card the next ephemeral collection has to scan (~1 us each here). Copying values stores
    /// no reference at all. Under a lock, as the values are written on the book actor's thread and read on the
    /// supervisor's or an order's.
    /// </remarks>
    private sealed class BookRelay
    {
        private readonly Lock _lock = new();
        private readonly RelayedLevels _yesBids = new();
        private readonly RelayedLevels _noBids = new();
        private MarketTicker _ticker;
        private long _sequence;
        private Price? _yesBid;
        private Quantity _yesBidSize;
        private Price? _yesAsk;
        private Quantity _yesAskSize;
        private Price? _mid;
        private Price? _spread;
        private Price? _microprice;
        private BookStatus _status;
        private DateTimeOffset _receivedAt;
        private DateTimeOffset? _exchangeTime;
        private bool _kept;
        public bool Relayed;

        public void Keep(BookUpdated book)
        {
            lock (_lock)
            {
                _ticker = book.Ticker;
                _sequence = book.Sequence;
                (_yesBid, _yesBidSize, _yesAsk, _yesAskSize) = book.Top;
                _yesBids.CopyFrom(book.YesBids);
                _noBids.CopyFrom(book.NoBids);
                _mid = book.Mid;
                _spread = book.Spread;
                _microprice = book.Microprice;
                _status = book.Status;
                _receivedAt = book.ReceivedAt;
                _exchangeTime = book.ExchangeTime;
                _kept = true;
            }
        }

        /// <summary>The latest book (equal to the message published), or null before the first.</summary>
        public BookUpdated? Latest()
        {
            lock (_lock)
            {
                return _kept
                    ? new BookUpdated(
                        _ticker, _sequence, new BookTop(_yesBid, _yesBidSize, _yesAsk, _yesAskSize), _yesBids.ToArray(), _noBids.ToArray(),
                        _mid, _spread, _microprice, _status, _receivedAt, _exchangeTime)
                    : null;
            }
        }
    }

    /// <summary>One side's levels as values in a buffer that is reused (it grows to the configured depth and stays).</summary>
    private sealed class RelayedLevels
    {
        private BookLevel[] _levels = [];
        private int _count;

        public void CopyFrom(IReadOnlyList<BookLevel> levels)
        {
            if (_levels.Length < levels.Count)
            {
                _levels = new BookLevel[levels.Count];
            }

            if (levels is BookLevel[] array)
            {
                array.CopyTo(_levels, 0);
            }
            else
            {
                for (var i = 0; i < levels.Count; i++)
                {
                    _levels[i] = levels[i];
                }
            }

            _count = levels.Count;
        }

        public BookLevel[] ToArray() => _levels.AsSpan(0, _count).ToArray();
    }
}
