using KalshiActors.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class InfrastructureSpec(ITestOutputHelper output)
    : TestKit(output, new KernelSettings { Dispatchers = new Dictionary<string, int> { ["dedicated"] = 1 } })
{
    private sealed class LoggingActor : ReceiveActor
    {
        public LoggingActor()
        {
            var log = Context.GetLogger();
            ReceiveAny(m =>
            {
                log.LogWarning("got {Message}", m);
                Sender.Tell(Thread.CurrentThread.Name ?? "pool");
            });
        }
    }

    [Fact]
    public void GetLogger_must_log_through_the_system_logger_factory_with_the_actor_type_as_category()
    {
        var actor = ActorOf(Props.Create(() => new LoggingActor()), "logger");
        actor.Tell("hello");
        ExpectMsg<string>();
        var entry = Assert.Single(LoggedEntries, e => e.Level == LogLevel.Warning);
        Assert.Equal("got hello", entry.Message);
        Assert.EndsWith(nameof(LoggingActor), entry.Category, StringComparison.Ordinal);
    }

    [Fact]
    public void Props_WithDispatcher_must_run_the_actor_on_the_dedicated_threads()
    {
        var actor = ActorOf(Props.Create(() => new LoggingActor()).WithDispatcher("dedicated"));
        actor.Tell("where");
        Assert.Equal("test-dedicated-0", ExpectMsg<string>());
    }

    [Fact]
    public void Props_WithDispatcher_must_reject_an_unconfigured_dispatcher()
    {
        var error = Assert.Throws<ArgumentException>(() => ActorOf(Props.Create(() => new LoggingActor()).WithDispatcher("missing")));
        Assert.Contains("kalshi-actors.kernel.dispatchers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelSettings_Validate_must_name_every_invalid_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new KernelSettings { Throughput = 0, StashCapacity = 0 }.Validate());
        Assert.Contains("kalshi-actors.kernel.throughput", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.kernel.stash-capacity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManualTimeProvider_must_fire_due_timers_in_due_time_order_and_only_when_advanced()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var cancelled = clock.CreateTimer(_ => fired.Add("cancelled"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        cancelled.Dispose();
        Assert.Empty(fired);
        var start = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["early", "late"], fired);
        Assert.Equal(start + TimeSpan.FromSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public void Dead_letter_logging_must_stop_after_the_configured_count_per_window()
    {
        for (var i = 0; i < 25; i++)
        {
            Sys.DeadLetters.Tell(i, null);
        }

        AwaitCondition(() => LoggedEntries.Any(e => e.Message.StartsWith("Dead-letter logging paused", StringComparison.Ordinal)));
        Assert.Equal(10, LoggedEntries.Count(e => e.Message.Contains("was not delivered", StringComparison.Ordinal)));
    }

    /// <summary>Blocks its handler on an ask (an anti-pattern, but one that must not deadlock).</summary>
    private sealed class BlockingAskActor : ReceiveActor
    {
        public BlockingAskActor(IActorRef target) =>
            Receive<string>(s => Sender.Tell(target.Ask<object>(s, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult()));
    }

    [Fact]
    public void Ask_blocked_on_inside_an_actor_must_still_be_answered_because_the_receiver_is_not_handed_the_blocked_thread()
    {
        var echo = ActorOf(TestActors.EchoActor.Props());
        var asker = ActorOf(Props.Create(() => new BlockingAskActor(echo)));
        asker.Tell("question");
        ExpectMsg("question");
    }
}
