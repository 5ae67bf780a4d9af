using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

public sealed class OrderRouterActorSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    [Fact]
    public void OrderRouterActor_must_persist_and_publish_the_lifecycle_in_order()
    {
        var router = StartRouter();
        router.Tell(Book(40, 100, 45, 100));
        var intent = Intent(1);
        router.Tell(intent);

        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        Assert.Equal(intent.Intent.IntentId.ToClientOrderId(0), submitted.ClientOrderId);
        Assert.Equal(Contracts(10), accepted.Resting);

        router.Tell(new OwnFillReceived(Fill("t1", accepted.OrderId, 41, 4), submitted.ClientOrderId, Contracts(4)));
        var partial = Expect<OrderPartiallyFilled>();
        Assert.Equal((Contracts(4), Contracts(6), Cents(41), "test-strategy"), (partial.FilledTotal, partial.Remaining, partial.Price, partial.StrategyId));

        router.Tell(new OwnFillReceived(Fill("t2", accepted.OrderId, 41, 6), null, Contracts(10)));
        var filled = Expect<OrderFilled>();
        Assert.Equal(Contracts(10), filled.FilledTotal);

        Assert.Equal(
            [typeof(OrderSubmitted), typeof(OrderAccepted), typeof(OrderPartiallyFilled), typeof(OrderFilled)],
            RouterJournal().Select(e => e.GetType()));
        var fillTagged = Journal.CurrentEventsByTag("fill").ToBlockingList();
        Assert.Equal(["t1", "t2"], fillTagged.Select(e => e.Event switch
        {
            OrderPartiallyFilled p => p.TradeId,
            OrderFilled f => f.TradeId,
            _ => "?",
        }));
        Assert.Equal(4, Journal.CurrentEventsByTag("order").ToBlockingList().Count);
    }

    [Fact]
    public void OrderRouterActor_must_persist_OrderSubmitted_before_the_request_leaves()
    {
        var pending = new TaskCompletionSource<OrderAck>();
        Gateway.OnCreate = _ => pending.Task;
        var router = StartRouter();
        router.Tell(Intent(1));

        Expect<OrderSubmitted>();
        AwaitCondition(() => !Gateway.Creates.IsEmpty);
        Assert.Single(RouterJournal());
        pending.SetResult(Gateway.Ack(Gateway.Creates.Single(), Quantity.Zero, Contracts(10)));
        Expect<OrderAccepted>();
    }

    [Fact]
    public void OrderRouterActor_must_quote_post_only_one_tick_better_than_the_best_bid()
    {
        var router = StartRouter();
        router.Tell(Book(40, 100, 45, 100));
        router.Tell(Intent(1, limitCents: 50));

        var submitted = Expect<OrderSubmitted>();
        Assert.Equal((Cents(41), true, Cents(50)), (submitted.LimitPrice, submitted.PostOnly, submitted.IntentLimitPrice!.Value));
        var request = Gateway.Creates.Single();
        Assert.Equal((BookSide.Bid, Cents(41), TimeInForce.GoodTillCanceled, true), (request.Side, request.YesPrice, request.TimeInForce, request.PostOnly));
    }

    [Fact]
    public void OrderRouterActor_must_join_the_best_price_when_the_spread_is_one_tick()
    {
        var router = StartRouter();
        router.Tell(Book(44, 100, 45, 100));

        // Buying NO is an ask on the YES book: best YES ask 45 cannot improve to 44 (the bid), so it joins at 45 = NO 55.
        router.Tell(Intent(1, side: Side.No, limitCents: 60));
        var submitted = Expect<OrderSubmitted>();
        Assert.Equal(Cents(55), submitted.LimitPrice);
        var request = Gateway.Creates.Single();
        Assert.Equal((BookSide.Ask, Cents(45)), (request.Side, request.YesPrice));
    }

    [Fact]
    public void OrderRouterActor_must_requote_when_the_book_moves_away_and_stay_within_the_limit()
    {
        var router = StartRouter();
        router.Tell(Book(40, 100, 45, 100));
        router.Tell(Intent(1, limitCents: 43));
        Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();

        // Outbid at 42: move to 43 (one better would be 43 too; the limit caps it).
        router.Tell(Book(42, 50, 46, 100, sequence: 2));
        var repriced = Expect<OrderRepriced>();
        Assert.Equal((Cents(43), accepted.OrderId), (repriced.NewLimitPrice, repriced.OrderId));
        Assert.Equal(Cents(43), Gateway.Amends.Single().YesPrice);

        // Outbid beyond the limit: nothing to do.
        router.Tell(Book(44, 50, 47, 100, sequence: 3));

        // The book falls away: 43 is now far above the others' best of 30; re-quote down to 31.
        router.Tell(Book(30, 50, 47, 100, sequence: 4));
        Assert.Equal(Cents(31), Expect<OrderRepriced>().NewLimitPrice);
        Assert.Equal(2, Gateway.Amends.Count);
    }

    [Fact]
    public void OrderRouterActor_must_cancel_resting_maker_orders_when_the_book_goes_stale()
    {
        var router = StartRouter();
        router.Tell(Book(40, 100, 45, 100));
        router.Tell(Intent(1));
        Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();

        router.Tell(Book(40, 100, 45, 100, BookStatus.Stale, sequence: 2));
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((Contracts(10), "book_stale", accepted.OrderId), (canceled.CanceledCount, canceled.Reason, canceled.OrderId));
        Assert.Equal(accepted.OrderId, Gateway.Cancels.Single());

        // And no new maker order on a stale book.
        router.Tell(Intent(2));
        Assert.Equal("stale_book", Expect<OrderRejected>().Code);
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void OrderRouterActor_must_send_IOC_at_the_limit_and_book_the_expired_rest()
    {
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Contracts(3), Quantity.Zero));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel, limitCents: 47, count: 5));

        Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((Quantity.Zero, Contracts(2), "ioc_expired"), (accepted.Resting, canceled.CanceledCount, canceled.Reason));
        var request = Gateway.Creates.Single();
        Assert.Equal((TimeInForce.ImmediateOrCancel, false, Cents(47)), (request.TimeInForce, request.PostOnly, request.YesPrice));

        // The immediate fill was polled for; it closes the order.
        AwaitCondition(() => Gateway.FillQueries.Any(q => q.OrderId == accepted.OrderId));
        router.Tell(new OwnFillReceived(Fill("t1", accepted.OrderId, 46, 3, isTaker: true), request.ClientOrderId, Contracts(3)));
        var filled = Expect<OrderFilled>();
        Assert.Equal((Contracts(3), Cents(46), true), (filled.FilledTotal, filled.Price, filled.IsTaker));
    }

    [Fact]
    public void OrderRouterActor_must_send_FOK_and_book_a_kill_as_a_cancel_of_everything()
    {
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.FillOrKill, side: Side.No, action: Domain.Action.Buy, limitCents: 30, count: 5));

        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((Contracts(5), "fok_not_filled"), (canceled.CanceledCount, canceled.Reason));
        var request = Gateway.Creates.Single();
        Assert.Equal((TimeInForce.FillOrKill, BookSide.Ask, Cents(70)), (request.TimeInForce, request.Side, request.YesPrice));
    }

    [Fact]
    public void OrderRouterActor_must_never_turn_a_redelivered_intent_into_a_second_order()
    {
        var router = StartRouter();
        var intent = Intent(7, ExecutionStyle.ImmediateOrCancel);
        router.Tell(intent);
        router.Tell(intent);
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var request = Assert.Single(Gateway.Creates);
        Assert.Equal(intent.Intent.IntentId.ToClientOrderId(0), request.ClientOrderId);
        Assert.Equal(IntentId.For("test-strategy", Ticker, 7).ToClientOrderId(0), request.ClientOrderId);
    }

    [Fact]
    public void OrderRouterActor_must_reconcile_an_order_in_flight_at_a_restart_without_creating_a_second_one()
    {
        var lost = new TaskCompletionSource<OrderAck>();
        Gateway.OnCreate = _ => lost.Task;
        var router = StartRouter();
        var intent = Intent(1);
        router.Tell(Book(40, 100, 45, 100));
        router.Tell(intent);
        var submitted = Expect<OrderSubmitted>();
        AwaitCondition(() => !Gateway.Creates.IsEmpty);
        StopRouter(router);

        // The exchange did receive it: the restarted router finds it by client id and takes it over.
        var exchangeId = new OrderId("ord-x");
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(exchangeId, submitted.ClientOrderId, OrderStatus.Resting, 10, 0, 10)]);
        router = StartRouter();
        router.Tell(intent);

        var reconciled = Expect<OrderReconciled>();
        Assert.True(reconciled.FoundAtExchange);
        var accepted = Expect<OrderAccepted>();
        Assert.Equal((exchangeId, submitted.ClientOrderId, Contracts(10)), (accepted.OrderId, accepted.ClientOrderId, accepted.Resting));
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Gateway.Creates);
        Assert.Contains(Gateway.OrderQueries, q => q.Ticker == Ticker);
    }

    [Fact]
    public void OrderRouterActor_must_treat_an_order_absent_after_a_restart_as_never_placed()
    {
        Gateway.OnCreate = _ => new TaskCompletionSource<OrderAck>().Task;
        var router = StartRouter();
        var intent = Intent(1, ExecutionStyle.ImmediateOrCancel);
        router.Tell(intent);
        Expect<OrderSubmitted>();
        AwaitCondition(() => !Gateway.Creates.IsEmpty);
        StopRouter(router);

        router = StartRouter();
        router.Tell(intent);
        var reconciled = Expect<OrderReconciled>();
        Assert.False(reconciled.FoundAtExchange);
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void OrderRouterActor_must_look_up_an_order_whose_create_timed_out_and_reconcile_it()
    {
        Gateway.OnCreate = _ => Task.FromException<OrderAck>(new FakeGatewayFailure(503));
        var intent = Intent(1, ExecutionStyle.ImmediateOrCancel, count: 5);
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(new OrderId("ord-u"), intent.Intent.IntentId.ToClientOrderId(0), OrderStatus.Canceled, 5, 2, 0)]);
        var router = StartRouter();
        router.Tell(intent);
        Expect<OrderSubmitted>();

        var unknown = Expect<OrderOutcomeUnknown>();
        Assert.Equal("http_503", unknown.Reason);
        Assert.True(Expect<OrderReconciled>().FoundAtExchange);
        Assert.Equal(Quantity.Zero, Expect<OrderAccepted>().Resting);
        Assert.Equal(Contracts(3), Expect<OrderCanceled>().CanceledCount);

        // Two contracts filled at the exchange: their fills are read back and booked.
        AwaitCondition(() => Gateway.FillQueries.Any(q => q.OrderId == new OrderId("ord-u")));
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void OrderRouterActor_must_retry_a_failed_lookup_on_its_timer()
    {
        Gateway.OnCreate = _ => Task.FromException<OrderAck>(new TimeoutException("no answer"));
        Gateway.OnGetOrders = _ => Task.FromException<IReadOnlyList<OrderState>>(new FakeGatewayFailure(502));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        Expect<OrderOutcomeUnknown>();
        AwaitCondition(() => Gateway.OrderQueries.Count == 1);
        AwaitCondition(() => Clock!.PendingTimers > 0);

        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>([]);
        Clock!.Advance(Settings.ReconcileRetryDelay);
        Assert.False(Expect<OrderReconciled>().FoundAtExchange);
    }

    [Fact]
    public void OrderRouterActor_must_book_a_refused_order_as_rejected()
    {
        Gateway.OnCreate = _ => Task.FromException<OrderAck>(new FakeGatewayFailure(400));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        Assert.Equal("http_400", Expect<OrderRejected>().Code);
        Assert.Empty(Gateway.OrderQueries);
    }

    [Fact]
    public void OrderRouterActor_must_book_a_fill_seen_on_the_feed_and_by_polling_once()
    {
        var router = StartRouter();
        router.Tell(Intent(1, count: 10));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        var fill = Fill("t-dup", accepted.OrderId, 50, 4);

        router.Tell(new OwnFillReceived(fill, submitted.ClientOrderId, Contracts(4)));
        router.Tell(new OwnFillReceived(fill, submitted.ClientOrderId, Contracts(4)));
        Expect<OrderPartiallyFilled>();
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // After a restart the trade id is still known: reconciliation's poll does not book it again.
        StopRouter(router);
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(accepted.OrderId, submitted.ClientOrderId, OrderStatus.Resting, 10, 4, 6)]);
        Gateway.OnGetFills = _ => Task.FromResult<IReadOnlyList<FillRecord>>([fill, Fill("t-new", accepted.OrderId, 50, 1)]);
        StartRouter();
        var partial = Expect<OrderPartiallyFilled>();
        Assert.Equal(("t-new", Contracts(5)), (partial.TradeId, partial.FilledTotal));
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void OrderRouterActor_must_hold_intents_until_start_up_reconciliation_is_done()
    {
        // A first life leaves an order resting.
        var router = StartRouter();
        router.Tell(Intent(1));
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        StopRouter(router);

        var reads = new TaskCompletionSource<IReadOnlyList<OrderState>>();
        Gateway.OnGetOrders = _ => reads.Task;
        router = StartRouter();
        router.Tell(Intent(2));
        AwaitCondition(() => Gateway.OrderQueries.Count == 1);
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Gateway.Creates);

        reads.SetResult([]);
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Assert.Equal(2, Gateway.Creates.Count);
    }

    [Fact]
    public void OrderRouterActor_must_cancel_all_resting_orders_and_report_the_count()
    {
        var router = StartRouter();
        router.Tell(Intent(1));
        router.Tell(Intent(2));
        Assert.Equal(2, Events.ReceiveN(4).OfType<OrderAccepted>().Count());

        router.Tell(new CancelAllOrders("kill switch"));
        ExpectMsg(new CancelAllOrdersResult(2, 0));
        Assert.Equal("cancel_all", Expect<OrderCanceled>().Reason);
        Assert.Equal("cancel_all", Expect<OrderCanceled>().Reason);
        Assert.Equal(2, Gateway.Cancels.Count);
    }

    [Fact]
    public void OrderRouterActor_must_cancel_an_order_whose_create_was_in_flight_at_a_cancel_all_once_it_is_accepted()
    {
        var pending = new TaskCompletionSource<OrderAck>();
        Gateway.OnCreate = _ => pending.Task;
        var router = StartRouter();
        router.Tell(Intent(1));
        Expect<OrderSubmitted>();
        AwaitCondition(() => !Gateway.Creates.IsEmpty);

        router.Tell(new CancelAllOrders("kill switch"));
        ExpectMsg(new CancelAllOrdersResult(0, 0));
        pending.SetResult(Gateway.Ack(Gateway.Creates.Single(), Quantity.Zero, Contracts(10)));

        var accepted = Expect<OrderAccepted>();
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((accepted.OrderId, Contracts(10), "cancel_all"), (canceled.OrderId!.Value, canceled.CanceledCount, canceled.Reason));
    }

    [Fact]
    public void OrderRouterActor_must_report_each_exchange_call()
    {
        var calls = CreateTestProbe();
        Sys.EventStream.Subscribe(calls.Ref, typeof(ExchangeCallCompleted));
        Gateway.OnCreate = _ => Task.FromException<OrderAck>(new FakeGatewayFailure(400));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        var call = calls.ExpectMsg<ExchangeCallCompleted>();
        Assert.Equal(("create_order", false, (int?)400), (call.Operation, call.Succeeded, call.StatusCode));
    }
}

