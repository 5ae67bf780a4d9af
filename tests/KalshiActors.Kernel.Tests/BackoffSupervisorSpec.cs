using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class BackoffSupervisorSpec(ITestOutputHelper output) : TestKit(output, timeProvider: new ManualTimeProvider())
{
    /// <summary>Reports each start to the probe; fails on "fail", stops on "stop".</summary>
    private sealed class FlakyActor : ReceiveActor
    {
        public FlakyActor(IActorRef report)
        {
            report.Tell("started");
            Receive<string>(s => s == "fail", Fail);
            Receive<string>(s => s == "stop", _ => Context.Stop(Self));
            ReceiveAny(m => Sender.Tell(m));
        }

        private static void Fail(string command) => throw new InvalidOperationException("flaky " + command);
    }

    private BackoffOptions Options(TestProbe starts, BackoffMode mode) =>
        (mode == BackoffMode.OnFailure
            ? Backoff.OnFailure(Props.Create(() => new FlakyActor(starts.Ref)), "flaky", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0)
            : Backoff.OnStop(Props.Create(() => new FlakyActor(starts.Ref)), "flaky", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0))
        .WithAutoReset(TimeSpan.FromSeconds(30));

    private void AwaitRestartCount(IActorRef supervisor, int count) =>
        AwaitCondition(() => supervisor.Ask<BackoffSupervisor.RestartCount>(new BackoffSupervisor.GetRestartCount()).Result.Count == count);

    /// <summary>Fails the child, then checks it is restarted exactly when the clock reaches <paramref name="delay"/>.</summary>
    private void FailAndExpectRestartAfter(IActorRef supervisor, TestProbe starts, int restartNumber, TimeSpan delay)
    {
        ExpectError<InvalidOperationException>(() => supervisor.Tell("fail"));
        AwaitRestartCount(supervisor, restartNumber);
        Clock!.Advance(delay - TimeSpan.FromMilliseconds(1));
        starts.ExpectNoMsg();
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        starts.ExpectMsg("started");
    }

    [Fact]
    public void BackoffSupervisor_must_restart_a_failed_child_after_exponentially_growing_delays_capped_at_max()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(Options(starts, BackoffMode.OnFailure)));
        starts.ExpectMsg("started");
        FailAndExpectRestartAfter(supervisor, starts, 1, TimeSpan.FromSeconds(1));
        FailAndExpectRestartAfter(supervisor, starts, 2, TimeSpan.FromSeconds(2));
        FailAndExpectRestartAfter(supervisor, starts, 3, TimeSpan.FromSeconds(4));
        FailAndExpectRestartAfter(supervisor, starts, 4, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void BackoffSupervisor_must_reset_the_backoff_after_the_child_ran_for_the_reset_period()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(Options(starts, BackoffMode.OnFailure)));
        starts.ExpectMsg("started");
        FailAndExpectRestartAfter(supervisor, starts, 1, TimeSpan.FromSeconds(1));
        FailAndExpectRestartAfter(supervisor, starts, 2, TimeSpan.FromSeconds(2));
        Clock!.Advance(TimeSpan.FromSeconds(30));
        AwaitRestartCount(supervisor, 0);
        FailAndExpectRestartAfter(supervisor, starts, 1, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void BackoffSupervisor_must_stop_after_max_retries()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(Options(starts, BackoffMode.OnFailure).WithMaxNrOfRetries(1)));
        Watch(supervisor);
        starts.ExpectMsg("started");
        FailAndExpectRestartAfter(supervisor, starts, 1, TimeSpan.FromSeconds(1));
        ExpectError<InvalidOperationException>(() => supervisor.Tell("fail"));
        ExpectTerminated(supervisor);
    }

    [Fact]
    public void BackoffSupervisor_OnStop_must_restart_a_child_that_stopped_itself()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(Options(starts, BackoffMode.OnStop)));
        starts.ExpectMsg("started");
        supervisor.Tell("stop");
        AwaitRestartCount(supervisor, 1);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        starts.ExpectMsg("started");
        supervisor.Tell("forwarded");
        ExpectMsg("forwarded");
    }

    [Fact]
    public void BackoffSupervisor_OnFailure_must_stop_when_the_child_stops_itself()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(Options(starts, BackoffMode.OnFailure)));
        Watch(supervisor);
        starts.ExpectMsg("started");
        supervisor.Tell("stop");
        ExpectTerminated(supervisor);
    }

    [Fact]
    public void BackoffOptions_must_add_at_most_the_random_factor_of_jitter()
    {
        var options = Backoff.OnStop(Props.Create(() => new FlakyActor(ActorRefs.Nobody)), "x", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.5);
        Assert.Equal(TimeSpan.FromSeconds(1), options.DelayFor(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.DelayFor(0, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), options.DelayFor(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), options.DelayFor(40, 0));
    }
}
