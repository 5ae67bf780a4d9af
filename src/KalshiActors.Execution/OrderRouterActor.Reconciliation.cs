using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;
using static KalshiActors.Execution.RouterMessages;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Execution;

/// <summary>Start-up reconciliation and the look-up of orders whose outcome is unknown.</summary>
internal sealed partial class OrderRouterActor
{
    /// <summary>Until the exchange has been read, intents and order commands wait in the stash.</summary>
    private void Reconciling()
    {
        Become(() =>
        {
            Command<StartupSnapshot>(OnStartupSnapshot);
            Command<StartupFailed>(OnStartupFailed);
            Command<RetryStartup>(_ => StartStartupReconciliation());
            Command<IntentApproved>(_ => Stash.Stash());
            Command<CancelAllOrders>(_ => Stash.Stash());
            Command<OwnFillReceived>(_ => Stash.Stash());
            Command<OwnOrderUpdated>(_ => Stash.Stash());
            Command<MarketSettled>(_ => Stash.Stash());

            // The start-up reads may have left before the stream was subscribed: read back again once ready.
            Command<ReconcileWithExchange>(_ => Stash.Stash());
            CommonCommands();
        });
    }

    private void OnRecovered()
    {
        ScheduleForgetting();

        // A router that never stored an order has nothing to reconcile, unless orders may leave before they are stored.
        if (LastSequenceNr == 0 && _settings.OrderJournaling == OrderJournaling.WriteAhead)
        {
            BecomeReady();
            return;
        }

        StartStartupReconciliation();
    }

    /// <summary>
    /// Where fill reads start: a second before the last fill booked. The exchange filters in whole seconds and does not
    /// say whether the bound is inclusive, so a later fill in that same second could otherwise be skipped; the overlap is
    /// harmless, trade ids already booked are ignored.
    /// </summary>
    private DateTimeOffset? ReadFillsFrom => _lastFillAt?.AddSeconds(-1);

    private void StartStartupReconciliation()
    {
        var orders = _calls.GetOrdersAsync(new OrderQuery(_ticker));
        var fills = _calls.GetFillsAsync(new FillQuery(_ticker, Since: ReadFillsFrom));
        var positions = _calls.GetPositionsAsync();
        _ = Task.WhenAll(orders, fills, positions)
            .PipeTo(Self, Self, () => new StartupSnapshot(orders.Result, fills.Result, positions.Result), ex => new StartupFailed(ex));
    }

    private void OnStartupFailed(StartupFailed failed)
    {
        _log.LogWarning(failed.Cause, "Start-up reconciliation of {Ticker} failed; retrying in {Delay}", _ticker, _settings.ReconcileRetryDelay);
        Timers.StartSingleTimer(RetryStartup.Instance, RetryStartup.Instance, _settings.ReconcileRetryDelay);
    }

    private void OnStartupSnapshot(StartupSnapshot snapshot)
    {
        var events = new List<OrderLifecycleEvent>();
        var pollFills = false;
        foreach (var order in _orders.Values.OrderBy(o => o.ClientOrderId.Value, StringComparer.Ordinal).ToList())
        {
            var found = snapshot.Orders.FirstOrDefault(o => o.ClientOrderId == order.ClientOrderId || (order.OrderId is { } id && o.OrderId == id));
            pollFills |= Reconcile(order, found, events);
        }

        // Before the fills, so those of an adopted order are booked against it.
        var adopted = _settings.OrderJournaling == OrderJournaling.WriteBehind ? AdoptUnknownOrders(snapshot, events, ref pollFills) : [];
        foreach (var fill in snapshot.Fills.OrderBy(f => f.Time ?? DateTimeOffset.MinValue))
        {
            if (FillEvent(fill, null) is { } e)
            {
                Apply(e);
                events.Add(e);
            }
        }

        var position = snapshot.Positions.FirstOrDefault(p => p.Ticker == _ticker);
        _log.LogInformation(
            "Reconciled {Ticker} with the exchange: {Events} events, {Open} open orders, exchange position {Position}",
            _ticker,
            events.Count,
            _orders.Count,
            position?.Position ?? Quantity.Zero);
        Persist(events, () =>
        {
            BecomeReady();
            if (pollFills)
            {
                PollFills(new FillQuery(_ticker));
            }

            // Nothing stored says why an adopted order was placed (its signal and decision may be lost with it), so what
            // still rests is withdrawn; its strategy raises a new intent if it still wants the trade.
            foreach (var order in adopted)
            {
                if (order is { IsOpen: true, Busy: false, OrderId: not null } && order.Resting.Units > 0)
                {
                    SendCancel(order, "adopted");
                }
            }
        });
    }

    /// <summary>Strategy id of an order adopted from the exchange (write-behind), whose intent is not known.</summary>
    internal const string AdoptedStrategyId = "adopted";

