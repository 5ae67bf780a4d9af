using KalshiActors.Domain;

namespace KalshiActors.Domain.Tests;

// Expected values are PROTOCOL.md section 9's table, computed by hand with exact rationals.
public sealed class FeeScheduleTests
{
    private static readonly SeriesFeeParameters General = SeriesFeeParameters.General;
    private static readonly SeriesFeeParameters WithMaker = new(FeeType.QuadraticWithMakerFees, 10_000);
    private static readonly SeriesFeeParameters Index = new(FeeType.Quadratic, 5_000);

    [Theory]
    [InlineData(1, 1, "0.01", "0.0007")]
    [InlineData(5, 1, "0.01", "0.0034")]
    [InlineData(25, 1, "0.02", "0.0132")]
    [InlineData(50, 1, "0.02", "0.0175")]
    [InlineData(99, 1, "0.01", "0.0007")]
    [InlineData(1, 100, "0.07", "0.0693")]
    [InlineData(5, 100, "0.34", "0.3325")]
    [InlineData(25, 100, "1.32", "1.3125")]
    [InlineData(50, 100, "1.75", "1.7500")]
    [InlineData(90, 100, "0.63", "0.6300")]
    public void TakerFee_matches_hand_computed_table(int cents, int contracts, string toCent, string toCentiCent)
    {
        var price = Price.FromCents(cents);
        var count = Quantity.FromContracts(contracts);
        Assert.Equal(Money.ParseDollars(toCent), FeeSchedule.TakerFee(General, price, count, FeeRounding.UpToCent));
        Assert.Equal(Money.ParseDollars(toCentiCent), FeeSchedule.TakerFee(General, price, count, FeeRounding.UpToCentiCent));
    }

    [Theory]
    [InlineData(1, 100, "0.02")]
    [InlineData(5, 100, "0.09")]
    [InlineData(10, 100, "0.16")]
    [InlineData(25, 100, "0.33")]
    [InlineData(50, 100, "0.44")]
    [InlineData(50, 1, "0.01")]
    public void MakerFee_on_maker_fee_series_is_quarter_coefficient(int cents, int contracts, string expected) =>
        Assert.Equal(Money.ParseDollars(expected), FeeSchedule.MakerFee(WithMaker, Price.FromCents(cents), Quantity.FromContracts(contracts), FeeRounding.UpToCent));

    [Theory]
    [InlineData(5, 100, "0.17")]
    [InlineData(25, 100, "0.66")]
    [InlineData(50, 100, "0.88")]
    public void TakerFee_index_series_multiplier_half_gives_0035(int cents, int contracts, string expected) =>
        Assert.Equal(Money.ParseDollars(expected), FeeSchedule.TakerFee(Index, Price.FromCents(cents), Quantity.FromContracts(contracts), FeeRounding.UpToCent));

    [Fact]
    public void MakerFee_combo_series_is_half_coefficient() =>
        Assert.Equal(
            Money.ParseDollars("0.88"),
            FeeSchedule.MakerFee(new SeriesFeeParameters(FeeType.QuadraticWithComboMakerFees, 10_000), Price.FromCents(50), Quantity.FromContracts(100), FeeRounding.UpToCent));

    [Fact]
    public void MakerFee_plain_quadratic_series_is_zero() =>
        Assert.Equal(Money.Zero, FeeSchedule.MakerFee(General, Price.FromCents(50), Quantity.FromContracts(100), FeeRounding.UpToCent));

    [Fact]
    public void TakerFee_fractional_count_and_subpenny_price_rounds_up_to_centicent()
    {
        // 0.07 × 2.5 × 0.4321 × 0.5679 = 0.042939... → $0.0430
        Assert.Equal(
            Money.ParseDollars("0.0430"),
            FeeSchedule.TakerFee(General, Price.ParseDollars("0.4321"), Quantity.Parse("2.50"), FeeRounding.UpToCentiCent));
    }

    [Fact]
    public void TakerFee_is_symmetric_between_legs() =>
        Assert.Equal(
            FeeSchedule.TakerFee(General, Price.ParseDollars("0.37"), Quantity.FromContracts(13), FeeRounding.UpToCentiCent),
            FeeSchedule.TakerFee(General, Price.ParseDollars("0.63"), Quantity.FromContracts(13), FeeRounding.UpToCentiCent));

    [Fact]
    public void Flat_fee_type_is_rejected_with_clear_error() =>
        Assert.Throws<UnsupportedFeeTypeException>(() =>
            FeeSchedule.TakerFee(new SeriesFeeParameters(FeeType.Flat, 10_000), Price.FromCents(50), Quantity.FromContracts(1), FeeRounding.UpToCent));
}