public sealed class ExchangeBreakerSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    [Fact]
    public void A_run_of_server_errors_opens_the_breaker_and_later_orders_are_refused_without_being_sent()
    {
        Settings = Settings with { BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakerBreakDuration = TimeSpan.FromSeconds(5) };
        var breaker = CreateTestProbe();
        Sys.EventStream.Subscribe(breaker.Ref, typeof(CircuitBreakerStateChanged));
        Gateway.OnCreate = _ => Task.FromException<OrderAck>(new FakeGatewayFailure(500));
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>([]);
        var router = StartRouter();

        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        router.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel));
        var opened = breaker.ExpectMsg<CircuitBreakerStateChanged>();
        Assert.Equal((ExchangeCalls.Dependency, BreakerState.Closed, BreakerState.Open), (opened.Dependency, opened.From, opened.To));
        AwaitCondition(() => Gateway.Creates.Count == 2);

        // While open, nothing is sent: the order is refused at once (it certainly does not exist).
        var sent = Gateway.Creates.Count;
        router.Tell(Intent(3, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal("circuit_open", Events.FishForMessage<OrderRejected>(_ => true).Code);
        Assert.Equal(sent, Gateway.Creates.Count);

        // After the break the pending look-up retry is the trial call; it succeeds, the breaker closes and trading resumes.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        Clock!.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(BreakerState.HalfOpen, breaker.ExpectMsg<CircuitBreakerStateChanged>().To);
        Assert.Equal(BreakerState.Closed, breaker.ExpectMsg<CircuitBreakerStateChanged>().To);
        router.Tell(Intent(4, ExecutionStyle.ImmediateOrCancel));
        Events.FishForMessage<OrderAccepted>(a => a.ClientOrderId == Intent(4).Intent.IntentId.ToClientOrderId(0));
    }
}

/// <summary>Reads an async stream to the end from synchronous test code.</summary>
internal static class AsyncEnumerableExtensions
{
    public static List<T> ToBlockingList<T>(this IAsyncEnumerable<T> source)
    {
        return Collect().GetAwaiter().GetResult();

        async Task<List<T>> Collect()
        {
            var items = new List<T>();
            await foreach (var item in source.ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }
    }
}
