using KalshiActors.Testing;
using Xunit.Abstractions;
using static KalshiActors.Kernel.Tests.TestActors;

namespace KalshiActors.Kernel.Tests;

public sealed class ActorLifecycleSpec(ITestOutputHelper output) : TestKit(output)
{
    [Fact]
    public void ActorOf_must_run_PreStart_before_the_first_message()
    {
        var actor = ActorOf(LifecycleActor.Props(TestActor));
        actor.Tell("hello");
        ExpectMsg("ctor");
        ExpectMsg("preStart");
        ExpectMsg("hello");
    }

    [Fact]
    public void Actor_must_not_be_constructible_with_new()
    {
        var error = Assert.Throws<ActorInitializationException>(() => new LifecycleActor(TestActor));
        Assert.Contains("ActorOf", error.Message, StringComparison.Ordinal);
    }

    private sealed class FailingConstructorActor : ReceiveActor
    {
        public FailingConstructorActor() => throw new InvalidOperationException("cannot start");
    }

    [Fact]
    public void Constructor_failure_must_stop_the_actor_with_ActorInitializationException()
    {
        ExpectError<ActorInitializationException>(() =>
        {
            var actor = ActorOf(Props.Create(() => new FailingConstructorActor()));
            Watch(actor);
            ExpectTerminated(actor);
        });
    }

    [Fact]
    public void PoisonPill_must_stop_after_messages_queued_before_it_and_dead_letter_the_rest()
    {
        var actor = ActorOf(EchoActor.Props());
        Watch(actor);
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(PoisonPill.Instance);
        actor.Tell(3);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectTerminated(actor);
        ExpectDeadLetter<int>(i => i == 3);
    }

    [Fact]
    public void Kill_must_fail_the_actor_with_ActorKilledException_and_stop_it()
    {
        var actor = ActorOf(EchoActor.Props());
        Watch(actor);
        ExpectError<ActorKilledException>(() => actor.Tell(Kill.Instance));
        ExpectTerminated(actor);
    }

    [Fact]
    public void Messages_sent_after_stop_must_go_to_dead_letters()
    {
        var actor = ActorOf(EchoActor.Props(), "stopped");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        actor.Tell("late");
        var deadLetter = ExpectDeadLetter<string>(s => s == "late");
        Assert.Equal(actor, deadLetter.Recipient);
        Assert.Equal(TestActor, deadLetter.Sender);
    }

    [Fact]
    public void Identify_must_be_answered_with_ActorIdentity()
    {
        var actor = ActorOf(EchoActor.Props());
        actor.Tell(new Identify("id-1"));
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal("id-1", identity.MessageId);
        Assert.Equal(actor, identity.Subject);
    }

    private sealed class ParentActor : ReceiveActor
    {
        private IActorRef _lastChild = ActorRefs.Nobody;

        public ParentActor(IActorRef report)
        {
            Receive<string>(name => Sender.Tell(_lastChild = Context.ActorOf(LifecycleActor.Props(report), name)), n => n.StartsWith("make-", StringComparison.Ordinal));
            Receive<string>(_ => Sender.Tell(Context.Children.Select(c => c.Path.Name).Order(StringComparer.Ordinal).ToArray()), s => s == "children");
            Receive<string>(name => Sender.Tell(Context.Child(name[4..])), s => s.StartsWith("get-", StringComparison.Ordinal));
            Receive<string>(_ => Context.ActorOf(EchoActor.Props(), "make-dup"), s => s == "dup");
            Receive<string>(path => Context.ActorSelection(path[4..]).Tell("via-selection", Sender), s => s.StartsWith("sel:", StringComparison.Ordinal));
        }

        protected override void PostStop() => _lastChild.Tell("parent-post-stop-ran-after-children");
    }

    [Fact]
    public void Context_Children_and_Child_must_list_live_children()
    {
        var parent = ActorOf(Props.Create(() => new ParentActor(ActorRefs.Nobody)), "parent");
        parent.Tell("make-a");
        var a = ExpectMsg<IActorRef>();
        parent.Tell("make-b");
        ExpectMsg<IActorRef>();
        parent.Tell("children");
        Assert.Equal(["make-a", "make-b"], ExpectMsg<string[]>());
        parent.Tell("get-make-a");
        Assert.Equal(a, ExpectMsg<IActorRef>());
        parent.Tell("get-missing");
        Assert.True(ExpectMsg<IActorRef>().IsNobody());
        Assert.Equal("akka://test/user/parent/make-a", a.Path.ToString());
    }

