using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

/// <summary>What a router keeps of its closed orders: late fills, duplicate intents, and forgetting after the retention.</summary>
public sealed class ClosedOrderSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    [Fact]
    public void OrderRouterActor_must_keep_only_open_orders_in_the_set_it_scans_and_still_book_a_late_fill_of_a_closed_one()
    {
        // Immediate-or-cancel orders that nothing fills: each closes as soon as it is accepted.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        var router = StartRouter();
        router.Tell(Book(40, 100, 45, 100));
        var accepted = new List<OrderAccepted>();
        for (var n = 1; n <= 5; n++)
        {
            router.Tell(Intent(n, ExecutionStyle.ImmediateOrCancel));
            Expect<OrderSubmitted>();
            accepted.Add(Expect<OrderAccepted>());
            Assert.Equal("ioc_expired", Expect<OrderCanceled>().Reason);
        }

        Assert.Equal(new RouterMessages.OrderCounts(0, 5), Counts(router));

        // A maker order rests: it alone is open (and the only order a book update or the digest looks at).
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, r.Count));
        router.Tell(Intent(6));
        var maker = Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Assert.Equal(new RouterMessages.OrderCounts(1, 5), Counts(router));
        router.Tell(RouterMessages.GetOpenOrders.Instance);
        Assert.Equal([maker.ClientOrderId], ExpectMsg<RouterMessages.OpenOrders>().Orders.Select(o => o.ClientOrderId));

        // The exchange reports a fill of the first (closed) order late, by client id and then another by order id only:
        // both are attributed to it and booked, and it stays closed.
        var first = Intent(1).Intent.IntentId.ToClientOrderId(0);
        router.Tell(new OwnFillReceived(Fill("late-1", accepted[0].OrderId, 45, 3, isTaker: true), first, Contracts(3)));
        var late = Expect<OrderFilled>();
        Assert.Equal((first, Contracts(3), Contracts(3), Cents(45), "test-strategy"), (late.ClientOrderId, late.Count, late.FilledTotal, late.Price, late.StrategyId));
        router.Tell(new OwnFillReceived(Fill("late-2", accepted[0].OrderId, 45, 2, isTaker: true), null, Contracts(5)));
        var byOrderId = Expect<OrderFilled>();
        Assert.Equal((first, Contracts(5)), (byOrderId.ClientOrderId, byOrderId.FilledTotal));
        Assert.Equal(new RouterMessages.OrderCounts(1, 5), Counts(router));

        // The same trade again is not booked twice.
        var stored = RouterJournal().Count;
        router.Tell(new OwnFillReceived(Fill("late-1", accepted[0].OrderId, 45, 3, isTaker: true), first, Contracts(3)));
        Assert.Equal(new RouterMessages.OrderCounts(1, 5), Counts(router));
        Assert.Equal(stored, RouterJournal().Count);
    }

    [Fact]
    public void OrderRouterActor_must_refuse_a_duplicate_intent_after_its_order_closed_also_after_a_restart()
    {
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Expect<OrderCanceled>();
        Assert.Equal(new RouterMessages.OrderCounts(0, 1), Counts(router));

        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal(new RouterMessages.OrderCounts(0, 1), Counts(router));
        Assert.Single(Gateway.Creates);

        // Recovered from the journal, the closed order is among the closed ones again and its intent is still known.
        StopRouter(router);
        router = StartRouter();
        Assert.Equal(new RouterMessages.OrderCounts(0, 1), Counts(router));
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        router.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal(Intent(2).Intent.IntentId, Expect<OrderSubmitted>().IntentId);
        Expect<OrderAccepted>();
        Expect<OrderCanceled>();
        Assert.Equal(new RouterMessages.OrderCounts(0, 2), Counts(router));
        Assert.Equal(2, Gateway.Creates.Count);
    }

    [Fact]
    public void OrderRouterActor_must_forget_a_closed_order_after_the_retention_and_still_refuse_its_intent()
    {
        var (router, first) = RouterWithAClosedOrder();

        // Within the retention a late fill is still attributed and booked.
        Clock!.Advance(TimeSpan.FromMinutes(9));
        router.Tell(new OwnFillReceived(Fill("late-1", first.OrderId, 45, 3, isTaker: true), null, Contracts(3)));
        Expect<OrderFilled>();

        // A resting order is never forgotten, however old.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, r.Count));
        router.Tell(Intent(2));
        Expect<OrderSubmitted>();
        Expect<OrderAccepted>();
        Assert.Equal(new RouterMessages.OrderCounts(1, 1), Counts(router));

        // Ten minutes after it closed (not after its late fill) the closed one is gone, with no event to wake the router.
        Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(new RouterMessages.OrderCounts(1, 0), Counts(router)));
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new RouterMessages.OrderCounts(1, 0), Counts(router));

        // The same trade reported again cannot be attributed, so it is not booked; the intent still never becomes an order.
        var stored = RouterJournal().Count;
        router.Tell(new OwnFillReceived(Fill("late-1", first.OrderId, 45, 3, isTaker: true), null, Contracts(3)));
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal(new RouterMessages.OrderCounts(1, 0), Counts(router));
        Assert.Equal(stored, RouterJournal().Count);
        Assert.Equal(2, Gateway.Creates.Count);
    }

    [Fact]
    public void OrderRouterActor_must_forget_after_a_restart_what_closed_longer_ago_than_the_retention()
    {
        var (router, first) = RouterWithAClosedOrder();
        router.Tell(new OwnFillReceived(Fill("t1", first.OrderId, 45, 3, isTaker: true), null, Contracts(3)));
        Expect<OrderFilled>();
        StopRouter(router);

        // Down for an hour; the exchange reports the booked fill again on start-up.
        Clock!.Advance(TimeSpan.FromHours(1));
        Gateway.OnGetFills = _ => Task.FromResult<IReadOnlyList<FillRecord>>([Fill("t1", first.OrderId, 45, 3, isTaker: true)]);
        var stored = RouterJournal().Count;
        router = StartRouter();
        Assert.Equal(new RouterMessages.OrderCounts(0, 1), Counts(router));
        Clock.Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(new RouterMessages.OrderCounts(0, 0), Counts(router)));
        Assert.Equal(stored, RouterJournal().Count);

        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal(new RouterMessages.OrderCounts(0, 0), Counts(router));
        Assert.Single(Gateway.Creates);
    }

    /// <summary>A router that forgets after 10 minutes, whose first order (immediate-or-cancel) was accepted and closed unfilled.</summary>
    private (IActorRef Router, OrderAccepted Accepted) RouterWithAClosedOrder()
    {
        Settings = Settings with { ClosedOrderRetention = TimeSpan.FromMinutes(10) };
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Quantity.Zero, Quantity.Zero));
        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Expect<OrderSubmitted>();
        var accepted = Expect<OrderAccepted>();
        Assert.Equal("ioc_expired", Expect<OrderCanceled>().Reason);
        return (router, accepted);
    }

    private RouterMessages.OrderCounts Counts(IActorRef router)
    {
        router.Tell(RouterMessages.GetOrderCounts.Instance);
        return ExpectMsg<RouterMessages.OrderCounts>();
    }
}
