using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace KalshiActors.Execution;

/// <summary>
/// Every call the routers make to their <see cref="IOrderGateway"/>, through one Polly pipeline: a shared circuit breaker
/// and a timeout for everything, retries only for idempotent reads (a create is never re-sent blindly; its outcome is
/// reconciled instead). Each attempt is reported as <see cref="ExchangeCallCompleted"/>, each breaker transition as
/// <see cref="CircuitBreakerStateChanged"/>.
/// </summary>
internal sealed class ExchangeCalls
{
    /// <summary>The dependency name breaker events carry.</summary>
    public const string Dependency = "exchange-orders";

    private readonly IOrderGateway _gateway;
    private readonly EventStream _events;
    private readonly TimeProvider _time;
    private readonly bool _reportCalls;
    private readonly ResiliencePipeline _writes;
    private readonly ResiliencePipeline _reads;

    // The breaker's last reported state, so a transition event names where it came from.
    private int _breakerState = (int)BreakerState.Closed;

    public ExchangeCalls(IOrderGateway gateway, ExecutionSettings settings, EventStream events, TimeProvider time, bool reportCalls)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _reportCalls = reportCalls;

        _writes = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(GatewayFailures.CountsAgainstBreaker),
                OnOpened = _ => Transition(BreakerState.Open, "exchange failure ratio over threshold"),
                OnHalfOpened = _ => Transition(BreakerState.HalfOpen, "break elapsed; trial call"),
                OnClosed = _ => Transition(BreakerState.Closed, "trial call succeeded"),
            })
            .AddTimeout(settings.CallTimeout)
            .Build();

        var reads = new ResiliencePipelineBuilder { TimeProvider = time };
        if (settings.ReadRetries > 0)
        {
            reads.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.ReadRetries,
                Delay = settings.ReadRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(GatewayFailures.IsRetryable),
            });
        }

        _reads = reads.AddPipeline(_writes).Build();
    }

    /// <summary>The gateway behind the pipeline.</summary>
    public IOrderGateway Gateway => _gateway;

    public Task<OrderAck> CreateOrderAsync(OrderRequest order) =>
        Write("create_order", ct => _gateway.CreateOrderAsync(order, ct));

    public Task<OrderAck> AmendOrderAsync(AmendRequest amend) =>
        Write("amend_order", ct => _gateway.AmendOrderAsync(amend, ct));

    public Task<CancelAck> CancelOrderAsync(OrderId orderId) =>
        Write("cancel_order", ct => _gateway.CancelOrderAsync(orderId, ct));

    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query) =>
        Read("get_orders", ct => _gateway.GetOrdersAsync(query, ct));

    public Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query) =>
        Read("get_fills", ct => _gateway.GetFillsAsync(query, ct));

    public Task<IReadOnlyList<PositionRecord>> GetPositionsAsync() =>
        Read("get_positions", ct => _gateway.GetPositionsAsync(ct));

    private Task<T> Write<T>(string operation, Func<CancellationToken, Task<T>> call) =>
        _writes.ExecuteAsync(async ct => await Attempt(operation, call, ct).ConfigureAwait(false), CancellationToken.None).AsTask();

    private Task<T> Read<T>(string operation, Func<CancellationToken, Task<T>> call) =>
        _reads.ExecuteAsync(async ct => await Attempt(operation, call, ct).ConfigureAwait(false), CancellationToken.None).AsTask();

    private async Task<T> Attempt<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            var result = await call(cancellationToken).ConfigureAwait(false);
            Report(operation, succeeded: true, statusCode: 200);
            return result;
        }
        catch (Exception ex) when (ex is not BrokenCircuitException)
        {
            Report(operation, succeeded: false, statusCode: (ex as IOrderGatewayFailure)?.StatusCode);
            throw;
        }
    }

    private void Report(string operation, bool succeeded, int? statusCode)
    {
        if (_reportCalls)
        {
            _events.Publish(new ExchangeCallCompleted(operation, succeeded, statusCode, _time.GetUtcNow()));
        }
    }

    private ValueTask Transition(BreakerState to, string reason)
    {
        var from = (BreakerState)Interlocked.Exchange(ref _breakerState, (int)to);
        if (from != to)
        {
            _events.Publish(new CircuitBreakerStateChanged(Dependency, from, to, reason, [], _time.GetUtcNow()));
        }

        return ValueTask.CompletedTask;
    }
}
