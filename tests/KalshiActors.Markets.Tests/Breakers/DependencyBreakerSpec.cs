using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Breakers;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Polly.CircuitBreaker;

namespace KalshiActors.Markets.Tests.Breakers;

public sealed class DependencyBreakerSpec : PersistenceTestKit
{
    private static readonly MarketsSettings Settings = new()
    {
        BreakerFailureRatio = 0.5,
        BreakerMinimumThroughput = 4,
        BreakerSamplingDuration = TimeSpan.FromSeconds(30),
        BreakerBreakDuration = TimeSpan.FromSeconds(15),
    };

    private readonly TestProbe _events;

    public DependencyBreakerSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(TestMarkets.Start))
    {
        _events = CreateTestProbe("events");
        Sys.EventStream.Subscribe(_events.Ref, typeof(CircuitBreakerStateChanged));
    }

    [Fact]
    public async Task DependencyBreaker_must_open_on_failures_then_half_open_and_close_with_persisted_events()
    {
        var journal = ActorOf(CircuitBreakerJournalActor.Props(), CircuitBreakerJournalActor.Name);
        MarketTicker[] markets = [new("KXA-1"), new("KXB-2")];
        var breaker = new DependencyBreaker("kalshi-ws", markets, Settings, Clock!, e => journal.Tell(e));

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => breaker.ExecuteAsync(_ => throw new InvalidOperationException("500"), default).AsTask());
        }

        var opened = _events.ExpectMsg<CircuitBreakerStateChanged>();
        Assert.Equal((BreakerState.Closed, BreakerState.Open), (opened.From, opened.To));
        Assert.Equal(markets, opened.AffectedMarkets);
        Assert.Contains("500", opened.Reason, StringComparison.Ordinal);
        Assert.Equal(BreakerState.Open, breaker.State);

        // Open: calls are refused without reaching the dependency.
        var reached = false;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => breaker.ExecuteAsync(_ =>
        {
            reached = true;
            return default;
        }, default).AsTask());
        Assert.False(reached);

        Clock!.Advance(Settings.BreakerBreakDuration);
        Assert.Equal(42, await breaker.ExecuteAsync(_ => ValueTask.FromResult(42), default));
        Assert.Equal((BreakerState.Open, BreakerState.HalfOpen), To(_events.ExpectMsg<CircuitBreakerStateChanged>()));
        Assert.Equal((BreakerState.HalfOpen, BreakerState.Closed), To(_events.ExpectMsg<CircuitBreakerStateChanged>()));

        AwaitAssert(() => Assert.Equal(
            [BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed],
            PersistedEvents("market-data-breakers").Cast<CircuitBreakerStateChanged>().Select(e => e.To)));
    }

    [Fact]
    public async Task DependencyBreaker_must_reopen_when_the_trial_call_fails()
    {
        var changes = new List<CircuitBreakerStateChanged>();
        var breaker = new DependencyBreaker("kalshi-rest-catalog", [], Settings, Clock!, changes.Add);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => breaker.ExecuteAsync(_ => throw new TimeoutException(), default).AsTask());
        }

        Clock!.Advance(Settings.BreakerBreakDuration);
        await Assert.ThrowsAsync<TimeoutException>(() => breaker.ExecuteAsync(_ => throw new TimeoutException(), default).AsTask());

        Assert.Equal([BreakerState.Open, BreakerState.HalfOpen, BreakerState.Open], changes.Select(c => c.To));
        Assert.Empty(changes[0].AffectedMarkets);
    }

    [Fact]
    public async Task DependencyBreaker_must_not_count_cancellations_as_failures()
    {
        var changes = new List<CircuitBreakerStateChanged>();
        var breaker = new DependencyBreaker("kalshi-ws", [], Settings, Clock!, changes.Add);
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => breaker.ExecuteAsync(_ => throw new OperationCanceledException(), default).AsTask());
        }

        Assert.Empty(changes);
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    private static (BreakerState, BreakerState) To(CircuitBreakerStateChanged change) => (change.From, change.To);
}
