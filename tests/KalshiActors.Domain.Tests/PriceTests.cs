using KalshiActors.Domain;

namespace KalshiActors.Domain.Tests;

public sealed class PriceTests
{
    [Theory]
    [InlineData("0.5600", 5600)]
    [InlineData("0.56", 5600)]
    [InlineData("0.5", 5000)]
    [InlineData("1", 10000)]
    [InlineData("1.0000", 10000)]
    [InlineData("0.0001", 1)]
    [InlineData("0.470", 4700)]
    [InlineData("0.000100", 1)]
    [InlineData("0", 0)]
    public void ParseDollars_valid_string_gives_exact_units(string text, long units) =>
        Assert.Equal(units, Price.ParseDollars(text).Units);

    [Theory]
    [InlineData("0.56001")]
    [InlineData("1.0001")]
    [InlineData("-0.10")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("0.")]
    [InlineData("1e-2")]
    [InlineData(" 0.5")]
    [InlineData("0,5")]
    public void ParseDollars_invalid_string_throws_naming_field_value_and_expectation(string text)
    {
        var error = Assert.Throws<InvalidFieldValueException>(() => Price.ParseDollars(text, "yes_bid_dollars"));
        Assert.Equal("yes_bid_dollars", error.Field);
        Assert.Equal(text, error.Value);
        Assert.Contains("dollar string", error.Expected, StringComparison.Ordinal);
        Assert.Contains("yes_bid_dollars", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCents_legacy_integer_matches_dollar_string()
    {
        Assert.Equal(Price.ParseDollars("0.47"), Price.FromCents(47));
        Assert.Throws<InvalidFieldValueException>(() => Price.FromCents(101));
    }

    [Theory]
    [InlineData(5600, "0.5600")]
    [InlineData(1, "0.0001")]
    [InlineData(10000, "1.0000")]
    [InlineData(0, "0.0000")]
    public void ToDollarString_formats_four_decimals(long units, string expected) =>
        Assert.Equal(expected, Price.FromUnits(units).ToDollarString());

    [Fact]
    public void Complement_gives_other_leg_price()
    {
        Assert.Equal(Price.ParseDollars("0.30"), Price.ParseDollars("0.70").Complement);
        Assert.Equal(Price.ParseDollars("0.9999"), Price.ParseDollars("0.0001").Complement);
    }

    [Fact]
    public void ParseDollars_round_trips_every_unit()
    {
        for (long units = 0; units <= Price.UnitsPerDollar; units++)
        {
            var price = Price.FromUnits(units);
            Assert.Equal(price, Price.ParseDollars(price.ToDollarString()));
        }
    }

    [Fact]
    public void ToCents_sub_cent_price_throws()
    {
        Assert.Equal(47, Price.ParseDollars("0.4700").ToCents());
        Assert.Throws<InvalidOperationException>(() => Price.ParseDollars("0.4705").ToCents());
    }
}

public sealed class QuantityAndMoneyTests
{
    [Theory]
    [InlineData("10.00", 1000)]
    [InlineData("10", 1000)]
    [InlineData("10.0", 1000)]
    [InlineData("-35.50", -3550)]
    [InlineData("0.01", 1)]
    public void Quantity_Parse_valid_string_gives_hundredths(string text, long units) =>
        Assert.Equal(units, Quantity.Parse(text).Units);

    [Fact]
    public void Quantity_Parse_third_decimal_rejected_with_field_name()
    {
        var error = Assert.Throws<InvalidFieldValueException>(() => Quantity.Parse("1.005", "count_fp"));
        Assert.Equal("count_fp", error.Field);
    }

    [Fact]
    public void Quantity_legacy_integer_and_format_agree()
    {
        Assert.Equal(Quantity.Parse("12.00"), Quantity.FromContracts(12));
        Assert.Equal("12.50", Quantity.Parse("12.5").ToFixedString());
        Assert.Equal("-0.50", Quantity.FromUnits(-50).ToFixedString());
    }

    [Fact]
    public void Money_parses_four_decimals_and_legacy_units()
    {
        Assert.Equal(123400, Money.ParseDollars("12.34").Units);
        Assert.Equal(Money.FromCents(1234), Money.ParseDollars("12.3400"));
        Assert.Equal("-0.0001", Money.FromUnits(-1).ToDollarString());
        Assert.Throws<InvalidFieldValueException>(() => Money.ParseDollars("0.123456"));
    }

    [Fact]
    public void PreciseMoney_keeps_six_decimals_and_converts_explicitly()
    {
        var precise = PreciseMoney.ParseDollars("0.123456");
        Assert.Equal(123456, precise.Micros);
        Assert.Equal("0.123456", precise.ToDollarString());
        Assert.False(precise.IsExactMoney);
        Assert.Throws<InvalidOperationException>(() => precise.ToMoney());
        Assert.Equal(1235, precise.ToMoneyRoundedUp().Units);
        Assert.Equal(1234, precise.ToMoneyRoundedDown().Units);
        Assert.Equal(Money.ParseDollars("1.5"), PreciseMoney.ParseDollars("1.500000").ToMoney());
    }
}

public sealed class IdentifierTests
{
    [Fact]
    public void MarketTicker_rejects_empty_and_whitespace()
    {
        Assert.Equal("KXBTC15M-26AUG132115-15", new MarketTicker("KXBTC15M-26AUG132115-15").Value);
        Assert.Throws<InvalidFieldValueException>(() => new MarketTicker(""));
        var error = Assert.Throws<InvalidFieldValueException>(() => new MarketTicker("A B"));
        Assert.Equal("market_ticker", error.Field);
    }

    [Fact]
    public void MarketTicker_equality_and_hash_follow_the_text()
    {
        // Distinct string instances: the cached hash must agree with the text, not the instance.
        var a = new MarketTicker(new string("KXBTC15M-26AUG132115-15".AsSpan()));
        var b = new MarketTicker(new string("KXBTC15M-26AUG132115-15".AsSpan()));
        var c = new MarketTicker("KXBTC15M-26AUG132115-16");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("KXBTC15M-26AUG132115-15".GetHashCode(StringComparison.Ordinal), a.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.Equal(default, default(MarketTicker));
        Assert.NotEqual(default, a);
        var set = new HashSet<MarketTicker> { a, b, c };
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void ClientOrderId_NewId_is_unique_and_valid()
    {
        Assert.NotEqual(ClientOrderId.NewId(), ClientOrderId.NewId());
        Assert.Throws<InvalidFieldValueException>(() => new ClientOrderId(new string('x', 129)));
    }

    [Theory]
    [InlineData(Side.Yes, Domain.Action.Buy, BookSide.Bid)]
    [InlineData(Side.No, Domain.Action.Sell, BookSide.Bid)]
    [InlineData(Side.No, Domain.Action.Buy, BookSide.Ask)]
    [InlineData(Side.Yes, Domain.Action.Sell, BookSide.Ask)]
    public void OrderDirection_maps_legacy_vocabulary_to_yes_book(Side side, Domain.Action action, BookSide expected) =>
        Assert.Equal(expected, OrderDirection.ToBookSide(side, action));

    [Fact]
    public void OrderDirection_no_price_becomes_complement() =>
        Assert.Equal(Price.ParseDollars("0.70"), OrderDirection.ToYesPrice(Side.No, Price.ParseDollars("0.30")));

    [Fact]
    public void FixedPoint_Format_writes_the_exact_decimal_with_the_decimals_that_lose_nothing()
    {
        var random = new Random(7);
        var values = new List<long> { 0, 1, -1, 9, -10, 50, -50, 123_456, long.MaxValue, long.MinValue + 1, long.MinValue };
        for (var i = 0; i < 2_000; i++)
        {
            values.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63));
        }

        foreach (var units in values)
        {
            foreach (var (scale, decimals) in new[] { (2, 2), (4, 4), (6, 6), (4, 2), (6, 4), (4, 0), (0, 0), (9, 9) })
            {
                var shown = decimals < scale && units % FixedPoint.Factor(scale - decimals) != 0 ? scale : decimals;
                var expected = ((decimal)units / FixedPoint.Factor(scale)).ToString("F" + shown, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected, FixedPoint.Format(units, scale, decimals));
            }
        }
    }
}
