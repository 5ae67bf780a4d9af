using KalshiActors.Testing;
using Xunit.Abstractions;
using static KalshiActors.Kernel.Tests.TestActors;

namespace KalshiActors.Kernel.Tests;

public sealed class StopAndWaitSpec(ITestOutputHelper output) : TestKit(output)
{
    [Fact]
    public async Task StopAsync_must_complete_only_after_the_target_and_its_children_have_terminated()
    {
        var parent = ActorOf(Props.Create(() => new ParentActor()), "parent");
        // Asked rather than resolved by path: ActorOf returns before the parent's constructor has created the child.
        parent.Tell("child?", TestActor);
        var child = ExpectMsg<IActorRef>();
        var watcher = CreateTestProbe();
        watcher.Watch(child);
        watcher.Watch(parent);

        await StopAndWaitActor.StopAsync(Sys, parent).WaitAsync(TimeSpan.FromSeconds(10));

        // The parent terminates only after its child, so both are dead once the task completes.
        var stopped = new[] { watcher.ExpectMsg<Terminated>().ActorRef, watcher.ExpectMsg<Terminated>().ActorRef };
        Assert.Contains(child, stopped);
        Assert.Contains(parent, stopped);

        // The name is free again.
        ActorOf(Props.Create(() => new ParentActor()), "parent");
    }

    [Fact]
    public async Task StopAsync_must_complete_for_an_actor_that_has_already_terminated()
    {
        var actor = ActorOf(EchoActor.Props());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        await StopAndWaitActor.StopAsync(Sys, actor).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class ParentActor : ReceiveActor
    {
        public ParentActor()
        {
            var child = Context.ActorOf(EchoActor.Props(), "child");
            Receive<string>(_ => Sender.Tell(child));
        }
    }
}
