using System.Threading.RateLimiting;

namespace KalshiActors.Exchange.Http;

/// <summary>Which token bucket a request draws from.</summary>
public enum RateLimitLane
{
    /// <summary>Reads (GET).</summary>
    Read,

    /// <summary>Writes (order mutations).</summary>
    Write,
}

/// <summary>One bucket's budget: refill rate in tokens per second and capacity in tokens.</summary>
public sealed record TokenBucketBudget(int TokensPerSecond, int Capacity);

/// <summary>
/// The exchange's two token buckets (PROTOCOL.md section 6). Buckets are replenished by a <see cref="TimeProvider"/> timer
/// every 100 ms, so tests and replays can drive them on virtual time.
/// </summary>
internal sealed class ExchangeRateLimiter : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly TokenBucketRateLimiter _read;
    private readonly TokenBucketRateLimiter _write;
    private readonly ITimer _replenish;

    public ExchangeRateLimiter(TokenBucketBudget read, TokenBucketBudget write, TimeProvider timeProvider)
    {
        _read = Create(read);
        _write = Create(write);
        _replenish = timeProvider.CreateTimer(
            _ =>
            {
                _read.TryReplenish();
                _write.TryReplenish();
            },
            null,
            Period,
            Period);
    }

    /// <summary>Waits until the lane's bucket holds <paramref name="cost"/> tokens and takes them.</summary>
    public async ValueTask AcquireAsync(RateLimitLane lane, int cost, CancellationToken cancellationToken)
    {
        var limiter = lane == RateLimitLane.Read ? _read : _write;
        using var lease = await limiter.AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new KalshiActors.Domain.KalshiActorsException($"the {lane} rate-limit queue is full; more than the configured number of requests are waiting for tokens.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _replenish.DisposeAsync().ConfigureAwait(false);
        await _read.DisposeAsync().ConfigureAwait(false);
        await _write.DisposeAsync().ConfigureAwait(false);
    }

    private static TokenBucketRateLimiter Create(TokenBucketBudget budget) =>
        new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget.Capacity,
            TokensPerPeriod = Math.Max(1, budget.TokensPerSecond / 10),
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
}
