using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class InlineDeliverySpec(ITestOutputHelper output) : TestKit(output)
{
    private const string Ready = "ready";

    /// <summary>Reports the thread each message was handled on, then passes it on (but the readiness check) to the next actor if any.</summary>
    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter(IActorRef report, IActorRef? next)
        {
            Receive<string>(m =>
            {
                report.Tell((Name: Self.Path.Name, Message: m, Thread: Environment.CurrentManagedThreadId));
                if (m != Ready)
                {
                    next?.Tell(m, Self);
                }
            });
        }
    }

    private IActorRef Reporter(string name, IActorRef? next = null)
    {
        var actor = ActorOf(Props.Create(() => new ThreadReporter(TestActor, next)), name);

        // Created and idle before the test's delivery (its first run creates it).
        actor.Tell(Ready);
        ExpectMsg<(string Name, string Message, int Thread)>(m => m.Name == name && m.Message == Ready);
        return actor;
    }

    // Runs on a thread of its own, outside the thread pool, as a socket's reader does; returns that thread's id.
    private static int OnOwnThread(Action action)
    {
        var id = 0;
        var thread = new Thread(() =>
        {
            id = Environment.CurrentManagedThreadId;
            action();
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        return id;
    }

    [Fact]
    public void The_actor_woken_by_an_inline_delivery_runs_on_the_delivering_thread_and_hands_on_inline()
    {
        var second = Reporter("second");
        var first = Reporter("first", second);

        var caller = OnOwnThread(() => InlineDelivery.Run(static a => a.Tell("tick", ActorRefs.NoSender), first));

        var handled = ExpectMsg<(string Name, string Message, int Thread)>();
        Assert.Equal(("first", "tick"), (handled.Name, handled.Message));
        Assert.Equal(caller, handled.Thread);
        handled = ExpectMsg<(string Name, string Message, int Thread)>();
        Assert.Equal(("second", "tick"), (handled.Name, handled.Message));
        Assert.Equal(caller, handled.Thread);
    }

    [Fact]
    public void A_plain_tell_from_a_thread_outside_the_actors_runs_the_actor_on_the_thread_pool()
    {
        var actor = Reporter("plain");

        var caller = OnOwnThread(() => actor.Tell("tick", ActorRefs.NoSender));

        var handled = ExpectMsg<(string Name, string Message, int Thread)>(m => m.Message == "tick");
        Assert.NotEqual(caller, handled.Thread);
    }

    [Fact]
    public void An_actor_whose_turn_handled_a_batch_goes_back_to_the_thread_pool()
    {
        var second = Reporter("after-batch");
        var first = Reporter("batch", second);

        // Three messages make the first actor's turn a batch (a stream): the actor it hands on to runs on the pool.
        var caller = OnOwnThread(() => InlineDelivery.Run(
            static a =>
            {
                a.Tell("1", ActorRefs.NoSender);
                a.Tell("2", ActorRefs.NoSender);
                a.Tell("3", ActorRefs.NoSender);
            },
            first));

        var handled = ReceiveN(6).Cast<(string Name, string Message, int Thread)>().ToList();
        Assert.All(handled.Where(h => h.Name == "batch"), h => Assert.Equal(caller, h.Thread));
        Assert.All(handled.Where(h => h.Name == "after-batch"), h => Assert.NotEqual(caller, h.Thread));
    }

    /// <summary>Sets <paramref name="ran"/> when it handles a message (not the readiness check).</summary>
    private sealed class RunSignal : ReceiveActor
    {
        public RunSignal(IActorRef report, ManualResetEventSlim ran)
        {
            Receive<string>(m =>
            {
                if (m != Ready)
                {
                    ran.Set();
                }

                report.Tell((Name: Self.Path.Name, Message: m, Thread: Environment.CurrentManagedThreadId));
            });
        }
    }

    /// <summary>Reports whether <paramref name="ran"/> was set within a while of its message (the readiness check excepted).</summary>
    private sealed class RunWatcher : ReceiveActor
    {
        public RunWatcher(IActorRef report, ManualResetEventSlim ran)
        {
            Receive<string>(m => report.Tell((Name: Self.Path.Name, Message: m, OtherRan: m != Ready && ran.Wait(TimeSpan.FromMilliseconds(300)))));
        }
    }

    [Fact]
    public void An_actor_passed_over_for_the_one_woken_last_is_queued_only_when_the_chain_ends()
    {
        using var ran = new ManualResetEventSlim();
        var passedOver = ActorOf(Props.Create(() => new RunSignal(TestActor, ran)), "passed-over");
        passedOver.Tell(Ready);
        ExpectMsg<(string Name, string Message, int Thread)>(m => m.Message == Ready);
        var chain = ActorOf(Props.Create(() => new RunWatcher(TestActor, ran)), "chain");
        chain.Tell(Ready);
        ExpectMsg<(string Name, string Message, bool OtherRan)>(m => m.Message == Ready);

        // The chain's actor, woken last, takes the delivering thread; the one woken before it waits for the pool. Queued
        // there and then, a worker would run it while the chain's turn still waits for it.
        var caller = OnOwnThread(() => InlineDelivery.Run(
            static actors =>
            {
                actors.PassedOver.Tell("tick", ActorRefs.NoSender);
                actors.Chain.Tell("tick", ActorRefs.NoSender);
            },
            (PassedOver: passedOver, Chain: chain)));

        var watched = ExpectMsg<(string Name, string Message, bool OtherRan)>();
        Assert.Equal(("chain", "tick", false), watched);
        var handled = ExpectMsg<(string Name, string Message, int Thread)>();
        Assert.Equal(("passed-over", "tick"), (handled.Name, handled.Message));
        Assert.NotEqual(caller, handled.Thread);
    }

    [Fact]
    public void An_actor_woken_before_the_delivery_failed_still_runs()
    {
        var actor = Reporter("woken");

        Exception? thrown = null;
        OnOwnThread(() =>
        {
            try
            {
                InlineDelivery.Run(
                    static a =>
                    {
                        a.Tell("tick", ActorRefs.NoSender);
                        throw new InvalidOperationException("the reader failed");
                    },
                    actor);
            }
            catch (InvalidOperationException e)
            {
                thrown = e;
            }
        });

        Assert.Equal("the reader failed", thrown?.Message);
        ExpectMsg<(string Name, string Message, int Thread)>(m => m.Name == "woken" && m.Message == "tick");
    }
}