    [Fact]
    public void ActorOf_must_reject_a_name_already_in_use()
    {
        var parent = ActorOf(Props.Create(() => new ParentActor(ActorRefs.Nobody)));
        ExpectError<InvalidActorNameException>(() =>
        {
            parent.Tell("dup");
            parent.Tell("dup");
        });
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(EchoActor.Props(), "bad/name"));
    }

    [Fact]
    public async Task ActorSelection_must_resolve_absolute_and_relative_paths()
    {
        var parent = ActorOf(Props.Create(() => new ParentActor(ActorRefs.Nobody)), "p");
        parent.Tell("make-x");
        var child = ExpectMsg<IActorRef>();
        Sys.ActorSelection("/user/p/make-x").Tell("absolute");
        ExpectMsg("absolute");
        Assert.Equal(LastSender, child);
        parent.Tell("sel:make-x");
        ExpectMsg("via-selection");
        parent.Tell("sel:../p/make-x");
        ExpectMsg("via-selection");
        Assert.Equal(child, await Sys.ActorSelection("akka://test/user/p/make-x").ResolveOne(TimeSpan.FromSeconds(1)));
        Sys.ActorSelection("/user/nobody-here").Tell("lost");
        ExpectDeadLetter<string>(s => s == "lost");
    }

    [Fact]
    public void Stop_must_stop_children_before_the_parent_PostStop()
    {
        var hooks = CreateTestProbe();
        var parent = ActorOf(Props.Create(() => new ParentActor(hooks.Ref)));
        parent.Tell("make-a");
        var child = ExpectMsg<IActorRef>();
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("preStart");
        Watch(parent);
        Sys.Stop(parent);
        hooks.ExpectMsg("postStop");
        ExpectTerminated(parent);

        // The parent's PostStop ran after the child had stopped, so its message to the child is a dead letter.
        var deadLetter = ExpectDeadLetter<string>(s => s == "parent-post-stop-ran-after-children");
        Assert.Equal(child, deadLetter.Recipient);
    }

    [Fact]
    public async Task Terminate_must_stop_every_actor_and_complete_WhenTerminated()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parent = ActorOf(Props.Create(() => new StopSignallingActor(stopped, child: true)));
        parent.Tell("ready?");
        ExpectMsg("ready?");
        await Sys.Terminate().WaitAsync(Dilated(TimeSpan.FromSeconds(10)));
        Assert.True(stopped.Task.IsCompletedSuccessfully);
        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    /// <summary>Completes the task in PostStop (of its child, when it has one), so termination is observable without actors.</summary>
    private sealed class StopSignallingActor : ReceiveActor
    {
        private readonly TaskCompletionSource _stopped;
        private readonly bool _isLeaf;

        public StopSignallingActor(TaskCompletionSource stopped, bool child)
        {
            _stopped = stopped;
            _isLeaf = !child;
            if (child)
            {
                Context.ActorOf(Props.Create(() => new StopSignallingActor(stopped, false)));
            }

            ReceiveAny(m => Sender.Tell(m));
        }

        protected override void PostStop()
        {
            if (_isLeaf)
            {
                _stopped.TrySetResult();
            }
        }
    }

    [Fact]
    public void Unhandled_messages_must_be_published_on_the_event_stream()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(UnhandledMessage));
        var actor = ActorOf(Props.Create(() => new OnlyStringsActor()));
        actor.Tell(42);
        var unhandled = listener.ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    private sealed class OnlyStringsActor : ReceiveActor
    {
        public OnlyStringsActor() => Receive<string>(_ => { });
    }

    [Fact]
    public void EventStream_must_deliver_to_subscribers_of_base_types()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(Exception));
        Sys.EventStream.Publish(new InvalidOperationException("derived"));
        Sys.EventStream.Publish("not an exception");
        Assert.Equal("derived", listener.ExpectMsg<InvalidOperationException>().Message);
        Sys.EventStream.Unsubscribe(listener.Ref, typeof(Exception));
        Sys.EventStream.Publish(new InvalidOperationException("after"));
        listener.ExpectNoMsg();
    }
}
