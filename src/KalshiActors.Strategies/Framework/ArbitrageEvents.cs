using KalshiActors.Domain;
using KalshiActors.Strategies.Models;

namespace KalshiActors.Strategies.Framework;

/// <summary>One leg of an arbitrage set as sent: the intent and what it buys.</summary>
public sealed record ArbitrageLegSent(IntentId IntentId, MarketTicker Ticker, Side Side, Price Price, Quantity Count);

/// <summary>An arbitrage set was decided and its fill-or-kill legs sent (persisted by the arbitrage strategy).</summary>
/// <param name="ExpectedProfit">Profit of the whole set after estimated fees if every leg fills.</param>
public sealed record ArbitrageOpened(
    string StrategyId,
    string GroupId,
    ArbitrageKind Kind,
    EventTicker EventTicker,
    IReadOnlyList<ArbitrageLegSent> Legs,
    Money ExpectedProfit,
    double Return,
    double Confidence,
    double Score,
    DateTimeOffset At);

/// <summary>How an arbitrage set ended.</summary>
public enum ArbitrageOutcome
{
    /// <summary>Every leg filled: the set is held to settlement.</summary>
    Completed,

    /// <summary>A leg failed; the legs that filled were sold back and the loss booked.</summary>
    Unwound,

    /// <summary>No leg filled: nothing to unwind.</summary>
    Abandoned,
}

/// <summary>
/// An arbitrage set ended (persisted). <see cref="UnwindCost"/> is what unwinding cost: what the filled legs were bought
/// for plus their fees, less what selling them back brought after its fees (zero unless <see cref="ArbitrageOutcome.Unwound"/>).
/// </summary>
public sealed record ArbitrageClosed(string StrategyId, string GroupId, ArbitrageOutcome Outcome, Money UnwindCost, string Detail, DateTimeOffset At);
