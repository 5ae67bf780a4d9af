using KalshiActors.Testing;

namespace KalshiActors.Kernel.Tests;

/// <summary>
/// <see cref="KernelSettings.Deterministic"/>: every actor runs on the thread that calls <see cref="ActorSystem.RunUntilIdle"/>,
/// one turn at a time from one FIFO queue, so the same input gives the same trace; idle means nothing queued and no async
/// work outstanding.
/// </summary>
public sealed class DeterministicDispatcherSpec : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ActorSystem _system;

    // Written only by actors, which all run on the draining (test) thread; read by the test between drains.
    private readonly List<string> _trace = [];

    public DeterministicDispatcherSpec()
    {
        _system = ActorSystem.Create(
            "deterministic",
            new KernelSettings { Deterministic = true, Dispatchers = new Dictionary<string, int> { ["dedicated"] = 2 } },
            _clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var terminated = _system.Terminate();
        _system.RunUntilIdle(TimeSpan.FromSeconds(10));
        await terminated.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Records "name:message" and forwards to the next actor, if any, the message with one hop less.</summary>
    private sealed class RelayActor : ReceiveActor
    {
        public RelayActor(string name, List<string> trace, IActorRef? next)
        {
            Receive<int>(hops =>
            {
                trace.Add($"{name}:{hops}");
                if (hops > 0 && next is not null)
                {
                    next.Tell(hops - 1);
                }
            });
            Receive<string>(s => s == "thread", _ => trace.Add($"{name}:thread:{Environment.CurrentManagedThreadId}"));
        }
    }

    private IActorRef Relay(string name, IActorRef? next = null, string? dispatcher = null)
    {
        var props = Props.Create(() => new RelayActor(name, _trace, next));
        return _system.ActorOf(dispatcher is null ? props : props.WithDispatcher(dispatcher), name);
    }

    [Fact]
    public void Nothing_must_run_until_RunUntilIdle_and_then_everything_that_follows_from_it()
    {
        var c = Relay("c");
        var b = Relay("b", c);
        var a = Relay("a", b);
        a.Tell(2);
        a.Tell(1);
        Assert.Empty(_trace);

        Assert.True(_system.RunUntilIdle() > 0);

        Assert.Equal(["a:2", "a:1", "b:1", "b:0", "c:0"], _trace);
        Assert.Equal(0, _system.PendingWork);
        Assert.Equal(0, _system.RunUntilIdle());
    }

    [Fact]
    public void Turns_must_follow_scheduling_order_so_the_same_input_gives_the_same_trace()
    {
        // Two chains fed alternately: a FIFO run queue interleaves them the same way every time.
        var b2 = Relay("b2");
        var a2 = Relay("a2", b2);
        var b1 = Relay("b1");
        var a1 = Relay("a1", b1);
        _system.RunUntilIdle();
        for (var i = 0; i < 3; i++)
        {
            a1.Tell(1);
            a2.Tell(1);
        }

        _system.RunUntilIdle();

        // Each actor handles what its mailbox holds in one turn (throughput 100), in the order the cells were queued.
        Assert.Equal(["a1:1", "a1:1", "a1:1", "a2:1", "a2:1", "a2:1", "b1:0", "b1:0", "b1:0", "b2:0", "b2:0", "b2:0"], _trace);
    }

    [Fact]
    public void Every_actor_must_run_on_the_calling_thread_including_those_of_dedicated_dispatchers()
    {
        var pooled = Relay("pooled");
        var dedicated = Relay("dedicated", dispatcher: "dedicated");
        pooled.Tell("thread");
        dedicated.Tell("thread");
        _system.RunUntilIdle();

        var thread = Environment.CurrentManagedThreadId;
        Assert.Equal([$"pooled:thread:{thread}", $"dedicated:thread:{thread}"], _trace);
    }

    [Fact]
    public void An_unconfigured_dispatcher_name_must_still_be_rejected() =>
        Assert.Throws<ArgumentException>(() => Relay("x", dispatcher: "missing"));

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(List<string> trace)
        {
            Receive<string>(s => s == "start", _ =>
            {
                Timers.StartSingleTimer("once", "once", TimeSpan.FromSeconds(5));
                Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(2));
            });
            Receive<string>(s => trace.Add($"{s}@{Context.System.TimeProvider.GetUtcNow():ss}"));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    [Fact]
    public void Timers_on_a_manual_clock_must_fire_into_the_queue_and_run_with_the_next_RunUntilIdle()
    {
        var actor = _system.ActorOf(Props.Create(() => new TimerActor(_trace)));
        actor.Tell("start");
        _system.RunUntilIdle();

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_trace);
        _system.RunUntilIdle();
        Assert.Equal(["tick@04", "tick@04"], _trace);

        _trace.Clear();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _system.RunUntilIdle();
        Assert.Equal(["once@05"], _trace);
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(List<string> trace)
        {
            ReceiveAsync<string>(async s =>
            {
                trace.Add($"start {s} on {Environment.CurrentManagedThreadId}");
                if (s == "yield")
                {
                    await Task.Yield();
                }
                else
                {
                    // Really asynchronous: completes on a timer thread.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
                }

                trace.Add($"end {s} on {Environment.CurrentManagedThreadId}");
            });
            Receive<int>(n => trace.Add($"int {n} on {Environment.CurrentManagedThreadId}"));
        }
    }

    [Fact]
    public void Async_handlers_must_continue_on_the_calling_thread_one_message_at_a_time_and_be_waited_for()
    {
        var actor = _system.ActorOf(Props.Create(() => new AsyncActor(_trace)));
        actor.Tell("yield");
        actor.Tell("delay");
        actor.Tell(1);

        _system.RunUntilIdle();

        var thread = Environment.CurrentManagedThreadId;
        Assert.Equal(
            [$"start yield on {thread}", $"end yield on {thread}", $"start delay on {thread}", $"end delay on {thread}", $"int 1 on {thread}"],
            _trace);
    }

    private sealed class PipeActor : ReceiveActor
    {
        public PipeActor(List<string> trace)
        {
            Receive<string>(s => s == "go", _ =>
            {
                Task.Run(async () =>
                {
                    await Task.Delay(20);
                    return 42;
                }).PipeTo(Self);
                Task.FromResult(7).PipeTo(Self);
            });
            Receive<int>(n => trace.Add($"piped {n}"));
        }
    }

    [Fact]
    public void PipeTo_results_must_count_as_pending_work_until_delivered()
    {
        var actor = _system.ActorOf(Props.Create(() => new PipeActor(_trace)));
        actor.Tell("go");

        _system.RunUntilIdle();

        Assert.Equal(["piped 7", "piped 42"], _trace);
    }

    [Fact]
    public async Task Ask_from_outside_must_complete_once_the_system_has_run()
    {
        var echo = _system.ActorOf(TestActors.EchoActor.Props());
        var answer = echo.Ask<string>("hello", TimeSpan.FromSeconds(5));
        Assert.False(answer.IsCompleted);

        _system.RunUntilIdle();

        Assert.True(answer.IsCompletedSuccessfully);
        Assert.Equal("hello", await answer);
    }

    private sealed class FlakyActor : ReceiveActor
    {
        private int _count;

        public FlakyActor(List<string> trace)
        {
            trace.Add("created");
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => trace.Add($"{s} after {++_count}"));
        }
    }

    [Fact]
    public void A_failing_actor_must_be_restarted_by_its_supervisor_and_go_on_with_the_next_message()
    {
        var actor = _system.ActorOf(Props.Create(() => new FlakyActor(_trace)));
        actor.Tell("a");
        actor.Tell("boom");
        actor.Tell("b");

        _system.RunUntilIdle();

        // The restart makes a new instance (count starts again) and the message after the failure is not lost.
        Assert.Equal(["created", "a after 1", "created", "b after 1"], _trace);
    }

    private sealed class ReentrantActor : ReceiveActor
    {
        public ReentrantActor(List<string> trace) =>
            ReceiveAny(_ =>
            {
                try
                {
                    Context.System.RunUntilIdle();
                }
                catch (InvalidOperationException)
                {
                    trace.Add("refused");
                }
            });
    }

    [Fact]
    public void RunUntilIdle_must_refuse_to_run_inside_an_actor()
    {
        _system.ActorOf(Props.Create(() => new ReentrantActor(_trace))).Tell("x");
        _system.RunUntilIdle();
        Assert.Equal(["refused"], _trace);
    }

    [Fact]
    public async Task RunUntilIdle_must_refuse_a_thread_pool_system()
    {
        var pooled = ActorSystem.Create("pooled");
        try
        {
            Assert.Throws<InvalidOperationException>(() => pooled.RunUntilIdle());
        }
        finally
        {
            await pooled.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Terminate_must_stop_every_actor_when_the_system_runs()
    {
        var system = ActorSystem.Create("stopping", new KernelSettings { Deterministic = true });
        system.ActorOf(Props.Create(() => new RelayActor("r", _trace, null)));
        system.RunUntilIdle();
        var terminated = system.Terminate();
        Assert.False(terminated.IsCompleted);

        system.RunUntilIdle();

        Assert.True(terminated.IsCompletedSuccessfully);
        await terminated;
    }
}
