using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;
using static KalshiActors.Execution.RouterMessages;

namespace KalshiActors.Execution;

/// <summary>Maker quoting (re-quote when the book moves away, cancel when it goes stale) and cancels.</summary>
internal sealed partial class OrderRouterActor
{
    private void OnBook(BookUpdated book)
    {
        if (book.Ticker != _ticker)
        {
            return;
        }

        _book = book;
        if (!book.IsTradable)
        {
            if (_settings.CancelOnStale)
            {
                CancelMakers("book_stale");
            }

            return;
        }

        foreach (var order in RestingMakers())
        {
            var othersBest = OrderPricing.OthersBest(book, order.BookSide, order.YesPrice, order.Resting, !_paper);
            var desired = OrderPricing.MakerPrice(
                order.BookSide, order.YesLimit, othersBest, OrderPricing.Opposite(book, order.BookSide), _ticks, _settings.MakerImproveByOneTick);
            if (desired is not { } price || price == order.YesPrice)
            {
                continue;
            }

            var outbid = othersBest is { } best && (order.BookSide == BookSide.Bid ? best > order.YesPrice : best < order.YesPrice);
            var distance = Math.Abs(price.Units - order.YesPrice.Units);
            if (outbid || distance >= _settings.RequoteThreshold.Units)
            {
                SendAmend(order, price);
            }
        }
    }

    private void OnBookStatus(BookStatusChanged changed)
    {
        if (changed.Ticker == _ticker && changed.To != BookStatus.Live && _settings.CancelOnStale)
        {
            CancelMakers("book_stale");
        }
    }

    private IEnumerable<OrderRecord> RestingMakers() =>
        AnyOrder(IsRestingMaker) ? _orders.Values.Where(IsRestingMaker).OrderBy(o => o.ClientOrderId.Value, StringComparer.Ordinal).ToList() : [];

