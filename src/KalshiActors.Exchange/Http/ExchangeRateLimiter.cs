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
/// The exchange's two token buckets (PROTOCOL.md section 6). They refill on the wall clock, like the exchange's own buckets,
/// in steps of 100 ms (1 s for budgets under 10 tokens/s).
/// </summary>
internal sealed class ExchangeRateLimiter : IAsyncDisposable
{
    private readonly TokenBucketRateLimiter _read;
    private readonly TokenBucketRateLimiter _write;

    public ExchangeRateLimiter(TokenBucketBudget read, TokenBucketBudget write)
    {
        _read = Create(read);
        _write = Create(write);
    }

    /// <summary>Waits until the lane's bucket holds <paramref name="cost"/> tokens and takes them.</summary>
    public async ValueTask AcquireAsync(RateLimitLane lane, int cost, CancellationToken cancellationToken)
    {
        var limiter = Limiter(lane);
        using var lease = await limiter.AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new KalshiActors.Domain.KalshiActorsException($"the {lane} rate-limit queue is full; more requests are waiting for tokens than the queue holds.");
        }
    }

    /// <summary>Takes the tokens only if they are available now.</summary>
    public bool TryAcquire(RateLimitLane lane, int cost)
    {
        using var lease = Limiter(lane).AttemptAcquire(cost);
        return lease.IsAcquired;
    }

    public async ValueTask DisposeAsync()
    {
        await _read.DisposeAsync().ConfigureAwait(false);
        await _write.DisposeAsync().ConfigureAwait(false);
    }

    private TokenBucketRateLimiter Limiter(RateLimitLane lane) => lane == RateLimitLane.Read ? _read : _write;

    private static TokenBucketRateLimiter Create(TokenBucketBudget budget)
    {
        var fine = budget.TokensPerSecond >= 10;
        return new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget.Capacity,
            TokensPerPeriod = fine ? budget.TokensPerSecond / 10 : budget.TokensPerSecond,
            ReplenishmentPeriod = fine ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
