using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk;

/// <summary>
/// One holding or would-be holding of a leg: contracts that pay $1 each if <see cref="Side"/> wins, bought for
/// <see cref="Cost"/> (price × count + fee). Positions, resting buy orders and approved intents all become legs.
/// </summary>
internal readonly record struct ExposureLeg(MarketTicker Ticker, EventTicker? EventTicker, Side Side, Quantity Contracts, Money Cost);

/// <summary>What the guardian knows of a market from the catalog.</summary>
internal sealed record MarketFacts(EventTicker EventTicker, string Category, bool MutuallyExclusive, SeriesFeeParameters Fees, MarketState State);

/// <summary>An order resting (or about to rest) at the exchange, as far as its lifecycle events tell.</summary>
internal sealed record RestingOrder(IntentId IntentId, MarketTicker Ticker, EventTicker EventTicker, Side Side, Action Action, Price LimitPrice, Quantity Remaining, ExecutionStyle Style);

/// <summary>
/// Worst-case exposure arithmetic over positions, resting orders and approved intents. A market's worst case is the worse
/// of its two outcomes; a mutually exclusive event's is its worst single outcome (one market YES, the rest NO, or none
/// YES); any other event is the sum of its markets' worst cases. Costs round up, payouts are exact, so every figure errs
/// towards more exposure.
/// </summary>
internal static class ExposureBook
{
    /// <summary>The category of markets the catalog has not described.</summary>
    public const string UnknownCategory = "unknown";

    /// <summary>Price × count, rounded up to $0.0001.</summary>
    public static Money Notional(Price price, Quantity count)
    {
        var raw = (Int128)price.Units * count.Units;
        var units = (raw + Quantity.UnitsPerContract - 1) / Quantity.UnitsPerContract;
        return Money.FromUnits((long)units);
    }

    /// <summary>The fee a fill of the whole order would cost, rounded up to the cent as pre-trade estimates are.</summary>
    public static Money EstimatedFee(SeriesFeeParameters fees, ExecutionStyle style, Price price, Quantity count)
    {
        // A flat-fee series has no published formula; the general taker fee is the estimate rather than no fee at all.
        var series = fees.FeeType == FeeType.Flat ? SeriesFeeParameters.General : fees;
        return FeeSchedule.Fee(series, style != ExecutionStyle.Maker, price, count, FeeRounding.UpToCent);
    }

    /// <summary>
    /// The leg an order would add, or null when it only disposes of held contracts. Selling a leg not held is, on the
    /// exchange, buying the other leg at the complement price.
    /// </summary>
    public static ExposureLeg? LegOf(
        MarketTicker ticker, EventTicker? eventTicker, Side side, Action action, Price price, Quantity count, ExecutionStyle style, SeriesFeeParameters fees, Quantity held)
    {
        if (action == Action.Buy)
        {
            return new ExposureLeg(ticker, eventTicker, side, count, Notional(price, count) + EstimatedFee(fees, style, price, count));
        }

        var opening = count - (held > Quantity.Zero ? held : Quantity.Zero);
        if (opening <= Quantity.Zero)
        {
            return null;
        }

        var other = side == Side.Yes ? Side.No : Side.Yes;
        var otherPrice = price.Complement;
        return new ExposureLeg(ticker, eventTicker, other, opening, Notional(otherPrice, opening) + EstimatedFee(fees, style, otherPrice, opening));
    }

    /// <summary>Worst-case loss of one market's legs (zero when every outcome is a gain).</summary>
    public static Money MarketWorstCase(IEnumerable<ExposureLeg> legs) =>
        Money.FromUnits(legs.Aggregate(default(ExposureLedger.LegSums), (sums, leg) => sums.Add(leg)).WorstCase);

    /// <summary>Worst-case loss of one event's legs.</summary>
    public static Money EventWorstCase(IReadOnlyCollection<ExposureLeg> legs, bool mutuallyExclusive) =>
        Money.FromUnits(ExposureLedger.WorstCaseOf(
            legs.GroupBy(l => l.Ticker).Select(g => g.Aggregate(default(ExposureLedger.LegSums), (sums, leg) => sums.Add(leg))).ToList(),
            mutuallyExclusive));

    /// <summary>The loss fraction of equity as a money limit, rounded down.</summary>
    public static Money Limit(Money equity, decimal fraction) =>
        equity.Units <= 0 ? Money.Zero : Money.FromUnits((long)decimal.Floor(equity.Units * fraction));
}
