using KalshiActors.Domain;

namespace KalshiActors.Domain.Tests;

public sealed class TickStructureTests
{
    private static Price P(string dollars) => Price.ParseDollars(dollars);

    // tapered_deci_cent: $0.001 below $0.10 and above $0.90, $0.01 between.
    private static readonly TickStructure Tapered = new(
    [
        new PriceRange(P("0.90"), P("1.00"), P("0.001")),
        new PriceRange(P("0"), P("0.10"), P("0.001")),
        new PriceRange(P("0.10"), P("0.90"), P("0.01")),
    ]);

    [Theory]
    [InlineData("0.055", true)]
    [InlineData("0.5", true)]
    [InlineData("0.505", false)]
    [InlineData("0.955", true)]
    [InlineData("0.0555", false)]
    [InlineData("0.10", true)]
    public void IsValid_follows_band_steps(string price, bool valid) =>
        Assert.Equal(valid, Tapered.IsValid(P(price)));

    [Theory]
    [InlineData("0.5057", "0.5000", "0.5100")]
    [InlineData("0.0555", "0.0550", "0.0560")]
    [InlineData("0.8999", "0.8900", "0.9000")]
    [InlineData("0.0999", "0.0990", "0.1000")]
    [InlineData("0.4700", "0.4700", "0.4700")]
    public void Snap_moves_onto_grid_in_requested_direction(string price, string down, string up)
    {
        Assert.Equal(P(down), Tapered.Snap(P(price), SnapDirection.Down));
        Assert.Equal(P(up), Tapered.Snap(P(price), SnapDirection.Up));
    }

    [Fact]
    public void Snap_outside_all_bands_returns_null()
    {
        var middle = new TickStructure([new PriceRange(P("0.10"), P("0.90"), P("0.01"))]);
        Assert.Null(middle.Snap(P("0.05"), SnapDirection.Down));
        Assert.Null(middle.Snap(P("0.95"), SnapDirection.Up));
        Assert.Equal(P("0.10"), middle.Snap(P("0.05"), SnapDirection.Up));
    }

    [Fact]
    public void PriceRange_step_not_dividing_band_is_rejected() =>
        Assert.Throws<InvalidFieldValueException>(() => new PriceRange(P("0"), P("0.10"), P("0.03")));
}