    // Between the exchange's clock (an order's created time) and this node's (the events' times).
    private static readonly TimeSpan AdoptionClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Write-behind: the orders of this market at the exchange that the journal lacks, created since the latest of the
    /// adoption window's start and this router's last stored event (an order whose write was lost was sent after every
    /// event of this router that was stored), are recorded as this router's own: an <see cref="OrderSubmitted"/> by
    /// <see cref="AdoptedStrategyId"/> with the exchange's client order id, then reconciled and accepted as the exchange
    /// reports them (<see cref="Reconcile"/>, as for an order of its own). Applies the events and adds them to
    /// <paramref name="events"/>; sets <paramref name="pollFills"/> when the exchange reports fills not booked yet.
    /// </summary>
    private List<OrderRecord> AdoptUnknownOrders(StartupSnapshot snapshot, List<OrderLifecycleEvent> events, ref bool pollFills)
    {
        var now = Now;
        var from = now - _settings.AdoptionWindow;
        if (_lastStoredAt is { } last && last - AdoptionClockSkew > from)
        {
            from = last - AdoptionClockSkew;
        }

        // The exchange nets YES against NO: a YES bid sells NO contracts held, a YES ask sells YES contracts held.
        var position = snapshot.Positions.FirstOrDefault(p => p.Ticker == _ticker)?.Position ?? Quantity.Zero;
        var adopted = new List<OrderRecord>();
        var tooOld = new List<string>();
        var unknown = snapshot.Orders
            .Where(o => o.Ticker == _ticker && Find(o.ClientOrderId, o.OrderId) is null)
            .OrderBy(o => o.CreatedTime ?? DateTimeOffset.MinValue)
            .ThenBy(o => o.OrderId.Value, StringComparer.Ordinal);
        foreach (var state in unknown)
        {
            if (state.CreatedTime is not { } created || created < from)
            {
                if (state.Status == OrderStatus.Resting)
                {
                    tooOld.Add(state.OrderId.Value);
                }

                continue;
            }

            var (side, action) = state.Side == BookSide.Bid
                ? position.Units < 0 ? (Side.No, TradeAction.Sell) : (Side.Yes, TradeAction.Buy)
                : position.Units > 0 ? (Side.Yes, TradeAction.Sell) : (Side.No, TradeAction.Buy);
            var clientOrderId = state.ClientOrderId ?? new ClientOrderId("adopted-" + state.OrderId.Value);
            var legPrice = OrderPricing.ToLeg(side, state.YesPrice);
            var submitted = new OrderSubmitted(
                clientOrderId,
                new IntentId("adopted:" + clientOrderId.Value),
                AdoptedStrategyId,
                _ticker,
                _eventTicker ?? EventTickerOf(_ticker),
                side,
                action,
                legPrice,
                state.InitialCount,
                ExecutionStyle.Maker,
                PostOnly: false,
                _paper,
                now)
            {
                IntentLimitPrice = legPrice,
            };
            var order = Apply(submitted)!;
            events.Add(submitted);
            pollFills |= Reconcile(order, state, events);
            adopted.Add(order);
            _log.LogWarning(
                "Adopted order {ClientOrderId} ({OrderId}) on {Ticker}: {Status} at the exchange since {Created:O}, {BookSide} {Count} @ {YesPrice}, missing from the journal (sent before its write was stored)",
                clientOrderId, state.OrderId, _ticker, state.Status, created, state.Side, state.InitialCount, state.YesPrice);
        }

        if (tooOld.Count > 0)
        {
            _log.LogWarning(
                "{Count} resting orders on {Ticker} are not in the journal and older than the adoption window ({From:O}); left alone: {OrderIds}",
                tooOld.Count, _ticker, from, string.Join(", ", tooOld));
        }

        return adopted;
    }

    /// <summary>A market's event by the exchange's naming (the ticker up to its last dash), for a market the catalog has not listed.</summary>
    private static EventTicker EventTickerOf(MarketTicker ticker)
    {
        var dash = ticker.Value.LastIndexOf('-');
        return new EventTicker(dash > 0 ? ticker.Value[..dash] : ticker.Value);
    }

    private void BecomeReady()
    {
        Ready();
        UpdateBookInterest();
        Stash.UnstashAll();
    }

    /// <summary>
    /// Decides (and applies) the events that bring <paramref name="order"/> in line with what the exchange says;
    /// returns whether the exchange reports fills the router has not booked yet.
    /// </summary>
    private bool Reconcile(OrderRecord order, OrderState? found, List<OrderLifecycleEvent> events)
    {
        var decided = new List<OrderLifecycleEvent>();
        if (order.Phase is OrderPhase.Submitted or OrderPhase.Unknown)
        {
            if (found is null)
            {
                decided.Add(new OrderReconciled(order.ClientOrderId, _ticker, false, "absent at the exchange: never placed", Now));
            }
            else
            {
                decided.Add(new OrderReconciled(order.ClientOrderId, _ticker, true, "found " + found.Status.ToString().ToLowerInvariant(), Now));
                decided.Add(new OrderAccepted(order.ClientOrderId, found.OrderId, _ticker, found.Status == OrderStatus.Resting ? found.RemainingCount : Quantity.Zero, Now));
            }
        }

        if (found is not null && found.Status == OrderStatus.Canceled)
        {
            var canceled = order.Count - found.FilledCount - order.Canceled;
            if (canceled.Units > 0)
            {
                decided.Add(new OrderCanceled(order.ClientOrderId, found.OrderId, _ticker, canceled, "canceled_at_exchange", Now));
            }
        }

        foreach (var e in decided)
        {
            Apply(e);
        }

        events.AddRange(decided);
        return found is not null && found.FilledCount > order.Filled;
    }

