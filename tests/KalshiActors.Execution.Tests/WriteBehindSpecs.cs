using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

/// <summary>
/// `order-journaling = write-behind`: the order leaves before its write is stored, and a router adopts the orders of its
/// market that the exchange has and the journal lacks. The lost write is a real one: the journal refuses it (as it would
/// after a crash, nothing of it is stored), through the conditional write an approval's decision mark makes.
/// </summary>
public sealed class WriteBehindSpecs : RouterSpecBase
{
    public WriteBehindSpecs(ITestOutputHelper output)
        : base(output) =>
        Settings = Settings with { OrderJournaling = OrderJournaling.WriteBehind };

    [Fact]
    public void OrderRouterActor_must_send_before_the_write_and_adopt_the_order_whose_write_was_lost()
    {
        var mark = LoseAWrite();
        var router = StartRouter();
        Watch(router);
        var intent = Intent(1, ExecutionStyle.Maker, count: 10);
        ExpectError<JournalStorageException>(() => router.Tell(intent with { DecisionWriteMark = mark }), occurrences: 2);
        ExpectTerminated(router);

        // The order left (and was published as it left) although its write was refused.
        var sent = Assert.Single(Gateway.Creates);
        var published = Expect<OrderSubmitted>();
        Assert.Equal((intent.Intent.IntentId.ToClientOrderId(0), "test-strategy"), (published.ClientOrderId, published.StrategyId));
        Assert.Empty(RouterJournal());

        // The exchange has it resting, 3 of 10 filled; the restarted router takes it over, books the fills and withdraws the rest.
        var exchangeId = new OrderId("ord-lost");
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(exchangeId, sent.ClientOrderId, OrderStatus.Resting, 10, 3, 7, yesCents: 44)]);
        Gateway.OnGetFills = _ => Task.FromResult<IReadOnlyList<FillRecord>>([Fill("t-lost", exchangeId, 44, 3)]);
        router = StartRouter();

        var adopted = Expect<OrderSubmitted>();
        Assert.Equal(
            (sent.ClientOrderId, OrderRouterActor.AdoptedStrategyId, Side.Yes, Domain.Action.Buy, Cents(44), Contracts(10)),
            (adopted.ClientOrderId, adopted.StrategyId, adopted.Side, adopted.Action, adopted.LimitPrice, adopted.Count));
        Assert.True(Expect<OrderReconciled>().FoundAtExchange);
        Assert.Equal((exchangeId, Contracts(7)), (Expect<OrderAccepted>() is var a ? (a.OrderId, a.Resting) : default));
        var fill = Expect<OrderPartiallyFilled>();
        Assert.Equal((Contracts(3), Contracts(7), Side.Yes, Domain.Action.Buy), (fill.Count, fill.Remaining, fill.Side, fill.Action));
        var canceled = Expect<OrderCanceled>();
        Assert.Equal((Contracts(7), "adopted"), (canceled.CanceledCount, canceled.Reason));
        Assert.Equal([exchangeId], Gateway.Cancels);

        // The same intent again (a strategy re-raising it after its own write was lost) maps to the adopted order's client id.
        router.Tell(intent);
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Gateway.Creates);
        Assert.Equal(
            [typeof(OrderSubmitted), typeof(OrderReconciled), typeof(OrderAccepted), typeof(OrderPartiallyFilled), typeof(OrderCanceled)],
            RouterJournal().Select(e => e.GetType()));
    }

    [Fact]
    public void OrderRouterActor_must_adopt_only_orders_created_within_the_window_and_map_them_by_the_position()
    {
        Settings = Settings with { AdoptionWindow = TimeSpan.FromMinutes(10) };
        // Holding YES: a YES ask the journal lacks sold some of it.
        Gateway.Positions = [new PositionRecord(Ticker, Contracts(6), Money.Zero, Money.Zero, Money.Zero)];
        var recent = new OrderId("ord-recent");
        var old = new OrderId("ord-old");
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
        [
            State(recent, new ClientOrderId("c-recent"), OrderStatus.Executed, 4, 4, 0, yesCents: 62) with { Side = BookSide.Ask, CreatedTime = Start.AddMinutes(-1) },
            State(old, new ClientOrderId("c-old"), OrderStatus.Resting, 5, 0, 5) with { CreatedTime = Start.AddHours(-1) },
        ]);
        Gateway.OnGetFills = _ => Task.FromResult<IReadOnlyList<FillRecord>>([Fill("t-recent", recent, 62, 4, BookSide.Ask)]);

        // A router that never stored anything still reconciles: with write-behind its first order may be the lost one.
        var router = StartRouter();

        var adopted = Expect<OrderSubmitted>();
        Assert.Equal(
            (new ClientOrderId("c-recent"), Side.Yes, Domain.Action.Sell, Cents(62), Event),
            (adopted.ClientOrderId, adopted.Side, adopted.Action, adopted.LimitPrice, adopted.EventTicker));
        Assert.True(Expect<OrderReconciled>().FoundAtExchange);
        Assert.Equal(Quantity.Zero, Expect<OrderAccepted>().Resting);
        var filled = Expect<OrderFilled>();
        Assert.Equal((Contracts(4), Side.Yes, Domain.Action.Sell, Cents(62)), (filled.Count, filled.Side, filled.Action, filled.Price));
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(Gateway.Cancels);
        Assert.DoesNotContain(RouterJournal(), e => e is OrderLifecycleEvent { ClientOrderId.Value: "c-old" });

        // Orders then trade as usual.
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));
        Assert.Equal(Intent(1).Intent.IntentId.ToClientOrderId(0), Expect<OrderSubmitted>().ClientOrderId);
    }

    [Fact]
    public void OrderRouterActor_with_write_ahead_must_not_read_the_exchange_before_its_first_order()
    {
        Settings = Settings with { OrderJournaling = OrderJournaling.WriteAhead };
        Gateway.OnGetOrders = _ => Task.FromResult<IReadOnlyList<OrderState>>(
            [State(new OrderId("ord-foreign"), new ClientOrderId("c-foreign"), OrderStatus.Resting, 5, 0, 5)]);

        var router = StartRouter();
        router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel));

        Assert.Equal("test-strategy", Expect<OrderSubmitted>().StrategyId);
        Expect<OrderAccepted>();
        Assert.Empty(Gateway.OrderQueries);
    }
}
