namespace KalshiActors.Exchange.Http;

/// <summary>How the REST client reaches the exchange and protects itself; built from the <c>exchange</c> settings.</summary>
public sealed record KalshiRestClientOptions
{
    /// <summary>The REST base including <c>/trade-api/v2</c>, e.g. https://external-api.kalshi.com/trade-api/v2.</summary>
    public required Uri RestBaseUrl { get; init; }

    /// <summary>Read bucket budget (Basic tier: 200 tokens/s, 400 capacity).</summary>
    public TokenBucketBudget ReadBudget { get; init; } = new(200, 400);

    /// <summary>Write bucket budget (Basic tier: 100 tokens/s, 100 capacity).</summary>
    public TokenBucketBudget WriteBudget { get; init; } = new(100, 100);

    /// <summary>Token cost of a request without a listed cost.</summary>
    public int DefaultCost { get; init; } = 10;

    /// <summary>Token cost of a V2 cancel (and per item of a batch cancel).</summary>
    public int CancelCost { get; init; } = 2;

    /// <summary>Attempts after the first for requests that may be retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; later retries back off exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one attempt may take before it counts as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on pages fetched by one paged read (guards against a cursor that never ends).</summary>
    public int MaxPages { get; init; } = 10_000;

    /// <summary>Page size asked of paged endpoints.</summary>
    public int PageSize { get; init; } = 1000;
}
