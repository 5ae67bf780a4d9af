using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class TimersSpec(ITestOutputHelper output) : TestKit(output, timeProvider: new ManualTimeProvider())
{
    private sealed record Tick(string Name);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(IActorRef report)
        {
            Receive<string>(_ => Timers.StartSingleTimer("single", new Tick("single"), TimeSpan.FromSeconds(5)), s => s == "single");
            Receive<string>(_ => Timers.StartPeriodicTimer("periodic", new Tick("periodic"), TimeSpan.FromSeconds(1)), s => s == "periodic");
            Receive<string>(_ => Timers.Cancel("single"), s => s == "cancel");
            Receive<string>(s => s == "crash", Crash);
            Receive<string>(_ => Sender.Tell(Timers.ActiveTimers.Count), s => s == "active");
            Receive<Tick>(t => report.Tell(t.Name));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        private static void Crash(string command) => throw new InvalidOperationException($"restart me ({command})");
    }

    private IActorRef StartTimers(string command)
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(command);
        actor.Tell("active");
        ExpectMsg(1);
        return actor;
    }

    [Fact]
    public void SingleTimer_must_fire_once_when_the_clock_reaches_its_due_time()
    {
        StartTimers("single");
        Clock!.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("single");
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg();
    }

    [Fact]
    public void PeriodicTimer_must_fire_every_interval()
    {
        StartTimers("periodic");
        Clock!.Advance(TimeSpan.FromSeconds(3));
        ExpectMsg("periodic");
        ExpectMsg("periodic");
        ExpectMsg("periodic");
    }

    [Fact]
    public void Cancel_must_prevent_the_timer_message()
    {
        var actor = StartTimers("single");
        actor.Tell("cancel");
        actor.Tell("active");
        ExpectMsg(0);
        Clock!.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg();
    }

    [Fact]
    public void Timers_must_be_cancelled_on_restart()
    {
        var actor = StartTimers("periodic");
        ExpectError<InvalidOperationException>(() => actor.Tell("crash"));
        actor.Tell("active");
        ExpectMsg(0);
        Clock!.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg();
    }

    /// <summary>Answered without resetting the receive timeout: once answered, earlier messages' timeout resets are done.</summary>
    private sealed record Sync : INotInfluenceReceiveTimeout;

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor(IActorRef report)
        {
            SetReceiveTimeout(TimeSpan.FromSeconds(30));
            Receive<ReceiveTimeout>(_ => report.Tell("idle"));
            Receive<Sync>(s => report.Tell(s));
            Receive<string>(s => report.Tell(s));
        }
    }

    [Fact]
    public void ReceiveTimeout_must_fire_after_the_idle_period_and_be_reset_by_messages()
    {
        var actor = ActorOf(Props.Create(() => new IdleActor(TestActor)));
        actor.Tell("started");
        actor.Tell(new Sync());
        ExpectMsg("started");
        ExpectMsg<Sync>();
        Clock!.Advance(TimeSpan.FromSeconds(20));
        actor.Tell("activity");
        actor.Tell(new Sync());
        ExpectMsg("activity");
        ExpectMsg<Sync>();
        Clock.Advance(TimeSpan.FromSeconds(20));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("idle");
    }

    [Fact]
    public void Scheduler_must_deliver_on_the_manual_clock_and_stop_after_cancel()
    {
        var repeating = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TestActor, "tick", null);
        Clock!.Advance(TimeSpan.FromSeconds(2));
        ExpectMsg("tick");
        ExpectMsg("tick");
        repeating.Cancel();
        Clock.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg();
    }
}
