using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class StashSpec(ITestOutputHelper output) : TestKit(output, new KernelSettings { StashCapacity = 3 })
{
    private sealed class GateActor : ReceiveActor, IWithStash
    {
        public GateActor()
        {
            Closed();
        }

        public IStash Stash { get; set; } = null!;

        private static void Crash(string command) => throw new InvalidOperationException($"crash while closed ({command})");

        private void Closed()
        {
            Receive<string>(_ => Become(Open), s => s == "open");
            Receive<string>(s => s == "crash", Crash);
            Receive<string>(_ => Sender.Tell(Stash.Count), s => s == "count");
            ReceiveAny(_ => Stash.Stash());
        }

        private void Open()
        {
            Stash.UnstashAll();
            ReceiveAny(m => Sender.Tell(m));
        }
    }

    [Fact]
    public void Stash_must_replay_messages_in_order_after_become()
    {
        var actor = ActorOf(Props.Create(() => new GateActor()));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(3);
        actor.Tell("open");
        actor.Tell(4);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectMsg(3);
        ExpectMsg(4);
    }

    [Fact]
    public void Stash_must_fail_the_actor_when_over_capacity()
    {
        var actor = ActorOf(Props.Create(() => new GateActor()));
        ExpectError<StashOverflowException>(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                actor.Tell(i);
            }
        });
    }

    [Fact]
    public void Stashed_messages_must_survive_a_restart()
    {
        var actor = ActorOf(Props.Create(() => new GateActor()));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell("count");
        ExpectMsg(2);
        ExpectError<InvalidOperationException>(() => actor.Tell("crash"));

        // The new instance is closed again, so it stashes the redelivered messages until opened.
        actor.Tell("count");
        ExpectMsg(2);
        actor.Tell("open");
        ExpectMsg(1);
        ExpectMsg(2);
    }

    [Fact]
    public void Stashed_messages_must_go_to_dead_letters_when_the_actor_stops()
    {
        var actor = ActorOf(Props.Create(() => new GateActor()));
        actor.Tell("stashed");
        actor.Tell("count");
        ExpectMsg(1);
        Sys.Stop(actor);
        ExpectDeadLetter<string>(s => s == "stashed");
    }
}