    /// <summary>
    /// Reads back the fills (since the last one booked) and the states of the open orders, after the private stream was
    /// (re)subscribed: a fill made while no stream listened is booked now, once (by trade id), not when the order is next
    /// touched. A router with no open order has nothing that could have filled.
    /// </summary>
    private void StartReadBack()
    {
        if (_readBackInFlight)
        {
            _readBackAgain = true;
            return;
        }

        if (_orders.Count == 0)
        {
            return;
        }

        _readBackInFlight = true;
        var orders = _calls.GetOrdersAsync(new OrderQuery(_ticker));
        var fills = _calls.GetFillsAsync(new FillQuery(_ticker, Since: ReadFillsFrom));
        _ = Task.WhenAll(orders, fills)
            .PipeTo(Self, Self, () => new ExchangeReadBack(orders.Result, fills.Result), ex => new ExchangeReadBackFailed(ex));
    }

    private void OnReadBackFailed(ExchangeReadBackFailed failed)
    {
        _readBackInFlight = false;
        _log.LogWarning(failed.Cause, "Read-back of {Ticker} after the fill stream subscribed failed; retrying in {Delay}", _ticker, _settings.ReconcileRetryDelay);
        Timers.StartSingleTimer(ReconcileWithExchange.Instance, ReconcileWithExchange.Instance, _settings.ReconcileRetryDelay);
    }

    private void OnReadBack(ExchangeReadBack readBack)
    {
        _readBackInFlight = false;
        var events = new List<OrderLifecycleEvent>();
        foreach (var fill in readBack.Fills.OrderBy(f => f.Time ?? DateTimeOffset.MinValue))
        {
            if (FillEvent(fill, null) is { } e)
            {
                Apply(e);
                events.Add(e);
            }
        }

        // Cancels by the exchange (a market closing, self-trade prevention) also went unseen; an order with a request in
        // flight is left to that request's answer.
        foreach (var state in readBack.Orders.Where(s => s.Status == OrderStatus.Canceled))
        {
            if (Find(state.ClientOrderId, state.OrderId) is { IsOpen: true, Busy: false } order)
            {
                var canceled = order.Count - state.FilledCount - order.Canceled;
                if (canceled.Units > 0)
                {
                    var e = new OrderCanceled(order.ClientOrderId, state.OrderId, _ticker, canceled, "canceled_at_exchange", Now);
                    Apply(e);
                    events.Add(e);
                }
            }
        }

        if (events.Count > 0)
        {
            _log.LogInformation("Read back {Ticker} after the fill stream subscribed: {Events} events the stream had not brought", _ticker, events.Count);
        }

        Persist(events, () =>
        {
            if (_readBackAgain)
            {
                _readBackAgain = false;
                StartReadBack();
            }
            else if (_settled && _orders.Count == 0)
            {
                Retire();
            }
        });
    }

    private void StartLookup(ClientOrderId clientOrderId)
    {
        if (!TryGetOrder(clientOrderId, out var order) || !order.IsOpen)
        {
            return;
        }

        order.Busy = true;
        _ = _calls.GetOrdersAsync(new OrderQuery(_ticker))
            .PipeTo(Self, Self, orders => new LookupCompleted(clientOrderId, orders), ex => new LookupFailed(clientOrderId, ex));
    }

    private void OnLookupFailed(LookupFailed failed)
    {
        if (TryGetOrder(failed.ClientOrderId, out var order))
        {
            order.Busy = false;
        }

        _log.LogWarning(failed.Cause, "Look-up of order {ClientOrderId} on {Ticker} failed; retrying in {Delay}", failed.ClientOrderId, _ticker, _settings.ReconcileRetryDelay);
        Timers.StartSingleTimer(("lookup", failed.ClientOrderId), new RetryLookup(failed.ClientOrderId), _settings.ReconcileRetryDelay);
    }

    private void OnLookupCompleted(LookupCompleted completed)
    {
        if (!TryGetOrder(completed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        var found = completed.Orders.FirstOrDefault(o => o.ClientOrderId == order.ClientOrderId || (order.OrderId is { } id && o.OrderId == id));
        var events = new List<OrderLifecycleEvent>();
        var pollFills = Reconcile(order, found, events);
        _log.LogInformation("Order {ClientOrderId} on {Ticker} looked up: {Found}", order.ClientOrderId, _ticker, found?.Status.ToString() ?? "absent");
        Persist(events, () =>
        {
            if (pollFills && found is not null)
            {
                PollFills(new FillQuery(_ticker, found.OrderId));
            }
        });
    }
}
