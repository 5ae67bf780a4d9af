using KalshiActors.Testing;
using Xunit.Abstractions;
using static KalshiActors.Kernel.Tests.TestActors;

namespace KalshiActors.Kernel.Tests;

public sealed class DeathWatchSpec(ITestOutputHelper output) : TestKit(output)
{
    [Fact]
    public void Watch_must_deliver_Terminated_once_when_the_watched_actor_stops()
    {
        var actor = ActorOf(EchoActor.Props());
        Watch(actor);
        Watch(actor);
        Sys.Stop(actor);
        var terminated = ExpectTerminated(actor);
        Assert.True(terminated.ExistenceConfirmed);
        ExpectNoMsg();
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_must_deliver_Terminated()
    {
        var actor = ActorOf(EchoActor.Props());
        var first = CreateTestProbe();
        first.Watch(actor);
        Sys.Stop(actor);
        first.ExpectTerminated(actor);

        var late = CreateTestProbe();
        late.Watch(actor);
        late.ExpectTerminated(actor);
    }

    [Fact]
    public void Watching_Nobody_must_deliver_Terminated_without_confirmed_existence()
    {
        Watch(ActorRefs.Nobody);
        Assert.False(ExpectTerminated(ActorRefs.Nobody).ExistenceConfirmed);
    }

    [Fact]
    public void Unwatch_must_prevent_the_Terminated_message()
    {
        var actor = ActorOf(EchoActor.Props());
        var probe = CreateTestProbe();
        probe.Watch(actor);
        probe.Unwatch(actor);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        probe.ExpectNoMsg();
    }

    private sealed class StopWatcherActor : ReceiveActor
    {
        public StopWatcherActor(IActorRef target, IActorRef report)
        {
            Context.Watch(target);
            Receive<Terminated>(t => report.Tell($"terminated:{t.ActorRef.Path.Name}"));
        }
    }

    [Fact]
    public void Actor_watching_another_must_receive_Terminated_in_its_behaviour()
    {
        var target = ActorOf(EchoActor.Props(), "target");
        ActorOf(Props.Create(() => new StopWatcherActor(target, TestActor)));
        target.Tell("ping");
        ExpectMsg("ping");
        target.Tell(PoisonPill.Instance);
        ExpectMsg("terminated:target");
    }
}
