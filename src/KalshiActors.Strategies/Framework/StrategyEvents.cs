using KalshiActors.Domain;

namespace KalshiActors.Strategies.Framework;

/// <summary>A strategy instance was turned on or off (persisted by its actor; a restart keeps the state).</summary>
public sealed record StrategyEnabledChanged(string StrategyId, bool Enabled, DateTimeOffset At);

/// <summary>
/// A strategy instance's runtime parameter overrides (persisted by its actor): the full set in force on top of the
/// configured values, so the last event alone says what applies after a restart.
/// </summary>
public sealed record StrategyParametersChanged(string StrategyId, IReadOnlyDictionary<string, string> Overrides, DateTimeOffset At);

/// <summary>How a sent intent ended from the strategy's point of view.</summary>
public enum IntentOutcome
{
    /// <summary>The risk guardian approved it.</summary>
    Approved,

    /// <summary>The risk guardian rejected it.</summary>
    Rejected,

    /// <summary>No answer came within the intent timeout; the market is free for a new intent.</summary>
    TimedOut,
}

/// <summary>A pending intent got its answer or timed out (persisted, so a restart knows which intents are still pending).</summary>
public sealed record StrategyIntentResolved(string StrategyId, IntentId IntentId, MarketTicker Ticker, IntentOutcome Outcome, string Detail, DateTimeOffset At);

/// <summary>
/// A market in which the instance raised buy signals settled (persisted by the strategy actor): its signals there become
/// calibration samples, so the learned table survives a restart.
/// </summary>
public sealed record StrategyOutcomeRecorded(string StrategyId, MarketTicker Ticker, Price SettlementValue, DateTimeOffset At);
