using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

public sealed class ExecutionSupervisorSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    private IActorRef StartSupervisor() => Started(ActorOf(ExecutionSupervisor.Props(Settings, Gateway, null), ActorNames.Execution));

    /// <summary>Waits until the supervisor has started (and subscribed to the event stream).</summary>
    private IActorRef Started(IActorRef execution)
    {
        execution.Tell(new GetStateDigestPart());
        ExpectMsg<StateDigestPart>();
        return execution;
    }

    [Fact]
    public void ExecutionSupervisor_must_create_the_market_router_on_demand_and_route_intents_and_fills_to_it()
    {
        var execution = StartSupervisor();
        Sys.EventStream.Publish(Book(40, 100, 45, 100));
        execution.Tell(Intent(1));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();

        // The router was handed the book it was created after: it quoted one better than 40.
        Assert.Equal(Cents(41), submitted.LimitPrice);
        Sys.ActorSelection(ActorNames.RouterPath(Ticker)).Tell(new RouterMessages.GetOpenOrders(), TestActor);
        Assert.Single(ExpectMsg<RouterMessages.OpenOrders>().Orders);

        Sys.EventStream.Publish(new OwnFillReceived(Fill("t1", accepted.OrderId, 41, 10), submitted.ClientOrderId, Contracts(10)));
        Assert.Equal(Contracts(10), Expect<OrderFilled>().FilledTotal);
    }

    [Fact]
    public async Task ExecutionSupervisor_must_stop_a_settled_markets_router_and_start_it_again_for_a_late_report()
    {
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        var execution = StartSupervisor();
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        Expect<OrderCanceled>();
        var router = await Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(router);

        Sys.EventStream.Publish(new MarketSettled(Ticker, Price.One, Early: false, Start));
        ExpectTerminated(router);

        // A late report of a fill of its order starts it again: it recovers the order from its journal and books the fill.
        Sys.EventStream.Publish(new OwnFillReceived(Fill("late", accepted.OrderId, 45, 3, isTaker: true), submitted.ClientOrderId, Contracts(3)));
        var late = Expect<OrderFilled>();
        Assert.Equal((submitted.ClientOrderId, Contracts(3), "late"), (late.ClientOrderId, late.Count, late.TradeId));
    }

    [Fact]
    public async Task ExecutionSupervisor_must_start_a_router_stopped_by_a_failed_write_again_by_itself_after_a_delay()
    {
        Settings = Settings with { OrderJournaling = OrderJournaling.WriteBehind, ReconcileRetryDelay = TimeSpan.FromSeconds(2) };
        var mark = LoseAWrite();
        var execution = StartSupervisor();
        var intent = Intent(1, ExecutionStyle.Maker, count: 10);
        ExpectError<JournalStorageException>(() => execution.Tell(intent with { DecisionWriteMark = mark }), occurrences: 2);
        var sent = Assert.Single(Gateway.Creates);
        Assert.Equal(sent.ClientOrderId, Expect<OrderSubmitted>().ClientOrderId);
        AwaitAssert(() => Assert.ThrowsAny<Exception>(() => Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromMilliseconds(100)).GetAwaiter().GetResult()));

        // Its order rests at the exchange. Nothing more is heard about the market, yet after the delay its router starts,
        // reconciles, adopts the order the journal lacks and withdraws it.
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>([State(new OrderId("ord-lost"), sent.ClientOrderId, OrderStatus.Resting, 10, 0, 10)]);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Past the 2 s delay however late the supervisor saw the stop (its timer runs from then).
        Clock.Advance(TimeSpan.FromSeconds(5));
        var adopted = Events.FishForMessage<OrderSubmitted>(s => s.StrategyId == OrderRouterActor.AdoptedStrategyId);
        Assert.Equal(sent.ClientOrderId, adopted.ClientOrderId);
        Assert.Equal("adopted", Events.FishForMessage<OrderCanceled>(_ => true).Reason);
        await Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ExecutionSupervisor_must_keep_the_router_of_a_settled_market_while_an_order_is_open_and_retire_it_after()
    {
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, r.Count));
        var execution = StartSupervisor();
        Sys.EventStream.Publish(Book(40, 100, 45, 100));
        execution.Tell(Intent(1));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        var router = await Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(router);
        var reads = Gateway.OrderQueries.Count;

        // The settlement makes the router read its open order back; the exchange still shows it resting, so it stays.
        var resting = State(accepted.OrderId, submitted.ClientOrderId, OrderStatus.Resting, 10, 0, 10);
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>([resting]);
        Sys.EventStream.Publish(new MarketSettled(Ticker, Price.One, Early: false, Start));
        AwaitCondition(() => Gateway.OrderQueries.Count > reads);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Staying, it is a router like any other: stopped by a failure, it is started again after the delay.
        Sys.Stop(router);
        ExpectTerminated(router);
        Clock!.Advance(Settings.ReconcileRetryDelay * 2);
        IActorRef? again = null;
        AwaitAssert(() => again = Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromMilliseconds(100)).GetAwaiter().GetResult());
        Watch(again!);

        // The exchange canceled the order at the close, and the report was missed: read back, it is closed and the router
        // retires, for good.
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>([resting with { Status = OrderStatus.Canceled, RemainingCount = Quantity.Zero }]);
        Sys.EventStream.Publish(new MarketSettled(Ticker, Price.One, Early: false, Start));
        Assert.Equal(submitted.ClientOrderId, Events.FishForMessage<OrderCanceled>(_ => true).ClientOrderId);
        ExpectTerminated(again!);
        Clock.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAnyAsync<Exception>(() => Sys.ActorSelection(ActorNames.RouterPath(Ticker)).ResolveOne(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void ExecutionSupervisor_with_write_behind_must_start_the_router_of_a_market_with_a_recent_order_the_journal_lacks()
    {
        // A crash took the order's write with it: nothing in the journal, nothing sent to this market since.
        Settings = Settings with { OrderJournaling = OrderJournaling.WriteBehind, AdoptionWindow = TimeSpan.FromMinutes(5) };
        var lost = new OrderId("ord-lost");
        Gateway.OnGetOrders = q => Task.FromResult<IReadOnlyList<OrderState>>(
            q.Ticker is null || q.Ticker == Ticker ? [State(lost, new ClientOrderId("c-lost"), OrderStatus.Resting, 5, 0, 5) with { CreatedTime = Start.AddMinutes(-1) }] : []);

        StartSupervisor();

        // It looked back over the adoption window only, across every market.
        var adopted = Expect<OrderSubmitted>();
        Assert.Equal((new ClientOrderId("c-lost"), OrderRouterActor.AdoptedStrategyId), (adopted.ClientOrderId, adopted.StrategyId));
        Assert.Contains(Gateway.OrderQueries, q => q.Ticker is null && q.Since == Start.AddMinutes(-5));
        Assert.True(Expect<OrderReconciled>().FoundAtExchange);
        Assert.Equal(lost, Expect<OrderAccepted>().OrderId);
        Assert.Equal("adopted", Expect<OrderCanceled>().Reason);
    }

    [Fact]
    public void ExecutionSupervisor_with_write_ahead_must_not_read_the_exchange_at_start()
    {
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(new OrderId("ord-foreign"), new ClientOrderId("c-foreign"), OrderStatus.Resting, 5, 0, 5)]);

        StartSupervisor();

        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Empty(Gateway.OrderQueries);
    }

    [Fact]
    public void ExecutionSupervisor_must_hand_a_router_without_open_orders_the_latest_book_with_its_next_intent_and_every_update_while_it_has_one()
    {
        var execution = StartSupervisor();

        // An immediate-or-cancel order that nothing fills: it closes at once, and the router has no open order left.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        Sys.EventStream.Publish(Book(40, 100, 45, 100));
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Assert.Equal("ioc_expired", Expect<OrderCanceled>().Reason);

        // The book moves on while the router has nothing to quote (its updates may be held back by the supervisor).
        for (var bid = 41; bid <= 43; bid++)
        {
            Sys.EventStream.Publish(Book(bid, 100, bid + 5, 100, sequence: bid - 39));
        }

        // A maker intent is still priced on the latest book: one better than 43.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, r.Count));
        execution.Tell(Intent(2));
        Assert.Equal(Cents(44), Expect<OrderSubmitted>().LimitPrice);
        Expect<OrderAccepted>();

        // With an order resting, every update reaches the router again: outbid at 45, it re-quotes to 46.
        Sys.EventStream.Publish(Book(45, 50, 48, 100, sequence: 5));
        Assert.Equal(Cents(46), Expect<OrderRepriced>().NewLimitPrice);
    }

    [Fact]
    public void ExecutionSupervisor_must_keep_holding_back_a_markets_book_updates_through_immediate_or_cancel_approvals()
    {
        var execution = StartSupervisor();
        var asker = CreateTestProbe();
        bool HeldBack()
        {
            execution.Tell(new RouterMessages.GetBooksHeldBack(Ticker), asker.Ref);
            return asker.ExpectMsg<bool>();
        }

        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        Sys.EventStream.Publish(Book(40, 100, 45, 100));
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Expect<OrderCanceled>();
        AwaitAssert(() => Assert.True(HeldBack()));

        // Two more taker approvals, the second forwarded before the router has handled the first: neither needs the book,
        // so the market's updates stay held back from the moment each is forwarded (they used to flow again until the
        // router's answer came back, and that answer was ignored while the second approval was on its way).
        execution.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel));
        execution.Tell(Intent(3, ExecutionStyle.FillOrKill));
        Assert.True(HeldBack());
        Assert.Equal(2, Events.ReceiveN(6).OfType<OrderCanceled>().Count());

        Sys.EventStream.Publish(Book(41, 100, 46, 100, sequence: 2));
        Assert.True(HeldBack());

        // A maker approval brings the latest book and makes the updates flow until the router says it needs none again.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, r.Count));
        execution.Tell(Intent(4));
        Assert.False(HeldBack());
        Assert.Equal(Cents(42), Expect<OrderSubmitted>().LimitPrice);
        Expect<OrderAccepted>();
        Assert.False(HeldBack());
    }

    [Fact]
    public void ExecutionSupervisor_must_start_routers_with_open_orders_at_once_after_a_restart()
    {
        var lost = new TaskCompletionSource<OrderAck>();
        Gateway.OnCreate = _ => lost.Task;
        var execution = StartSupervisor();
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        var submitted = Expect<OrderSubmitted>();
        AwaitCondition(() => !Gateway.Creates.IsEmpty);
        Watch(execution);
        Sys.Stop(execution);
        ExpectTerminated(execution);

        // No message about this market arrives, yet its router starts and reconciles the order left in flight.
        ActorOf(ExecutionSupervisor.Props(Settings, Gateway, null), ActorNames.Execution);
        var reconciled = Expect<OrderReconciled>();
        Assert.Equal((submitted.ClientOrderId, false), (reconciled.ClientOrderId, reconciled.FoundAtExchange));
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void ExecutionSupervisor_must_book_a_fill_made_between_start_up_reconciliation_and_the_fill_streams_subscription()
    {
        var execution = StartSupervisor();
        execution.Tell(Intent(1));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        Watch(execution);
        Sys.Stop(execution);
        ExpectTerminated(execution);

        // The restarted router reconciles at once: the order still rests and nothing has filled.
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(accepted.OrderId, submitted.ClientOrderId, OrderStatus.Resting, 10, 0, 10)]);
        Started(ActorOf(ExecutionSupervisor.Props(Settings, Gateway, null), ActorNames.Execution));
        AwaitCondition(() => Gateway.FillQueries.Count == 1);

        // Then, before the private stream is subscribed, 4 contracts fill at the exchange; the stream will never carry it.
        var fill = Fill("t-gap", accepted.OrderId, 41, 4);
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(accepted.OrderId, submitted.ClientOrderId, OrderStatus.Resting, 10, 4, 6)]);
        Gateway.OnGetFills = _ => Task.FromResult<IReadOnlyList<FillRecord>>([fill]);
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Sys.EventStream.Publish(new PrivateStreamSubscribed(Start));
        var booked = Expect<OrderPartiallyFilled>();
        Assert.Equal(("t-gap", Contracts(4), Contracts(6)), (booked.TradeId, booked.FilledTotal, booked.Remaining));

        // Booked once: the same trade seen again on the stream, or read back after a reconnect, is not booked again.
        Sys.EventStream.Publish(new OwnFillReceived(fill, submitted.ClientOrderId, Contracts(4)));
        Sys.EventStream.Publish(new PrivateStreamSubscribed(Start));
        AwaitCondition(() => Gateway.FillQueries.Count == 3);
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void ExecutionSupervisor_must_book_an_exchange_cancel_missed_while_the_fill_stream_was_down()
    {
        var execution = StartSupervisor();
        execution.Tell(Intent(1));
        var submitted = Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();

        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(accepted.OrderId, submitted.ClientOrderId, OrderStatus.Canceled, 10, 0, 0)]);
        Sys.EventStream.Publish(new PrivateStreamSubscribed(Start));
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((Contracts(10), "canceled_at_exchange"), (canceled.CanceledCount, canceled.Reason));

        // Nothing open any more: a later subscription reads nothing back.
        var queries = Gateway.OrderQueries.Count;
        Sys.EventStream.Publish(new PrivateStreamSubscribed(Start));
        execution.Tell(new GetStateDigestPart());
        ExpectMsg<StateDigestPart>();
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(queries, Gateway.OrderQueries.Count);
    }

    [Fact]
    public void ExecutionSupervisor_must_cancel_all_orders_across_routers()
    {
        var execution = StartSupervisor();
        execution.Tell(Intent(1));
        execution.Tell(Intent(2));
        Events.ReceiveN(4);

        execution.Tell(new CancelAllOrders("shutdown"));
        ExpectMsg(new CancelAllOrdersResult(2, 0));
    }

    [Fact]
    public void ExecutionSupervisor_must_answer_its_digest_part_with_canonical_open_orders()
    {
        var execution = ActorOf(ExecutionSupervisor.Props(Settings, Gateway, null), ActorNames.Execution);
        execution.Tell(new GetStateDigestPart());
        var empty = ExpectMsg<StateDigestPart>();
        Assert.Equal(("execution", "{\"open_orders\":[]}"), (empty.Component, Encoding.UTF8.GetString(empty.CanonicalJson)));

        var intent = Intent(1, limitCents: 43);
        execution.Tell(intent);
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        execution.Tell(new GetStateDigestPart());
        var part = ExpectMsg<StateDigestPart>();
        var id = intent.Intent.IntentId.ToClientOrderId(0);
        Assert.Equal(
            "{\"open_orders\":[{\"action\":\"buy\",\"canceled\":\"0.00\",\"client_order_id\":\"" + id + "\",\"count\":\"10.00\",\"filled\":\"0.00\"," +
            "\"intent_id\":\"test-strategy:KXTEST-26DEC04-T50:1\",\"limit_price\":\"0.4300\",\"phase\":\"accepted\",\"resting\":\"10.00\"," +
            "\"side\":\"yes\",\"ticker\":\"KXTEST-26DEC04-T50\"}]}",
            Encoding.UTF8.GetString(part.CanonicalJson));
    }

    [Fact]
    public void ExecutionSupervisor_in_paper_mode_fills_against_the_live_book_and_sends_nothing_out()
    {
        Settings = Settings with { Mode = ExecutionMode.Paper };
        var execution = Started(ActorOf(ExecutionSupervisor.Props(Settings, liveGateway: null), ActorNames.Execution));
        Sys.EventStream.Publish(Book([(40, 100)], [(45, 3), (47, 10)]));
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel, limitCents: 46, count: 5));

        var events = Events.ReceiveN(4).Cast<OrderLifecycleEvent>().ToList();
        Assert.True(Assert.IsType<OrderSubmitted>(events[0]).Paper);
        var fill = Assert.Single(events, e => e is OrderPartiallyFilled or OrderFilled);
        var (count, fee, taker, price) = fill switch
        {
            OrderPartiallyFilled p => (p.Count, p.Fee, p.IsTaker, p.Price),
            OrderFilled f => (f.Count, f.Fee, f.IsTaker, f.Price),
            _ => throw new InvalidOperationException(),
        };

        // 3 at 45 as taker: 0.07 x 3 x 0.45 x 0.55 = 0.051975 -> $0.0520.
        Assert.Equal((Contracts(3), Money.FromUnits(520), true, Cents(45)), (count, fee, taker, price));
        Assert.Equal(Contracts(2), Assert.Single(events.OfType<OrderCanceled>()).CanceledCount);
        Assert.Empty(Gateway.Creates);
    }

    [Fact]
    public void ExecutionSupervisor_in_paper_mode_must_fill_a_later_order_against_the_latest_book_published_while_it_had_nothing_there()
    {
        Settings = Settings with { Mode = ExecutionMode.Paper };
        var execution = Started(ActorOf(ExecutionSupervisor.Props(Settings, liveGateway: null), ActorNames.Execution));
        Sys.EventStream.Publish(Book([(40, 100)], [(45, 3)]));
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel, limitCents: 46, count: 5));
        var first = Events.ReceiveN(4).Cast<OrderLifecycleEvent>().ToList();
        Assert.Equal((Cents(45), Contracts(3)), PriceAndCount(Assert.Single(first, e => e is OrderPartiallyFilled or OrderFilled)));

        // The level taken is gone, then the book moves on while no order of ours is anywhere in it (the supervisor need
        // not see these updates): the next order must still meet the latest one.
        Sys.EventStream.Publish(Book([(40, 100)], [(44, 4)], sequence: 2));
        Sys.EventStream.Publish(Book([(40, 100)], [(43, 2)], sequence: 3));
        execution.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel, limitCents: 46, count: 5));
        var second = Events.ReceiveN(4).Cast<OrderLifecycleEvent>().ToList();
        Assert.Equal((Cents(43), Contracts(2)), PriceAndCount(Assert.Single(second, e => e is OrderPartiallyFilled or OrderFilled)));
        Assert.Empty(Gateway.Creates);
    }

    [Fact]
    public void ExecutionSupervisor_in_paper_mode_must_fill_a_taker_order_against_the_latest_book_of_a_market_whose_updates_are_held_back()
    {
        Settings = Settings with { Mode = ExecutionMode.Paper };
        var execution = Started(ActorOf(ExecutionSupervisor.Props(Settings, liveGateway: null), ActorNames.Execution));
        var asker = CreateTestProbe();
        bool HeldBack()
        {
            execution.Tell(new RouterMessages.GetBooksHeldBack(Ticker), asker.Ref);
            return asker.ExpectMsg<bool>();
        }

        // An order below the ask takes nothing, so nothing rests and nothing is remembered: the market's updates stop
        // before the supervisor once its router says it needs none.
        Sys.EventStream.Publish(Book([(40, 100)], [(45, 3)]));
        execution.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel, limitCents: 44, count: 5));
        Assert.IsType<OrderCanceled>(Events.ReceiveN(3).Last());
        AwaitAssert(() => Assert.True(HeldBack()));

        // Taker approvals keep them held back, yet the order must meet the book published meanwhile (43), not the last
        // one the paper model was handed (45).
        Sys.EventStream.Publish(Book([(40, 100)], [(43, 2)], sequence: 2));
        execution.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel, limitCents: 46, count: 5));
        var second = Events.ReceiveN(4).Cast<OrderLifecycleEvent>().ToList();
        Assert.Equal((Cents(43), Contracts(2)), PriceAndCount(Assert.Single(second, e => e is OrderPartiallyFilled or OrderFilled)));
        Assert.True(HeldBack());
    }

    private static (Price Price, Quantity Count) PriceAndCount(OrderLifecycleEvent fill) => fill switch
    {
        OrderPartiallyFilled p => (p.Price, p.Count),
        OrderFilled f => (f.Price, f.Count),
        _ => throw new InvalidOperationException($"not a fill: {fill}"),
    };
}
