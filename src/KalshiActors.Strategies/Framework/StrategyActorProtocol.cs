using KalshiActors.Domain;

namespace KalshiActors.Strategies.Framework;

/// <summary>Asks a strategy actor (or, with an id, the supervisor) for its state; the reply is <see cref="StrategyStatus"/>.</summary>
public sealed record GetStrategyStatus(string StrategyId);

/// <summary>A strategy instance's state: whether it trades, the parameters in force and what it is waiting for.</summary>
/// <param name="Overrides">Runtime parameter overrides on top of the configured values.</param>
/// <param name="PendingIntents">Intents sent and not yet answered, by market.</param>
public sealed record StrategyStatus(
    string StrategyId,
    string Kind,
    bool Enabled,
    IReadOnlyDictionary<string, string> Overrides,
    long SignalsRaised,
    IReadOnlyDictionary<MarketTicker, IntentId> PendingIntents);

/// <summary>The timer message: an intent got no answer in time.</summary>
internal sealed record IntentTimedOut(IntentId IntentId, MarketTicker Ticker);

/// <summary>The timer message: ask the catalog and the portfolio again for what has not arrived.</summary>
internal sealed record RequestStartupState
{
    public static RequestStartupState Instance { get; } = new();
}