    // Asked on every book update and every stored order event, and mostly answered no: a plain loop over the open orders
    // (closed ones are kept apart), with no enumerator or closure allocated (the predicates are static methods).
    private bool AnyOrder(Func<OrderRecord, bool> predicate)
    {
        foreach (var order in _orders.Values)
        {
            if (predicate(order))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRestingMaker(OrderRecord o) =>
        o is { Phase: OrderPhase.Accepted, Busy: false, Style: ExecutionStyle.Maker, OrderId: not null } && o.Resting.Units > 0;

    private void CancelMakers(string reason)
    {
        foreach (var order in RestingMakers())
        {
            SendCancel(order, reason);
        }
    }

    private void SendAmend(OrderRecord order, Price yesPrice)
    {
        order.Busy = true;
        var clientOrderId = order.ClientOrderId;
        var amend = new AmendRequest(order.OrderId!.Value, _ticker, order.BookSide, yesPrice, order.Count - order.Canceled, clientOrderId, null);
        _ = _calls.AmendOrderAsync(amend).PipeTo(Self, Self, ack => new AmendCompleted(clientOrderId, yesPrice, ack), ex => new AmendFailed(clientOrderId, ex));
    }

    private void OnAmendCompleted(AmendCompleted completed)
    {
        if (!TryGetOrder(completed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        Decide([new OrderRepriced(order.ClientOrderId, completed.Ack.OrderId, _ticker, OrderPricing.ToLeg(order.Side, completed.NewYesPrice), completed.Ack.RemainingCount, Now)]);
    }

    private void OnAmendFailed(AmendFailed failed)
    {
        if (!TryGetOrder(failed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        _log.LogWarning(failed.Cause, "Re-quote of {ClientOrderId} on {Ticker} failed ({Code}); it keeps its price", order.ClientOrderId, _ticker, GatewayFailures.Code(failed.Cause));
        if (failed.Cause is IOrderGatewayFailure { IsTransient: false })
        {
            // Refused: the order may be gone (filled or canceled); ask the exchange what it is.
            StartLookup(order.ClientOrderId);
        }
    }

    private void SendCancel(OrderRecord order, string reason)
    {
        order.Busy = true;
        var clientOrderId = order.ClientOrderId;
        _ = _calls.CancelOrderAsync(order.OrderId!.Value)
            .PipeTo(Self, Self, ack => new CancelCompleted(clientOrderId, ack, reason), ex => new CancelFailed(clientOrderId, ex, reason));
    }

    private void OnCancelCompleted(CancelCompleted completed)
    {
        if (!TryGetOrder(completed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        Decide(CancelEvents(order, completed.Ack, completed.Reason));
    }

    private List<OrderLifecycleEvent> CancelEvents(OrderRecord order, CancelAck ack, string reason)
    {
        var reduced = ack.ReducedBy > order.Unsettled ? order.Unsettled : ack.ReducedBy;
        return reduced.Units > 0
            ? [new OrderCanceled(order.ClientOrderId, ack.OrderId, _ticker, reduced, reason, Now)]
            : [];
    }

    private void OnCancelFailed(CancelFailed failed)
    {
        if (!TryGetOrder(failed.ClientOrderId, out var order))
        {
            return;
        }

        order.Busy = false;
        _log.LogWarning(failed.Cause, "Cancel of {ClientOrderId} on {Ticker} failed ({Code})", order.ClientOrderId, _ticker, GatewayFailures.Code(failed.Cause));
        if (failed.Cause is IOrderGatewayFailure { IsTransient: false })
        {
            StartLookup(order.ClientOrderId);
        }
    }

    private void OnCancelAll(CancelAllOrders command)
    {
        var orders = _orders.Values
            .Where(o => o is { Phase: OrderPhase.Accepted, OrderId: not null } && o.Resting.Units > 0)
            .OrderBy(o => o.ClientOrderId.Value, StringComparer.Ordinal)
            .ToList();
        foreach (var inFlight in _orders.Values.Where(o => o.Phase == OrderPhase.Submitted && o.Style == ExecutionStyle.Maker))
        {
            // Its create has not answered yet; what rests of it is canceled once it has.
            inFlight.CancelWhenAccepted = true;
        }

        var replyTo = Sender;
        if (orders.Count == 0)
        {
            replyTo.Tell(new CancelAllOrdersResult(0, 0), Self);
            return;
        }

        _log.LogInformation("Canceling {Count} resting orders on {Ticker}: {Reason}", orders.Count, _ticker, command.Reason);
        var cancels = orders.Select(async o =>
        {
            o.Busy = true;
            try
            {
                return new CancelOutcome(o.ClientOrderId, await _calls.CancelOrderAsync(o.OrderId!.Value).ConfigureAwait(false), null);
            }
#pragma warning disable CA1031 // Each cancel's failure is reported in the result, never thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return new CancelOutcome(o.ClientOrderId, null, ex);
            }
        }).ToList();
        _ = Task.WhenAll(cancels).PipeTo(Self, Self, outcomes => new CancelAllCompleted(replyTo, outcomes), ex => new CancelAllCompleted(replyTo, []));
    }

    private void OnCancelAllCompleted(CancelAllCompleted completed)
    {
        var events = new List<OrderLifecycleEvent>();
        var failures = 0;
        foreach (var outcome in completed.Outcomes)
        {
            if (!TryGetOrder(outcome.ClientOrderId, out var order))
            {
                continue;
            }

            order.Busy = false;
            if (outcome.Ack is { } ack)
            {
                foreach (var e in CancelEvents(order, ack, "cancel_all"))
                {
                    Apply(e);
                    events.Add(e);
                }
            }
            else
            {
                failures++;
                _log.LogWarning(outcome.Cause, "Cancel of {ClientOrderId} on {Ticker} failed during cancel-all", order.ClientOrderId, _ticker);

                // As for a single cancel: a refused one (e.g. 404, the order filled meanwhile, possibly while no fill
                // stream was listening) is looked up, so its fills are found and journaled rather than lost.
                if (outcome.Cause is IOrderGatewayFailure { IsTransient: false })
                {
                    StartLookup(order.ClientOrderId);
                }
            }
        }

        var replyTo = completed.ReplyTo;
        var sent = completed.Outcomes.Count;
        Persist(events, () => replyTo.Tell(new CancelAllOrdersResult(sent, failures), Self));
    }
}
