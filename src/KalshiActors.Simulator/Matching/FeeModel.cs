using KalshiActors.Domain;

namespace KalshiActors.Simulator.Matching;

/// <summary>
/// The trading fee of one market's series, charged per fill by Domain's <see cref="FeeSchedule"/> with the exchange's
/// 2026 rounding (up to $0.0001 per fill), returned in the ledger's micro-dollars.
/// </summary>
/// <param name="Series">The series' fee type and multiplier.</param>
internal sealed record FeeModel(SeriesFeeParameters Series)
{
    /// <summary>The general schedule: k = 0.07, no maker fee.</summary>
    public static FeeModel General { get; } = new(SeriesFeeParameters.General);

    /// <summary>Builds a model from the series fields (`fee_type`, `fee_multiplier` as an exact decimal scaling 0.07).</summary>
    public static FeeModel ForSeries(FeeType feeType, decimal feeMultiplier) =>
        new(new SeriesFeeParameters(feeType, (long)decimal.Round(feeMultiplier * SeriesFeeParameters.MultiplierUnitsPerOne)));

    /// <summary>Fee for the taker of <paramref name="quantity"/> (1/100 contract) at YES <paramref name="price"/> (1/10,000 dollar), in micro-dollars.</summary>
    public long TakerFee(int price, long quantity) =>
        FeeSchedule.TakerFee(Series, Price.FromUnits(price), Quantity.FromUnits(quantity), FeeRounding.UpToCentiCent).Units * MicrosPerMoneyUnit;

    /// <summary>Fee for the maker of the same fill, in micro-dollars (zero on series without maker fees).</summary>
    public long MakerFee(int price, long quantity) =>
        FeeSchedule.MakerFee(Series, Price.FromUnits(price), Quantity.FromUnits(quantity), FeeRounding.UpToCentiCent).Units * MicrosPerMoneyUnit;

    // Domain Money is 1/10,000 dollar; the ledger books 1/1,000,000.
    private const long MicrosPerMoneyUnit = 100;
}
