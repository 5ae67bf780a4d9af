using System.Text.Json.Serialization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Risk;

/// <summary>The manifests the risk module owns: its decisions, trading-state transitions and the guardian's private events.</summary>
public static class RiskEvents
{
    /// <summary>Registers every risk manifest (call once per registry).</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var json = RiskJsonContext.Default;
        return registry
            .Register("IntentApproved.v1", json.IntentApproved)
            .Register("IntentRejected.v1", json.IntentRejected)
            .Register("TradingStateChanged.v1", json.TradingStateChanged)
            .Register("KillSwitchActivated.v1", json.KillSwitchActivated)
            .Register("RiskHaltReset.v1", json.RiskHaltReset)
            .Register("DrawdownBreakerTripped.v1", json.DrawdownBreakerTripped)
            .Register("TradingDayStarted.v1", json.TradingDayStarted)
            .Register("DailyLossLimitHit.v1", json.DailyLossLimitHit)
            .Register("MarketBlocked.v1", json.MarketBlocked)
            .Register("MarketUnblocked.v1", json.MarketUnblocked)
            .Register("IntentReleased.v1", json.IntentReleased)
            .Register("RiskGuardianSnapshot.v1", json.RiskGuardianSnapshot);
    }
}

/// <summary>An operator switched the kill switch on: resting orders are canceled and nothing trades until a reset.</summary>
internal sealed record KillSwitchActivated(string Reason, string Operator, DateTimeOffset At);

/// <summary>
/// An operator cleared the kill switch and the drawdown breaker. <see cref="EquityAtReset"/> is where the breaker measures
/// drawdown from afterwards, so an account still below its old peak is not tripped again at once.
/// </summary>
internal sealed record RiskHaltReset(string Reason, string Operator, Money EquityAtReset, DateTimeOffset At);

/// <summary>Equity fell <see cref="DrawdownPercent"/> below <see cref="PeakEquity"/>: the breaker tripped and stays so until reset.</summary>
internal sealed record DrawdownBreakerTripped(Money Equity, Money PeakEquity, string DrawdownPercent, DateTimeOffset At);

/// <summary>A trading day began (day boundary from settings) with this equity, the base the day's loss is measured from.</summary>
internal sealed record TradingDayStarted(DateOnly Day, Money StartEquity, DateTimeOffset At);

/// <summary>The day's loss reached the limit; the daily-loss action holds until the next day starts.</summary>
internal sealed record DailyLossLimitHit(DateOnly Day, Money Loss, Money Limit, DateTimeOffset At);

/// <summary>An order's outcome became unknown: no new intents in the market until it is reconciled.</summary>
internal sealed record MarketBlocked(MarketTicker Ticker, ClientOrderId ClientOrderId, string Reason, DateTimeOffset At);

/// <summary>The unknown order was reconciled.</summary>
internal sealed record MarketUnblocked(MarketTicker Ticker, ClientOrderId ClientOrderId, DateTimeOffset At);

/// <summary>An approved intent stopped counting as pending exposure (its order was seen, or it timed out).</summary>
internal sealed record IntentReleased(IntentId IntentId, string Why, DateTimeOffset At);

/// <summary>An intent approved and not yet seen as an order, with the leg and size its exposure is counted at.</summary>
internal sealed record PendingIntent(OrderIntent Intent, DateTimeOffset ApprovedAt);

/// <summary>Why the account is in its trading state: the flags that the state is derived from.</summary>
internal sealed record RiskGuardianSnapshot(
    TradingState State,
    string StateReason,
    bool KillSwitch,
    string? KillSwitchReason,
    bool DrawdownBreakerTripped,
    Money? BreakerBaseEquity,
    DateOnly? TradingDay,
    Money? DayStartEquity,
    DateOnly? DailyLossDay,
    IReadOnlyList<MarketBlocked> BlockedMarkets,
    IReadOnlyList<PendingIntent> PendingIntents);

/// <summary>Source-generated JSON contracts of the risk module's events (enums as names, so journals stay readable).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IntentApproved))]
[JsonSerializable(typeof(IntentRejected))]
[JsonSerializable(typeof(TradingStateChanged))]
[JsonSerializable(typeof(KillSwitchActivated))]
[JsonSerializable(typeof(RiskHaltReset))]
[JsonSerializable(typeof(DrawdownBreakerTripped))]
[JsonSerializable(typeof(TradingDayStarted))]
[JsonSerializable(typeof(DailyLossLimitHit))]
[JsonSerializable(typeof(MarketBlocked))]
[JsonSerializable(typeof(MarketUnblocked))]
[JsonSerializable(typeof(IntentReleased))]
[JsonSerializable(typeof(RiskGuardianSnapshot))]
internal sealed partial class RiskJsonContext : JsonSerializerContext
{
}
