using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class BehaviourSpec(ITestOutputHelper output) : TestKit(output)
{
    private sealed class SwitchActor : ReceiveActor
    {
        public SwitchActor()
        {
            Off();
        }

        private void Off()
        {
            Receive<string>(_ => Become(On), s => s == "on");
            Receive<string>(_ => BecomeStacked(Stacked), s => s == "push");
            Receive<string>(s => Sender.Tell("off:" + s));
        }

        private void On()
        {
            Receive<string>(_ => Become(Off), s => s == "off");
            Receive<string>(s => Sender.Tell("on:" + s));
        }

        private void Stacked()
        {
            Receive<string>(_ => UnbecomeStacked(), s => s == "pop");
            Receive<string>(s => Sender.Tell("stacked:" + s));
        }
    }

    [Fact]
    public void Become_must_replace_the_behaviour()
    {
        var actor = ActorOf(Props.Create(() => new SwitchActor()));
        actor.Tell("a");
        actor.Tell("on");
        actor.Tell("b");
        actor.Tell("off");
        actor.Tell("c");
        ExpectMsg("off:a");
        ExpectMsg("on:b");
        ExpectMsg("off:c");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_must_push_and_pop_behaviours()
    {
        var actor = ActorOf(Props.Create(() => new SwitchActor()));
        actor.Tell("push");
        actor.Tell("x");
        actor.Tell("pop");
        actor.Tell("y");
        ExpectMsg("stacked:x");
        ExpectMsg("off:y");
    }

    private sealed class PredicateActor : ReceiveActor
    {
        public PredicateActor()
        {
            Receive<int>(i => Sender.Tell("small"), i => i < 10);
            Receive<int>(i => Sender.Tell("large"));
            Receive<string>(s => s.Length == 3 && Reply("three"));
            ReceiveAny(m => Sender.Tell("any:" + m.GetType().Name));
        }

        private bool Reply(string text)
        {
            Sender.Tell(text);
            return true;
        }
    }

    [Fact]
    public void ReceiveActor_must_use_the_first_handler_whose_type_and_predicate_match()
    {
        var actor = ActorOf(Props.Create(() => new PredicateActor()));
        actor.Tell(3);
        actor.Tell(30);
        actor.Tell("abc");
        actor.Tell("abcd");
        actor.Tell(2.5);
        ExpectMsg("small");
        ExpectMsg("large");
        ExpectMsg("three");
        ExpectMsg("any:String");
        ExpectMsg("any:Double");
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(Task gate)
        {
            ReceiveAsync<string>(
                async s =>
                {
                    var sender = Sender;
                    await gate;
                    await Task.Yield();
                    Sender.Tell(ReferenceEquals(sender, Sender) ? "done:" + s : "sender changed");
                },
                s => s == "slow");
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void ReceiveAsync_must_hold_later_messages_until_the_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = ActorOf(Props.Create(() => new AsyncActor(gate.Task)));
        actor.Tell("slow");
        actor.Tell("next");
        ExpectNoMsg();
        gate.SetResult();
        ExpectMsg("done:slow");
        ExpectMsg("next");
    }

    private sealed class FailingAsyncActor : ReceiveActor
    {
        public FailingAsyncActor()
        {
            ReceiveAsync<string>(
                async _ =>
                {
                    await Task.Yield();
                    throw new InvalidOperationException("async failure");
                },
                s => s == "fail");
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void ReceiveAsync_failure_must_fail_the_actor_and_restart_it()
    {
        var actor = ActorOf(Props.Create(() => new FailingAsyncActor()));
        ExpectError<InvalidOperationException>(() => actor.Tell("fail"));
        actor.Tell("still alive");
        ExpectMsg("still alive");
    }

    [Fact]
    public void Forward_must_keep_the_original_sender()
    {
        var echo = ActorOf(TestActors.EchoActor.Props());
        var forwarder = ActorOf(Props.Create(() => new ForwardingActor(echo)));
        forwarder.Tell("via");
        ExpectMsg("via");
        Assert.Equal(echo, LastSender);
    }

    private sealed class ForwardingActor : ReceiveActor
    {
        public ForwardingActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public void UntypedActor_must_call_OnReceive_and_support_Become()
    {
        var actor = ActorOf(Props.Create(() => new CountingUntypedActor()));
        actor.Tell("a");
        actor.Tell("switch");
        actor.Tell("b");
        ExpectMsg("first:a");
        ExpectMsg("second:b");
    }

    private sealed class CountingUntypedActor : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is "switch")
            {
                Become(m => Sender.Tell("second:" + m));
                return;
            }

            Sender.Tell("first:" + message);
        }
    }
}
