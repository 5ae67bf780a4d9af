namespace KalshiActors.Simulator.Matching;

/// <summary>The series fee types the exchange publishes (`Series.fee_type`).</summary>
internal enum FeeType
{
    /// <summary>Takers pay k x C x P x (1 - P); makers pay nothing.</summary>
    Quadratic,

    /// <summary>As quadratic, and makers pay a quarter of the taker coefficient.</summary>
    QuadraticWithMakerFees,

    /// <summary>As quadratic, and makers pay half of the taker coefficient (combos).</summary>
    QuadraticWithComboMakerFees,
}

/// <summary>
/// The exchange's trading fee: round_up(k x C x P x (1 - P)) to $0.0001 per fill (PROTOCOL.md section 9, 2026 rounding),
/// computed on integers only.
/// </summary>
/// <param name="FeeType">The series fee type.</param>
/// <param name="TakerNumerator">Taker coefficient numerator (k = 7/100 for general series).</param>
/// <param name="TakerDenominator">Taker coefficient denominator.</param>
internal sealed record FeeModel(FeeType FeeType, long TakerNumerator, long TakerDenominator)
{
    /// <summary>The general schedule: k = 0.07, no maker fee.</summary>
    public static FeeModel General { get; } = new(FeeType.Quadratic, 7, 100);

    /// <summary>Builds a model from the series fields (`fee_type`, `fee_multiplier` as an exact decimal scaling 0.07).</summary>
    public static FeeModel ForSeries(FeeType feeType, decimal feeMultiplier)
    {
        // An exact rational for the multiplier: decimals carry at most 28 fractional digits, settings use a few.
        var scaled = feeMultiplier;
        long denominator = 1;
        while (decimal.Truncate(scaled) != scaled && denominator < 1_000_000)
        {
            scaled *= 10;
            denominator *= 10;
        }

        return new FeeModel(feeType, 7 * (long)decimal.Truncate(scaled), 100 * denominator);
    }

    /// <summary>Fee for the taker of <paramref name="quantity"/> (1/100 contract) at YES <paramref name="price"/> (1/10,000 dollar), in micro-dollars.</summary>
    public long TakerFee(int price, long quantity) => Quadratic(price, quantity, TakerNumerator, TakerDenominator);

    /// <summary>Fee for the maker of the same fill, in micro-dollars (zero on series without maker fees).</summary>
    public long MakerFee(int price, long quantity) => FeeType switch
    {
        FeeType.QuadraticWithMakerFees => Quadratic(price, quantity, TakerNumerator, TakerDenominator * 4),
        FeeType.QuadraticWithComboMakerFees => Quadratic(price, quantity, TakerNumerator, TakerDenominator * 2),
        _ => 0,
    };

    /// <summary>ceil(num/den x C x P x (1-P)) to 1/10,000 dollar, returned in micro-dollars.</summary>
    /// <remarks>
    /// With C = q/100 and P = p/10,000, the fee in 1/10,000 dollar is num x q x p x (10,000 - p) / (den x 10^6);
    /// Int128 keeps the product exact for any size the exchange accepts.
    /// </remarks>
    internal static long Quadratic(int price, long quantity, long numerator, long denominator)
    {
        if (quantity <= 0 || price <= 0 || price >= Units.PriceScale)
        {
            return 0;
        }

        var dividend = (Int128)numerator * quantity * price * (Units.PriceScale - price);
        var divisor = (Int128)denominator * 1_000_000;
        var tenThousandths = (dividend + divisor - 1) / divisor;
        return (long)tenThousandths * 100;
    }
}
