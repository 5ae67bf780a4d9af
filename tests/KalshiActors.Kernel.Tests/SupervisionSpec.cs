using KalshiActors.Testing;
using Xunit.Abstractions;
using static KalshiActors.Kernel.Tests.TestActors;

namespace KalshiActors.Kernel.Tests;

public sealed class SupervisionSpec(ITestOutputHelper output) : TestKit(output, timeProvider: new ManualTimeProvider())
{
    /// <summary>Creates children with the given strategy and returns them to the asker.</summary>
    private sealed class SupervisorActor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public SupervisorActor(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<Props>(props => Sender.Tell(Context.ActorOf(props)));
        }

        public static Props Props(SupervisorStrategy strategy) => Kernel.Props.Create(() => new SupervisorActor(strategy));

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private IActorRef ChildOf(IActorRef supervisor, Props props)
    {
        supervisor.Tell(props);
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Supervisor_must_restart_child_and_run_hooks_in_order()
    {
        var hooks = CreateTestProbe();
        var supervisor = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy));
        var child = ChildOf(supervisor, LifecycleActor.Props(hooks.Ref));
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("preStart");

        ExpectError<InvalidOperationException>(() => child.Tell(new InvalidOperationException("boom")));
        hooks.ExpectMsg("preRestart:boom:InvalidOperationException");
        hooks.ExpectMsg("postStop");
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("postRestart:boom");
        hooks.ExpectMsg("preStart");
    }

    [Fact]
    public void Restart_must_drop_the_failed_message_and_reset_state()
    {
        var supervisor = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy));
        var child = ChildOf(supervisor, LifecycleActor.Props(ActorRefs.Nobody));
        child.Tell("count");
        ExpectMsg(1);
        ExpectError<InvalidOperationException>(() => child.Tell(new InvalidOperationException("boom")));
        child.Tell("state");
        ExpectMsg(0);
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Resume_must_keep_the_actor_and_its_state()
    {
        var supervisor = ActorOf(SupervisorActor.Props(new OneForOneStrategy(_ => Directive.Resume)));
        var hooks = CreateTestProbe();
        var child = ChildOf(supervisor, LifecycleActor.Props(hooks.Ref));
        child.Tell("count");
        ExpectMsg(1);
        ExpectError<InvalidOperationException>(() => child.Tell(new InvalidOperationException("boom")));
        child.Tell("count");
        ExpectMsg(2);
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("preStart");
        hooks.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Stop_directive_must_stop_the_child()
    {
        var supervisor = ActorOf(SupervisorActor.Props(SupervisorStrategy.StoppingStrategy));
        var child = ChildOf(supervisor, EchoActor.Props());
        Watch(child);
        ExpectError<InvalidOperationException>(() => child.Tell("fail:stop me"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_must_hand_the_failure_to_the_grandparent()
    {
        var hooks = CreateTestProbe();
        var grandparent = ActorOf(SupervisorActor.Props(SupervisorStrategy.DefaultStrategy));
        var parent = ChildOf(grandparent, SupervisorActor.Props(new OneForOneStrategy(_ => Directive.Escalate)));
        var child = ChildOf(parent, LifecycleActor.Props(hooks.Ref));
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("preStart");
        Watch(child);

        // The grandparent restarts the parent, whose default PreRestart stops its children.
        ExpectError<InvalidOperationException>(() => child.Tell(new InvalidOperationException("escalated")));
        ExpectTerminated(child);
        hooks.ExpectMsg("postStop");
        parent.Tell(EchoActor.Props());
        ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Escalation_to_the_user_guardian_must_restart_the_top_level_actor()
    {
        var hooks = CreateTestProbe();
        var topLevel = ActorOf(SupervisorActor.Props(new OneForOneStrategy(_ => Directive.Escalate)), "top");
        ChildOf(topLevel, LifecycleActor.Props(hooks.Ref)).Tell(new InvalidOperationException("to the guardian"));
        ExpectError<InvalidOperationException>();
        hooks.ExpectMsg("ctor");
        hooks.ExpectMsg("preStart");
        hooks.ExpectMsg("postStop");
        topLevel.Tell(EchoActor.Props());
        ExpectMsg<IActorRef>();
    }

    [Fact]
    public void AllForOne_must_restart_every_sibling()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var supervisor = ActorOf(SupervisorActor.Props(new AllForOneStrategy(SupervisorStrategy.DefaultDecider)));
        var failing = ChildOf(supervisor, LifecycleActor.Props(first.Ref));
        ChildOf(supervisor, LifecycleActor.Props(second.Ref));
        first.ExpectMsg("ctor");
        first.ExpectMsg("preStart");
        second.ExpectMsg("ctor");
        second.ExpectMsg("preStart");

        ExpectError<InvalidOperationException>(() => failing.Tell(new InvalidOperationException("one fails")));
        first.ExpectMsg("preRestart:one fails:InvalidOperationException");
        second.ExpectMsg("preRestart:one fails:");
        first.FishForMessage<string>(s => s == "postRestart:one fails");
        second.FishForMessage<string>(s => s == "postRestart:one fails");
    }

    [Fact]
    public void Exceeding_max_retries_within_the_window_must_stop_the_child()
    {
        var supervisor = ActorOf(SupervisorActor.Props(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider)));
        var child = ChildOf(supervisor, EchoActor.Props());
        Watch(child);
        ExpectError<InvalidOperationException>(() =>
        {
            child.Tell("fail:1");
            child.Tell("fail:2");
            child.Tell("fail:3");
        }, occurrences: 3);
        ExpectTerminated(child);
    }

    [Fact]
    public void Restarts_outside_the_window_must_not_count_towards_max_retries()
    {
        var supervisor = ActorOf(SupervisorActor.Props(new OneForOneStrategy(1, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider)));
        var child = ChildOf(supervisor, EchoActor.Props());
        ExpectError<InvalidOperationException>(() => child.Tell("fail:1"));
        child.Tell("alive-1");
        ExpectMsg("alive-1");
        Clock!.Advance(TimeSpan.FromMinutes(2));
        ExpectError<InvalidOperationException>(() => child.Tell("fail:2"));
        child.Tell("alive-2");
        ExpectMsg("alive-2");
    }

    [Fact]
    public void Unhandled_Terminated_must_fail_the_watcher_with_DeathPactException()
    {
        var watched = ActorOf(EchoActor.Props());
        var watcher = ActorOf(Props.Create(() => new WatchingActor(watched)));
        Watch(watcher);
        ExpectError<DeathPactException>(() => Sys.Stop(watched));
        ExpectTerminated(watcher);
    }

    private sealed class WatchingActor : ReceiveActor
    {
        public WatchingActor(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }

    [Fact]
    public void DefaultDecider_must_stop_on_initialization_kill_and_death_pact_and_restart_otherwise()
    {
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException("x")));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new DeathPactException("x")));
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));
    }

    [Fact]
    public void Failure_must_be_logged_once_with_the_actor_path_and_message_type()
    {
        var actor = ActorOf(EchoActor.Props(), "logged");
        ExpectError<InvalidOperationException>(() => actor.Tell("fail:logged"));
        var entry = Assert.Single(LoggedEntries, e => e.Carries<InvalidOperationException>());
        Assert.Contains("akka://test/user/logged", entry.Message, StringComparison.Ordinal);
        Assert.Contains("String", entry.Message, StringComparison.Ordinal);
    }
}
