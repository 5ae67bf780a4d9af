namespace KalshiActors.Domain;

/// <summary>A series' fee structure as the exchange names it in <c>Series.fee_type</c>.</summary>
public enum FeeType
{
    /// <summary>General trading fee table: takers pay, makers do not.</summary>
    Quadratic,

    /// <summary>General table plus a maker fee at 1/4 of the taker coefficient.</summary>
    QuadraticWithMakerFees,

    /// <summary>General table plus a combo maker fee at 1/2 of the taker coefficient.</summary>
    QuadraticWithComboMakerFees,

    /// <summary>The specific (flat) fee table, whose values are not published in a machine-readable form.</summary>
    Flat,
}

/// <summary>How a fee-model result is rounded.</summary>
public enum FeeRounding
{
    /// <summary>Up to $0.0001, what the exchange charges per fill since 2026 (PROTOCOL.md section 9).</summary>
    UpToCentiCent,

    /// <summary>Up to the next cent: the pre-2026 rule and the one used for pre-trade estimates of a whole order.</summary>
    UpToCent,
}

/// <summary>
/// Fee parameters of one series: its <see cref="FeeType"/> and multiplier in 1/10,000 (10,000 = 1x).
/// The S&amp;P 500 / Nasdaq-100 index series (taker 0.035) are a multiplier of 5,000; the caller or configuration supplies it.
/// </summary>
public sealed record SeriesFeeParameters(FeeType FeeType, long MultiplierUnits)
{
    /// <summary>Units of the multiplier per 1x.</summary>
    public const long MultiplierUnitsPerOne = 10_000;

    /// <summary>The general table at 1x, the most common series setting.</summary>
    public static SeriesFeeParameters General { get; } = new(FeeType.Quadratic, MultiplierUnitsPerOne);
}

/// <summary>Thrown when a fee is asked for a structure whose values are not known (the flat table).</summary>
public sealed class UnsupportedFeeTypeException(FeeType feeType)
    : KalshiActorsException($"fee_type '{feeType}' has no published formula; configure a quadratic fee type for this series or leave it out of trading.")
{
    /// <summary>The fee type that was asked for.</summary>
    public FeeType FeeType { get; } = feeType;
}

/// <summary>
/// The exchange's trading fee: fee = round_up(k × multiplier × C × P × (1 − P)) with k = 0.07 for takers,
/// 0.0175 for makers on maker-fee series and 0.035 for combo maker fees (PROTOCOL.md section 9).
/// Computed in exact integer arithmetic; P(1 − P) is the same from either leg.
/// </summary>
public static class FeeSchedule
{
    // Units: count 1/100, price 1/10^4, multiplier 1/10^4, result 1/10^4 dollar, so the raw product is divided
    // by 100 × 10^4 × 10^4 × 10^4 and multiplied by 10^4: a denominator of 10^10 times the coefficient's.
    private static readonly UInt128 ScaleDenominator = (UInt128)10_000_000_000UL;

    /// <summary>The fee a taker pays for a fill of <paramref name="count"/> contracts at <paramref name="price"/>.</summary>
    public static Money TakerFee(SeriesFeeParameters series, Price price, Quantity count, FeeRounding rounding)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.FeeType == FeeType.Flat
            ? throw new UnsupportedFeeTypeException(series.FeeType)
            : Compute(7, 100, series.MultiplierUnits, price, count, rounding);
    }

    /// <summary>The fee a maker pays for a fill; zero on series without maker fees.</summary>
    public static Money MakerFee(SeriesFeeParameters series, Price price, Quantity count, FeeRounding rounding)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.FeeType switch
        {
            FeeType.Quadratic => Money.Zero,
            FeeType.QuadraticWithMakerFees => Compute(7, 400, series.MultiplierUnits, price, count, rounding),
            FeeType.QuadraticWithComboMakerFees => Compute(7, 200, series.MultiplierUnits, price, count, rounding),
            _ => throw new UnsupportedFeeTypeException(series.FeeType),
        };
    }

    /// <summary>The fee for a fill on the given liquidity side.</summary>
    public static Money Fee(SeriesFeeParameters series, bool isTaker, Price price, Quantity count, FeeRounding rounding) =>
        isTaker ? TakerFee(series, price, count, rounding) : MakerFee(series, price, count, rounding);

    private static Money Compute(ulong coefficientNumerator, ulong coefficientDenominator, long multiplierUnits, Price price, Quantity count, FeeRounding rounding)
    {
        if (count.Units < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "a fill count is never negative");
        }

        if (multiplierUnits < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplierUnits), multiplierUnits, "a fee multiplier is never negative");
        }

        var numerator = (UInt128)coefficientNumerator * (ulong)multiplierUnits * (ulong)count.Units
            * (ulong)price.Units * (ulong)(Price.UnitsPerDollar - price.Units);
        var denominator = coefficientDenominator * ScaleDenominator;
        if (rounding == FeeRounding.UpToCent)
        {
            denominator *= 100;
        }

        var rounded = (numerator + denominator - 1) / denominator;
        var units = rounding == FeeRounding.UpToCent ? rounded * 100 : rounded;
        return Money.FromUnits((long)units);
    }
}
