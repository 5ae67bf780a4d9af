namespace KalshiActors.Markets;

/// <summary>Settings of the market-data subtree (HOCON section <c>kalshi-actors.markets</c>); defaults are the shipped ones.</summary>
public sealed record MarketsSettings
{
    /// <summary>Levels per leg carried in <c>BookUpdated</c>; a change beyond them is not published.</summary>
    public int Depth { get; init; } = 5;

    /// <summary>A book without any message for this long is marked stale and resynchronised.</summary>
    public TimeSpan BookStaleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a book checks for silence (and, while stale, repeats its snapshot request).</summary>
    public TimeSpan BookCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The window over which a book's quality (gaps, resyncs, message age p50/p99) is recorded as an event.</summary>
    public TimeSpan QualityWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Events a book journals between snapshots of its counters (keeps recovery short).</summary>
    public int BookSnapshotEvery { get; init; } = 200;

    /// <summary>A fair-value feed without an observation for this long is reported stale.</summary>
    public TimeSpan FeedStaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the catalog waits before retrying a failed load.</summary>
    public TimeSpan CatalogRetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The markets the exchange feed subscribes (empty = the catalog's open markets when it is known, else every market).</summary>
    public IReadOnlyList<string> Markets { get; init; } = [];

    /// <summary>Breaker: fraction of failed calls in the sampling window that opens it (0 to 1).</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Breaker: calls needed in the sampling window before the ratio counts.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    /// <summary>Breaker: the window over which failures are counted.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Breaker: how long it stays open before a trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Backoff of restarted market-data children: first delay.</summary>
    public TimeSpan RestartMinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff of restarted market-data children: longest delay.</summary>
    public TimeSpan RestartMaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The shipped defaults.</summary>
    public static MarketsSettings Default { get; } = new();

    /// <summary>Every problem with these settings (empty when valid), so all are reported at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Depth is < 1 or > 100)
        {
            errors.Add($"depth must be between 1 and 100 (got {Depth})");
        }

        Positive(BookStaleAfter, "book-stale-after");
        Positive(BookCheckInterval, "book-check-interval");
        Positive(QualityWindow, "quality-window");
        Positive(FeedStaleAfter, "feed-stale-after");
        Positive(CatalogRetryInterval, "catalog-retry-interval");
        Positive(BreakerSamplingDuration, "breaker.sampling-duration");
        Positive(RestartMinBackoff, "restart-min-backoff");
        if (BookSnapshotEvery < 1)
        {
            errors.Add($"book-snapshot-every must be at least 1 (got {BookSnapshotEvery})");
        }

        if (BreakerFailureRatio is <= 0 or > 1)
        {
            errors.Add($"breaker.failure-ratio must be in (0, 1] (got {BreakerFailureRatio})");
        }

        if (BreakerMinimumThroughput < 2)
        {
            errors.Add($"breaker.minimum-throughput must be at least 2 (got {BreakerMinimumThroughput})");
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"breaker.sampling-duration must be at least 500ms (got {BreakerSamplingDuration})");
        }

        if (BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"breaker.break-duration must be at least 500ms (got {BreakerBreakDuration})");
        }

        if (RestartMaxBackoff < RestartMinBackoff)
        {
            errors.Add("restart-max-backoff must not be shorter than restart-min-backoff");
        }

        return errors;

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{key} must be positive (got {value})");
            }
        }
    }

    /// <summary>Throws with every problem listed when the settings are invalid.</summary>
    public MarketsSettings EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException("Invalid kalshi-actors.markets settings: " + string.Join("; ", errors));
    }
}
