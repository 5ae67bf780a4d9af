using KalshiActors.Domain;

namespace KalshiActors.Execution;

/// <summary>Where the routers' orders go.</summary>
public enum ExecutionMode
{
    /// <summary>To the exchange (or the simulator) through the exchange client.</summary>
    Live,

    /// <summary>To the in-process paper model, which fills against the live book; nothing leaves the process.</summary>
    Paper,
}

/// <summary>When a router stores an order relative to sending it.</summary>
public enum OrderJournaling
{
    /// <summary>
    /// Store <c>OrderSubmitted</c>, then send: a crash can never leave an order at the exchange that the journal lacks,
    /// and every order waits for one journal commit before it leaves.
    /// </summary>
    WriteAhead,

    /// <summary>
    /// Send, and store <c>OrderSubmitted</c> alongside: the order does not wait for a commit. A crash (or a failed write)
    /// between the two can leave an order at the exchange that the journal lacks; the router adopts such orders when it
    /// next reconciles (see <see cref="ExecutionSettings.AdoptionWindow"/>).
    /// </summary>
    WriteBehind,
}

/// <summary>`kalshi-actors.execution`: order routing, maker quoting, timeouts, retries and the exchange breaker.</summary>
public sealed record ExecutionSettings
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.execution";

    /// <summary>Live (exchange or simulator) or paper.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Live;

    /// <summary>Whether an order is stored before it is sent (the default) or sent before its write commits.</summary>
    public OrderJournaling OrderJournaling { get; init; } = OrderJournaling.WriteAhead;

    /// <summary>
    /// Write-behind only: how far back a router's start-up reconciliation looks for orders in its market that the journal
    /// lacks (never before its own last stored event). Orders created earlier are reported, not adopted.
    /// </summary>
    public TimeSpan AdoptionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a router remembers an order after it closed: a late fill or update of it within this is still attributed
    /// (and a duplicate refused); after it the order, its exchange ids and trade ids are forgotten. Its intent id is kept.
    /// </summary>
    public TimeSpan ClosedOrderRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Maker orders quote one tick better than the best price when the spread allows it (otherwise join the best).</summary>
    public bool MakerImproveByOneTick { get; init; } = true;

    /// <summary>A resting maker order is re-quoted once the price it should have differs from its own by at least this much.</summary>
    public Price RequoteThreshold { get; init; } = Price.FromCents(1);

    /// <summary>Cancel resting maker orders when their book goes stale (nothing may rest on prices nobody can see).</summary>
    public bool CancelOnStale { get; init; } = true;

    /// <summary>Cancel every resting order when the node shuts down gracefully.</summary>
    public bool CancelOnShutdown { get; init; } = true;

    /// <summary>How long one exchange call may take before its outcome counts as unknown.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of idempotent reads (order look-ups, fills, positions) after a transient failure.</summary>
    public int ReadRetries { get; init; } = 2;

    /// <summary>First delay between read retries (doubling, with jitter).</summary>
    public TimeSpan ReadRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Delay before a failed reconciliation (start-up or unknown outcome) is tried again.</summary>
    public TimeSpan ReconcileRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of failed calls within <see cref="BreakerSamplingDuration"/> that opens the exchange breaker.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed within the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    /// <summary>Window over which the failure ratio is measured.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before a trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Every problem with these values (empty when valid), one line each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RequoteThreshold.Units <= 0)
        {
            problems.Add($"requote-threshold: {RequoteThreshold} must be positive");
        }

        Positive(problems, "call-timeout", CallTimeout);
        Positive(problems, "reconcile-retry-delay", ReconcileRetryDelay);
        Positive(problems, "write-behind.adoption-window", AdoptionWindow);
        if (ClosedOrderRetention < TimeSpan.FromMinutes(1))
        {
            problems.Add($"closed-order-retention: {ClosedOrderRetention} must be at least 1m (late fills and duplicate reports arrive for seconds after an order closes)");
        }

        Positive(problems, "breaker.sampling-duration", BreakerSamplingDuration);
        if (BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"breaker.break-duration: {BreakerBreakDuration} must be at least 500ms (Polly's minimum)");
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"breaker.sampling-duration: {BreakerSamplingDuration} must be at least 500ms (Polly's minimum)");
        }

        if (ReadRetries is < 0 or > 20)
        {
            problems.Add($"read-retries: {ReadRetries} must be between 0 and 20");
        }

        if (ReadRetryDelay < TimeSpan.Zero)
        {
            problems.Add($"read-retry-delay: {ReadRetryDelay} must not be negative");
        }

        if (BreakerFailureRatio is <= 0 or > 1)
        {
            problems.Add($"breaker.failure-ratio: {BreakerFailureRatio} must be in (0, 1]");
        }

        if (BreakerMinimumThroughput < 2)
        {
            problems.Add($"breaker.minimum-throughput: {BreakerMinimumThroughput} must be at least 2");
        }

        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem at once.</summary>
    public ExecutionSettings Validated()
    {
        var problems = Validate();
        return problems.Count == 0
            ? this
            : throw new ArgumentException("Invalid execution settings: " + string.Join("; ", problems));
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{key}: {value} must be positive");
        }
    }
}
