using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

/// <summary>
/// Cluster mode: a router sends an order only under a live lease of the epoch its intent was approved under, and with
/// write-behind a gained shard's orders that the journal lacks are adopted.
/// </summary>
public sealed class OrderRouterLeaseSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    private sealed class FakeGate : IShardLeaseGate
    {
        public long? Epoch { get; set; }

        public long? LeaseEpoch(MarketTicker ticker) => Epoch;
    }

    private IActorRef StartLeasedRouter(FakeGate gate) =>
        ActorOf(OrderRouterActor.Props(Ticker, Calls(), Settings, paper: false, gate), ActorNames.Router(Ticker));

    [Fact]
    public void ExecutionSupervisor_with_write_behind_must_adopt_in_a_gained_shard_an_order_its_previous_owner_did_not_store()
    {
        Settings = Settings with { OrderJournaling = OrderJournaling.WriteBehind };
        var gate = new FakeGate();
        Gateway.OnGetOrders = q => Task.FromResult<IReadOnlyList<OrderState>>(
            q.Ticker is null || q.Ticker == Ticker ? [State(new OrderId("ord-lost"), new ClientOrderId("c-lost"), OrderStatus.Resting, 5, 0, 5)] : []);
        var execution = ActorOf(ExecutionSupervisor.ShardedProps(Settings, Gateway, gate), ActorNames.Execution);
        execution.Tell(new GetStateDigestPart());
        ExpectMsg<StateDigestPart>();

        // Not this node's shard yet: the start-up scan finds the order and leaves it alone.
        AwaitCondition(() => Gateway.OrderQueries.Any(q => q.Ticker is null));
        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        gate.Epoch = 1;
        Sys.EventStream.Publish(new ShardLeasesChanged(new Dictionary<int, long> { [0] = 1 }, [], Start));

        var adopted = Expect<OrderSubmitted>();
        Assert.Equal((new ClientOrderId("c-lost"), OrderRouterActor.AdoptedStrategyId), (adopted.ClientOrderId, adopted.StrategyId));
    }

    [Fact]
    public void OrderRouterActor_must_send_under_the_current_epoch_and_record_it_on_the_order()
    {
        var router = StartLeasedRouter(new FakeGate { Epoch = 3 });
        router.Tell(Intent(1) with { LeaseEpoch = 3 });

        Assert.Equal(3, Expect<OrderSubmitted>().LeaseEpoch);
        Expect<OrderAccepted>();
        Assert.Single(Gateway.Creates);
    }

    [Fact]
    public void OrderRouterActor_must_refuse_an_intent_approved_under_a_stale_epoch()
    {
        var router = StartLeasedRouter(new FakeGate { Epoch = 4 });
        router.Tell(Intent(1) with { LeaseEpoch = 3 });

        var rejected = Expect<OrderRejected>();
        Assert.Equal("stale_lease_epoch", rejected.Code);
        Assert.Empty(Gateway.Creates);
    }

    [Fact]
    public void OrderRouterActor_must_send_nothing_and_store_nothing_without_a_live_lease()
    {
        var router = StartLeasedRouter(new FakeGate { Epoch = null });
        router.Tell(Intent(1) with { LeaseEpoch = 3 });

        Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(Gateway.Creates);
        Assert.Empty(RouterJournal());
    }
}
