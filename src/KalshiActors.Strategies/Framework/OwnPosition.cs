using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// A position the instance opened itself, built from its own fills: contracts of one leg, their average entry price
/// (rounded half up to $0.0001), the fees paid, when it was first entered and the market's close at that moment (the
/// time stop counts from them).
/// </summary>
public sealed record OwnPosition(
    MarketTicker Ticker,
    Side Side,
    Quantity Contracts,
    Price AverageEntry,
    Money Fees,
    DateTimeOffset EnteredAt,
    DateTimeOffset? CloseTimeAtEntry)
{
    /// <summary>The position after <paramref name="fill"/> (null when it is flat afterwards).</summary>
    public static OwnPosition? Apply(OwnPosition? position, StrategyFillRecorded fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (fill.Action == Domain.Action.Buy)
        {
            if (position is null || position.Side != fill.Side)
            {
                return new OwnPosition(fill.Ticker, fill.Side, fill.Count, fill.Price, fill.Fee, fill.At, fill.CloseTime);
            }

            var total = position.Contracts + fill.Count;
            var cost = (position.AverageEntry.Units * position.Contracts.Units) + (fill.Price.Units * fill.Count.Units);
            var average = total.Units <= 0 ? fill.Price : Price.FromUnits((cost + (total.Units / 2)) / total.Units);
            return position with { Contracts = total, AverageEntry = average, Fees = position.Fees + fill.Fee };
        }

        if (position is null || position.Side != fill.Side)
        {
            return position;
        }

        var left = position.Contracts - fill.Count;
        return left.Units <= 0 ? null : position with { Contracts = left, Fees = position.Fees + fill.Fee };
    }
}

/// <summary>One of the instance's own fills (persisted by the strategy actor, so its positions and exits survive a restart).</summary>
public sealed record StrategyFillRecorded(
    string StrategyId,
    string TradeId,
    MarketTicker Ticker,
    Side Side,
    Domain.Action Action,
    Price Price,
    Quantity Count,
    Money Fee,
    DateTimeOffset? CloseTime,
    DateTimeOffset At);
