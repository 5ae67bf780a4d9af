using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;
using static KalshiActors.Execution.RouterMessages;

namespace KalshiActors.Execution;

/// <summary>
/// One market's persistent order state machine. Every step of an order is an <see cref="OrderLifecycleEvent"/>, stored and
/// then published; <see cref="OrderSubmitted"/> is stored before the request leaves (or, with
/// <see cref="OrderJournaling.WriteBehind"/>, published and sent first, its write committing behind it), and the client
/// order id is derived from the intent, so neither a retry nor a restart can create a second order. On start it
/// reconciles with the exchange before it takes intents.
/// </summary>
/// <remarks>
/// State is applied when an event is decided: commands wait while it is stored and a failed write stops the actor (recovery
/// then rebuilds from the journal), so nothing can observe the difference; effects (publishing, gateway calls) run only
/// once the event is stored.
/// </remarks>
internal sealed partial class OrderRouterActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    private readonly MarketTicker _ticker;
    private readonly ExchangeCalls _calls;
    private readonly ExecutionSettings _settings;
    private readonly bool _paper;
    private readonly ILogger _log;

    // The orders that are not closed, by client id: the only ones scanned (on every book update, every stored order event,
    // cancel-all, reconciliation and the digest), so that cost follows what is open, not the market's whole history.
    private readonly Dictionary<ClientOrderId, OrderRecord> _orders = [];

    // Closed orders, moved here when they close (and back should one reopen): only looked up by id, never scanned, so a
    // late fill or update of a closed order is still attributed and booked once. Forgotten (with their exchange ids and
    // trade ids) once closed for ClosedOrderRetention, so a node's memory follows its recent orders, not its whole life.
    private readonly Dictionary<ClientOrderId, OrderRecord> _closed = [];

    // The closed orders in the order they closed, with the time each closed (an order that reopened and closed again is
    // queued again; the stale entry is skipped).
    private readonly Queue<(ClientOrderId ClientOrderId, DateTimeOffset ClosedAt)> _closedInOrder = new();

    // The market settled while orders were open here: the router stops once a read-back has closed them.
    private bool _settled;

    // The latest close time of an order forgotten: a fill of an unknown order up to then is most likely of one of them.
    private DateTimeOffset? _forgottenThrough;

    // The exchange's id of each accepted order, for fills and updates that carry no client id.
    private readonly Dictionary<OrderId, OrderRecord> _byOrderId = [];

    // Intents already turned into an order: a redelivered intent never becomes a second order. Kept for the router's life,
    // also for forgotten orders (an id costs ~100 bytes; the guarantee is worth more).
    private readonly HashSet<IntentId> _intents = [];

    // Time of the last fill booked: start-up reconciliation reads fills from there.
    private DateTimeOffset? _lastFillAt;

    // Time of the latest event recovered from the journal: with write-behind, an order the journal lacks was sent after it.
    private DateTimeOffset? _lastStoredAt;

    // The market's event, from the catalog (an adopted order needs it; an intent brings its own).
    private EventTicker? _eventTicker;

    // A read-back after the fill stream subscribed is running; another request meanwhile runs one more after it.
    private bool _readBackInFlight;
    private bool _readBackAgain;

    // The latest book of this market (null until one arrives); maker quotes and stale checks use it.
    private BookUpdated? _book;

    // The market's tick grid (from the catalog); the classic cent grid until the catalog says otherwise.
    private TickStructure _ticks = TickStructure.LinearCent;

    // Under the execution supervisor: whether it forwards this market's book updates (it does to a new router, and again
    // from each maker approval it forwards), and how many maker approvals this router has handled. See RouterBookInterest.
    private readonly bool _reportBookInterest;
    private bool _booksForwarded = true;
    private long _makerIntentsSeen;

    private OrderRouterActor(MarketTicker ticker, ExchangeCalls calls, ExecutionSettings settings, bool paper, IShardLeaseGate? leaseGate, bool reportBookInterest)
    {
        _leaseGate = leaseGate;
        _reportBookInterest = reportBookInterest;
        _ticker = ticker;
        _calls = calls;
        _settings = settings;
        _paper = paper;
        _log = Context.GetLogger();

        Recover<OrderLifecycleEvent>(e =>
        {
            Apply(e);
            _lastStoredAt = _lastStoredAt is { } last && last > e.At ? last : e.At;
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Reconciling();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId => "router-" + _ticker.Value;

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    /// <summary>Props of the router of <paramref name="ticker"/>.</summary>
    /// <param name="ticker">The market.</param>
    /// <param name="calls">The exchange calls.</param>
    /// <param name="settings">Execution settings.</param>
    /// <param name="paper">Whether orders go to the paper model.</param>
    /// <param name="leaseGate">Cluster mode: no order is sent without a live lease of the intent's epoch on the market's shard.</param>
    /// <param name="reportBookInterest">Tell the parent (the execution supervisor) when book updates are needed (<see cref="RouterBookInterest"/>).</param>
    public static Props Props(MarketTicker ticker, ExchangeCalls calls, ExecutionSettings settings, bool paper, IShardLeaseGate? leaseGate = null, bool reportBookInterest = false) =>
        Kernel.Props.Create(() => new OrderRouterActor(ticker, calls, settings, paper, leaseGate, reportBookInterest));

    /// <inheritdoc />
    protected override IReadOnlyList<string> TagsFor(object @event) =>
        @event is OrderPartiallyFilled or OrderFilled ? FillTags : OrderTags;

    private static readonly string[] FillTags = ["fill", "order"];
    private static readonly string[] OrderTags = ["order"];

    private void Ready()
    {
        Become(() =>
        {
            Command<IntentApproved>(OnIntent);
            CommonCommands();
            Command<CancelAllOrders>(OnCancelAll);
            Command<ReconcileWithExchange>(_ => StartReadBack());
            Command<MarketSettled>(OnMarketSettled);
        });
    }

    /// <summary>A settled market trades no more: with nothing open the router stops (it recovers if its market is heard from again).</summary>
    private void OnMarketSettled(MarketSettled settled)
    {
        _settled = true;
        if (_orders.Count > 0)
        {
            // The exchange cancels what rests when a market closes: those reports were missed. Read the market back.
            _log.LogWarning(
                "Market {Ticker} settled with {Open} orders still open here; reading them back from the exchange, and the router stays until none is open",
                _ticker, _orders.Count);
            StartReadBack();
            return;
        }

        Retire();
    }

    private void Retire()
    {
        _log.LogInformation("Market {Ticker} settled and nothing of it is open; its router stops", _ticker);
        Context.Parent.Tell(new RouterMessages.RouterRetired(_ticker), Self);
        Context.Stop(Self);
    }

    /// <summary>Handlers shared by every behaviour: gateway answers, fills, book data, queries.</summary>
    private void CommonCommands()
    {
        Command<CreateCompleted>(OnCreateCompleted);
        Command<CreateFailed>(OnCreateFailed);
        Command<AmendCompleted>(OnAmendCompleted);
        Command<AmendFailed>(OnAmendFailed);
        Command<CancelCompleted>(OnCancelCompleted);
        Command<CancelFailed>(OnCancelFailed);
        Command<CancelAllCompleted>(OnCancelAllCompleted);
        Command<LookupCompleted>(OnLookupCompleted);
        Command<LookupFailed>(OnLookupFailed);
        Command<RetryLookup>(m => StartLookup(m.ClientOrderId));
        Command<FillsPolled>(m => BookFills(m.Fills.Select(f => (f, (ClientOrderId?)null))));
        Command<FillsPollFailed>(m => _log.LogWarning(m.Cause, "Fill poll for {Ticker} failed; the feed or the next poll will bring the fills", _ticker));
        Command<OwnFillReceived>(m => BookFills([(m.Fill, m.ClientOrderId)]));
        Command<OwnOrderUpdated>(OnOrderUpdated);
        Command<BookUpdated>(OnBook);
        Command<BookStatusChanged>(OnBookStatus);
        Command<MarketListed>(m =>
        {
            _ticks = m.Market.Ticks;
            _eventTicker = m.Market.EventTicker;
        });
        Command<ExchangeReadBack>(OnReadBack);
        Command<ExchangeReadBackFailed>(OnReadBackFailed);
        Command<GetOpenOrders>(_ => Sender.Tell(new OpenOrders(_ticker, OpenOrderViews()), Self));
        Command<GetOrderCounts>(_ => Sender.Tell(new OrderCounts(_orders.Count, _closed.Count), Self));
        Command<ForgetClosedOrders>(_ => OnForgetClosedOrders());
    }

    private void OnIntent(IntentApproved approved)
    {
        if (approved.Intent.Style == ExecutionStyle.Maker)
        {
            // The supervisor forwards book updates again from the moment it forwarded this approval.
            _makerIntentsSeen++;
            _booksForwarded = true;
        }

        DecideIntent(approved);
        UpdateBookInterest();
    }

    /// <summary>
    /// Book updates matter to a router only while it has a maker order that is not closed (it re-quotes or cancels it on
    /// them; an immediate-or-cancel or fill-or-kill order never looks at the book again, and the book an intent is priced on
    /// comes with the intent): tells the supervisor when that changes, so markets without makers do not cost a router turn
    /// (nor a stash while an order event is being stored) per book update.
    /// </summary>
    private void UpdateBookInterest()
    {
        if (!_reportBookInterest)
        {
            return;
        }

        var wanted = AnyOrder(IsOpenMaker);
        if (wanted != _booksForwarded)
        {
            _booksForwarded = wanted;
            Context.Parent.Tell(new RouterBookInterest(_ticker, wanted, _makerIntentsSeen), Self);
        }
    }

    private static bool IsOpenMaker(OrderRecord order) => order.IsOpen && order.Style == ExecutionStyle.Maker;

    private void DecideIntent(IntentApproved approved)
    {
        if (approved.DecisionWriteMark is { } mark)
        {
            // The guardian sent the approval before its decision was committed: store the order only if that decision was.
            RequireNoWriteFailureSince(mark);
        }

        var intent = approved.Intent;
        if (intent.Ticker != _ticker)
        {
            _log.LogError("Router {Ticker} got intent {IntentId} for {OtherTicker}; ignored", _ticker, intent.IntentId, intent.Ticker);
            return;
        }

        if (_intents.Contains(intent.IntentId))
        {
            _log.LogInformation("Intent {IntentId} already has an order; the redelivery is ignored", intent.IntentId);
            return;
        }

        var clientOrderId = intent.IntentId.ToClientOrderId(0);
        if (TryGetOrder(clientOrderId, out var existing))
        {
            // An adopted order (write-behind) keeps the client id of an intent whose record was lost with it: a strategy
            // that raises that intent again after recovering must not reuse the id for a second order.
            _log.LogWarning("Intent {IntentId} maps to client order id {ClientOrderId}, already held by an order of {StrategyId}; not sent",
                intent.IntentId, clientOrderId, existing.Submitted.StrategyId);
            return;
        }

        if (StaleLease(approved, clientOrderId) is { } refused)
        {
            if (refused.Count > 0)
            {
                Decide(refused);
            }

            return;
        }

        var side = OrderDirection.ToBookSide(intent.Side, intent.Action);
        var yesLimit = OrderPricing.ToYes(intent.Side, intent.LimitPrice);
        Price? yesPrice;
        if (intent.Style == ExecutionStyle.Maker)
        {
            if (_book is { IsTradable: false })
            {
                Decide([new OrderRejected(clientOrderId, _ticker, "stale_book", $"book of {_ticker} is {_book.Status}; no order on a stale book", Now)]);
                return;
            }

            // Without a book yet, the limit itself, post-only: it rests there or is refused, never takes.
            yesPrice = _book is null
                ? OrderPricing.TakerPrice(side, yesLimit, _ticks)
                : OrderPricing.MakerPrice(
                    side,
                    yesLimit,
                    OrderPricing.OthersBest(_book, side, null, Quantity.Zero, !_paper),
                    OrderPricing.Opposite(_book, side),
                    _ticks,
                    _settings.MakerImproveByOneTick);
        }
        else
        {
            yesPrice = OrderPricing.TakerPrice(side, yesLimit, _ticks);
        }

        if (yesPrice is not { } price)
        {
            Decide([new OrderRejected(clientOrderId, _ticker, "no_valid_price", $"no price on the grid of {_ticker} within the limit {intent.LimitPrice}", Now)]);
            return;
        }

        var submitted = new OrderSubmitted(
            clientOrderId,
            intent.IntentId,
            intent.StrategyId,
            _ticker,
            intent.EventTicker,
            intent.Side,
            intent.Action,
            OrderPricing.ToLeg(intent.Side, price),
            intent.Count,
            intent.Style,
            PostOnly: intent.Style == ExecutionStyle.Maker,
            _paper,
            Now)
        {
            IntentLimitPrice = intent.LimitPrice,
            LeaseEpoch = _leaseGate?.LeaseEpoch(_ticker),
        };
        var order = Apply(submitted)!;
        if (_settings.OrderJournaling == OrderJournaling.WriteBehind)
        {
            // The order leaves now and its write commits behind it; it is published as it leaves, since it is out whatever
            // the write's fate. A failed write stops this router, and its recovery adopts the order from the exchange.
            Context.System.EventStream.Publish(submitted);
            SendCreateIfLeased(order);
            UpdateBookInterest();
            Persist(submitted, static _ => { });
            return;
        }

        Persist([submitted], () => SendCreateIfLeased(order));
    }

    private void SendCreate(OrderRecord order)
    {
        var request = new OrderRequest(
            _ticker,
            order.BookSide,
            order.YesPrice,
            order.Count,
            order.Style switch
            {
                ExecutionStyle.ImmediateOrCancel => TimeInForce.ImmediateOrCancel,
                ExecutionStyle.FillOrKill => TimeInForce.FillOrKill,
                _ => TimeInForce.GoodTillCanceled,
            },
            SelfTradePrevention.TakerAtCross,
            order.ClientOrderId)
        {
            PostOnly = order.Submitted.PostOnly,
        };
        order.Busy = true;
        var clientOrderId = order.ClientOrderId;
        _ = _calls.CreateOrderAsync(request).PipeTo(Self, Self, ack => new CreateCompleted(clientOrderId, ack), ex => new CreateFailed(clientOrderId, ex));
    }

    private void OnCreateCompleted(CreateCompleted completed)
    {
        if (!TryGetOrder(completed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        var ack = completed.Ack;
        var events = new List<OrderLifecycleEvent> { new OrderAccepted(order.ClientOrderId, ack.OrderId, _ticker, ack.RemainingCount, Now) };
        // Whatever neither filled nor rests was canceled by the exchange (IOC/FOK expiry, or a post-only order it would not rest).
        var expired = order.Count - ack.FilledCount - ack.RemainingCount - order.Canceled;
        if (expired.Units > 0)
        {
            var reason = order.Style switch
            {
                ExecutionStyle.FillOrKill => "fok_not_filled",
                ExecutionStyle.ImmediateOrCancel => "ioc_expired",
                _ => "not_rested",
            };
            events.Add(new OrderCanceled(order.ClientOrderId, ack.OrderId, _ticker, expired, reason, Now));
        }

        var pollFills = ack.FilledCount > order.Filled;
        Decide(events, () =>
        {
            if (pollFills)
            {
                PollFills(new FillQuery(_ticker, ack.OrderId));
            }

            if (order.CancelWhenAccepted && order.IsOpen && order.Resting.Units > 0)
            {
                SendCancel(order, "cancel_all");
            }
        });
    }

    private void OnCreateFailed(CreateFailed failed)
    {
        if (!TryGetOrder(failed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        var code = GatewayFailures.Code(failed.Cause);
        if (GatewayFailures.ClassifyCreate(failed.Cause) == CreateFailureKind.Rejected)
        {
            _log.LogWarning("Order {ClientOrderId} on {Ticker} refused: {Code}", order.ClientOrderId, _ticker, code);
            Decide([new OrderRejected(order.ClientOrderId, _ticker, code, failed.Cause.Message, Now)]);
            return;
        }

        _log.LogWarning(failed.Cause, "Outcome of order {ClientOrderId} on {Ticker} unknown ({Code}); looking it up by client id", order.ClientOrderId, _ticker, code);
        Decide([new OrderOutcomeUnknown(order.ClientOrderId, _ticker, code, Now)], () => StartLookup(order.ClientOrderId));
    }

    /// <summary>Applies the events now, stores them, then publishes each and runs <paramref name="then"/>.</summary>
    private void Decide(IReadOnlyList<OrderLifecycleEvent> events, System.Action? then = null)
    {
        foreach (var e in events)
        {
            Apply(e);
        }

        Persist(events, then);
    }

    /// <summary>Stores already-applied events, then publishes each and runs <paramref name="then"/>.</summary>
    private void Persist(IReadOnlyList<OrderLifecycleEvent> events, System.Action? then = null)
    {
        UpdateBookInterest();
        if (events.Count == 0)
        {
            then?.Invoke();
            return;
        }

        var stream = Context.System.EventStream;
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            stream.Publish(e);
            if (--remaining == 0)
            {
                then?.Invoke();
            }
        });
    }

    /// <summary>
    /// The one place state changes, for live events and replayed ones alike; returns the order the event is about (null when
    /// it is unknown) after moving it between the open and the closed orders as its phase says.
    /// </summary>
    private OrderRecord? Apply(OrderLifecycleEvent @event)
    {
        if (@event is OrderSubmitted submitted)
        {
            var created = new OrderRecord(submitted);
            _orders[submitted.ClientOrderId] = created;
            _intents.Add(submitted.IntentId);
            return created;
        }

        if (@event is OrderPartiallyFilled or OrderFilled)
        {
            _lastFillAt = _lastFillAt is { } lastFill && lastFill > @event.At ? lastFill : @event.At;
        }

        if (!TryGetOrder(@event.ClientOrderId, out var order))
        {
            return null;
        }

        switch (@event)
        {
            case OrderAccepted e:
                order.ReplaceOrderId(e.OrderId);
                _byOrderId[e.OrderId] = order;
                order.Resting = e.Resting;
                if (order.Phase != OrderPhase.Closed)
                {
                    order.Phase = OrderPhase.Accepted;
                }

                CloseIfSettled(order);
                break;
            case OrderRepriced e:
                order.YesPrice = OrderPricing.ToYes(order.Side, e.NewLimitPrice);
                order.Resting = e.Resting;
                if (order.OrderId != e.OrderId)
                {
                    order.ReplaceOrderId(e.OrderId);
                    _byOrderId[e.OrderId] = order;
                }

                break;
            case OrderPartiallyFilled e:
                order.AddTrade(e.TradeId);
                ApplyFill(order, e.OrderId, e.Count, e.FilledTotal);
                break;
            case OrderFilled e:
                order.AddTrade(e.TradeId);
                ApplyFill(order, e.OrderId, e.Count, e.FilledTotal);
                break;
            case OrderCanceled e:
                order.Canceled += e.CanceledCount;
                order.Resting = order.Resting > e.CanceledCount ? order.Resting - e.CanceledCount : Quantity.Zero;
                CloseIfSettled(order);
                break;
            case OrderRejected:
                order.Phase = OrderPhase.Closed;
                order.Resting = Quantity.Zero;
                break;
            case OrderOutcomeUnknown:
                order.Phase = OrderPhase.Unknown;
                break;
            case OrderReconciled { FoundAtExchange: false }:
                order.Phase = OrderPhase.Closed;
                order.Resting = Quantity.Zero;
                break;
        }

        if (order.IsOpen)
        {
            if (_closed.Remove(order.ClientOrderId))
            {
                order.ClosedAt = null;
                _orders[order.ClientOrderId] = order;
            }
        }
        else if (_orders.Remove(order.ClientOrderId))
        {
            _closed[order.ClientOrderId] = order;
            order.ClosedAt = @event.At;
            _closedInOrder.Enqueue((order.ClientOrderId, @event.At));
            if (!IsRecovering)
            {
                ScheduleForgetting();
            }
        }

        // By the events' own times, so a replay forgets what the live router had forgotten by then (or less, never more).
        ForgetClosedBefore(@event.At - _settings.ClosedOrderRetention);
        return order;
    }

    /// <summary>
    /// Forgets the orders closed before <paramref name="horizon"/>: their records, exchange ids and trade ids. A fill or
    /// update that still arrives for one is not booked (it cannot be attributed), which is right for a duplicate and, for a
    /// genuine fill that late, is logged.
    /// </summary>
    private void ForgetClosedBefore(DateTimeOffset horizon)
    {
        while (_closedInOrder.TryPeek(out var head) && head.ClosedAt < horizon)
        {
            _closedInOrder.Dequeue();
            if (!_closed.TryGetValue(head.ClientOrderId, out var order) || order.ClosedAt != head.ClosedAt)
            {
                continue;
            }

            _closed.Remove(head.ClientOrderId);
            ForgetOrderId(order.OrderId, order);
            foreach (var former in order.FormerOrderIds ?? [])
            {
                ForgetOrderId(former, order);
            }

            _forgottenThrough = _forgottenThrough is { } through && through > head.ClosedAt ? through : head.ClosedAt;
        }
    }

    private void ForgetOrderId(OrderId? orderId, OrderRecord order)
    {
        if (orderId is { } id && _byOrderId.TryGetValue(id, out var held) && ReferenceEquals(held, order))
        {
            _byOrderId.Remove(id);
        }
    }

    /// <summary>Wakes the router when its oldest closed order is due to be forgotten (a router whose market went quiet too).</summary>
    private void ScheduleForgetting()
    {
        if (Timers.IsTimerActive(ForgetClosedOrders.Instance) || !_closedInOrder.TryPeek(out var head))
        {
            return;
        }

        var due = head.ClosedAt + _settings.ClosedOrderRetention - Now;
        Timers.StartSingleTimer(ForgetClosedOrders.Instance, ForgetClosedOrders.Instance, due > MinimumForgetDelay ? due : MinimumForgetDelay);
    }

    // Closes due together are forgotten in one wake-up rather than one each.
    private static readonly TimeSpan MinimumForgetDelay = TimeSpan.FromSeconds(1);

    private void OnForgetClosedOrders()
    {
        ForgetClosedBefore(Now - _settings.ClosedOrderRetention);
        ScheduleForgetting();
    }

    /// <summary>An order of this router by client id, open or closed.</summary>
    private bool TryGetOrder(ClientOrderId clientOrderId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OrderRecord? order) =>
        _orders.TryGetValue(clientOrderId, out order) || _closed.TryGetValue(clientOrderId, out order);

    private void ApplyFill(OrderRecord order, OrderId orderId, Quantity count, Quantity filledTotal)
    {
        if (order.OrderId is null)
        {
            order.OrderId = orderId;
            _byOrderId[orderId] = order;
        }

        order.Filled = filledTotal;
        order.Resting = order.Resting > count ? order.Resting - count : Quantity.Zero;
        CloseIfSettled(order);
    }

    private static void CloseIfSettled(OrderRecord order)
    {
        if (order.Unsettled.Units <= 0 && order.Phase != OrderPhase.Unknown)
        {
            order.Phase = OrderPhase.Closed;
            order.Resting = Quantity.Zero;
        }
    }

    private List<OpenOrderView> OpenOrderViews() =>
        [.. _orders.Values
            .OrderBy(o => o.ClientOrderId.Value, StringComparer.Ordinal)
            .Select(o => new OpenOrderView(
                o.ClientOrderId,
                o.Submitted.IntentId.Value,
                o.Phase.ToString(),
                o.Side,
                o.Submitted.Action,
                OrderPricing.ToLeg(o.Side, o.YesPrice),
                o.Count,
                o.Filled,
                o.Canceled,
                o.Resting))];
}
