using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk;

/// <summary>
/// `kalshi-actors.risk`: the risk guardian's limits. Fractions are of portfolio equity (0.10 = 10 %); money is in dollars.
/// Every check runs unless named in <see cref="DisabledChecks"/>.
/// </summary>
public sealed record RiskSettings
{
    /// <summary>Limits for a small account (a few hundred to a few thousand dollars).</summary>
    public static RiskSettings Default { get; } = new();

    /// <summary>Checks that are switched off (an empty set runs them all).</summary>
    public IReadOnlySet<RiskCheck> DisabledChecks { get; init; } = new HashSet<RiskCheck>();

    /// <summary>Most contracts one order may ask for.</summary>
    public Quantity MaxContractsPerOrder { get; init; } = Quantity.FromContracts(100);

    /// <summary>Most one order may cost (limit price × count + estimated fee).</summary>
    public Money MaxDollarsPerOrder { get; init; } = Money.FromDollars(50);

    /// <summary>Worst-case loss allowed in one market, as a fraction of equity.</summary>
    public decimal MaxMarketExposureFraction { get; init; } = 0.10m;

    /// <summary>Worst-case loss allowed in one event (worst outcome of a mutually exclusive event), as a fraction of equity.</summary>
    public decimal MaxEventExposureFraction { get; init; } = 0.20m;

    /// <summary>Worst-case loss allowed across the events of one category, as a fraction of equity.</summary>
    public decimal MaxCategoryExposureFraction { get; init; } = 0.40m;

    /// <summary>Worst-case loss allowed across every event, as a fraction of equity.</summary>
    public decimal MaxTotalExposureFraction { get; init; } = 0.60m;

    /// <summary>Absolute cap on worst-case loss across every event beside the equity fraction (a cluster node's leased budget); null = none.</summary>
    public Money? MaxTotalExposure { get; init; }

    /// <summary>Most markets with a position, a resting order or an approved intent at once.</summary>
    public int MaxConcurrentPositions { get; init; } = 20;

    /// <summary>Loss since the start of the trading day at which the daily-loss action is taken.</summary>
    public Money DailyLossLimit { get; init; } = Money.FromDollars(50);

    /// <summary>State entered when the daily loss limit is hit (lifted at the next day boundary).</summary>
    public TradingState DailyLossAction { get; init; } = TradingState.Reducing;

    /// <summary>Time after UTC midnight at which a trading day starts (e.g. 4h for midnight New York in summer).</summary>
    public TimeSpan DayStartUtc { get; init; } = TimeSpan.Zero;

    /// <summary>Drawdown from peak equity (fraction) at which the breaker trips; it stays tripped until <see cref="ResetRiskHalt"/>.</summary>
    public decimal DrawdownBreakerFraction { get; init; } = 0.15m;

    /// <summary>State entered while the drawdown breaker is tripped.</summary>
    public TradingState DrawdownAction { get; init; } = TradingState.Halted;

    /// <summary>Buying at or above this price is refused outside an arbitrage.</summary>
    public Price MaxBuyPrice { get; init; } = Price.FromCents(99);

    /// <summary>Selling at or below this price is refused outside an arbitrage.</summary>
    public Price MinSellPrice { get; init; } = Price.FromCents(1);

    /// <summary>Length of the sliding window the exchange error rate is measured over.</summary>
    public TimeSpan ErrorRateWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Error fraction of the calls in the window at which new intents are refused.</summary>
    public decimal MaxErrorRate { get; init; } = 0.5m;

    /// <summary>Calls the window must hold before the error rate is judged (one failed call is not a trend).</summary>
    public int ErrorRateMinCalls { get; init; } = 10;

    /// <summary>How long an approved intent counts as exposure while no order for it has been seen.</summary>
    public TimeSpan PendingIntentTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A snapshot is saved after this many journaled events.</summary>
    public int SnapshotEvery { get; init; } = 500;

    /// <summary>Whether a check runs.</summary>
    public bool IsEnabled(RiskCheck check) => !DisabledChecks.Contains(check);

    /// <summary>Every problem with these settings (empty when valid), each naming the HOCON key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxContractsPerOrder.Units <= 0)
        {
            problems.Add("max-contracts-per-order must be positive");
        }

        if (MaxDollarsPerOrder.Units <= 0)
        {
            problems.Add("max-dollars-per-order must be positive");
        }

        Fraction(problems, "max-market-exposure", MaxMarketExposureFraction, allowAboveOne: true);
        Fraction(problems, "max-event-exposure", MaxEventExposureFraction, allowAboveOne: true);
        Fraction(problems, "max-category-exposure", MaxCategoryExposureFraction, allowAboveOne: true);
        Fraction(problems, "max-total-exposure", MaxTotalExposureFraction, allowAboveOne: true);
        Fraction(problems, "drawdown-breaker", DrawdownBreakerFraction, allowAboveOne: false);
        Fraction(problems, "max-error-rate", MaxErrorRate, allowAboveOne: false);
        if (MaxConcurrentPositions < 1)
        {
            problems.Add("max-concurrent-positions must be at least 1");
        }

        if (DailyLossLimit.Units <= 0)
        {
            problems.Add("daily-loss-limit must be positive");
        }

        if (DailyLossAction == TradingState.Active || DrawdownAction == TradingState.Active)
        {
            problems.Add("daily-loss-action and drawdown-action must be reducing or halted");
        }

        if (DayStartUtc < TimeSpan.Zero || DayStartUtc >= TimeSpan.FromDays(1))
        {
            problems.Add("day-start-utc must be within one day (0h to 23h59m)");
        }

        if (MinSellPrice >= MaxBuyPrice)
        {
            problems.Add("min-sell-price must be below max-buy-price");
        }

        if (ErrorRateWindow <= TimeSpan.Zero || PendingIntentTimeout <= TimeSpan.Zero)
        {
            problems.Add("error-rate-window and pending-intent-timeout must be positive");
        }

        if (ErrorRateMinCalls < 1 || SnapshotEvery < 1)
        {
            problems.Add("error-rate-min-calls and snapshot-every must be at least 1");
        }

        return problems;
    }

    /// <summary>These settings, or an <see cref="ArgumentException"/> listing every problem.</summary>
    public RiskSettings Validated()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new ArgumentException("Invalid risk settings: " + string.Join("; ", problems));
    }

    private static void Fraction(List<string> problems, string key, decimal value, bool allowAboveOne)
    {
        if (value <= 0 || (!allowAboveOne && value > 1))
        {
            problems.Add(allowAboveOne ? $"{key} must be a positive fraction of equity" : $"{key} must be a fraction in (0, 1]");
        }
    }
}
