using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Polly;
using Polly.CircuitBreaker;

namespace KalshiActors.Markets.Breakers;

/// <summary>
/// The circuit breaker of one REST or WebSocket dependency (Polly's <see cref="CircuitBreakerStrategyOptions"/>, thresholds
/// from settings, on the actor system's clock). Every state change is reported through <c>onChange</c> — to the breaker
/// journal, which persists and publishes it — with the markets the dependency feeds. Safe to share between actors and
/// across their restarts, so a restarted caller still sees an open breaker.
/// </summary>
internal sealed class DependencyBreaker
{
    private readonly ResiliencePipeline _pipeline;

    // Lets an operator close the breaker by hand (dashboard: POST /api/circuit-breakers/{name}/reset).
    private readonly CircuitBreakerManualControl _manual = new();
    private readonly Action<CircuitBreakerStateChanged> _onChange;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private BreakerState _state = BreakerState.Closed;

    public DependencyBreaker(string dependency, IReadOnlyList<MarketTicker> affectedMarkets, MarketsSettings settings, TimeProvider time, Action<CircuitBreakerStateChanged> onChange)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dependency);
        Dependency = dependency;
        AffectedMarkets = affectedMarkets;
        _time = time;
        _onChange = onChange;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = dependency,
                ManualControl = _manual,
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException and not BrokenCircuitException),
                OnOpened = args =>
                {
                    Transition(BreakerState.Open, args.Outcome.Exception is { } e ? $"{e.GetType().Name}: {e.Message}" : "failure ratio reached");
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Transition(BreakerState.HalfOpen, "break over; trial call");
                    return default;
                },
                OnClosed = _ =>
                {
                    Transition(BreakerState.Closed, "trial call succeeded");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The dependency's name (e.g. "kalshi-rest-markets", "kalshi-ws").</summary>
    public string Dependency { get; }

    /// <summary>The markets this dependency feeds (empty = every market).</summary>
    public IReadOnlyList<MarketTicker> AffectedMarkets { get; }

    /// <summary>The state after the last transition.</summary>
    public BreakerState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Runs a call through the breaker; throws <see cref="BrokenCircuitException"/> while it is open.</summary>
    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (c, ct) => c(ct), call, cancellationToken);

    /// <summary>Runs a call through the breaker; throws <see cref="BrokenCircuitException"/> while it is open.</summary>
    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (c, ct) => c(ct), call, cancellationToken);

    /// <summary>Closes the breaker now (an operator's reset); calls flow again at once.</summary>
    public Task ResetAsync() => _manual.CloseAsync();

    private void Transition(BreakerState to, string reason)
    {
        BreakerState from;
        lock (_lock)
        {
            from = _state;
            if (from == to)
            {
                return;
            }

            _state = to;
        }

        _onChange(new CircuitBreakerStateChanged(Dependency, from, to, reason, AffectedMarkets, _time.GetUtcNow()));
    }
}
