namespace KalshiActors.Strategies.Models;

/// <summary>
/// The part of a fixed-length period (e.g. a 15-minute up/down window) in which a strategy may trade: from
/// <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) after the period opened. Early on the strike is barely
/// informative and the volatility estimate dominates; late, the book is thin and fees dominate the remaining edge.
/// </summary>
public sealed record TradingWindow(TimeSpan Period, TimeSpan From, TimeSpan To)
{
    /// <summary>When a market's period opened: its open time when known, else its close minus the period.</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset? openTime, DateTimeOffset closeTime) => openTime ?? (closeTime - Period);

    /// <summary>Whether <paramref name="now"/> lies inside the window of the period that closes at <paramref name="closeTime"/>.</summary>
    public bool Contains(DateTimeOffset? openTime, DateTimeOffset closeTime, DateTimeOffset now)
    {
        var elapsed = now - PeriodStart(openTime, closeTime);
        return elapsed >= From && elapsed < To && now < closeTime;
    }
}
