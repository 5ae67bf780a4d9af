using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Domain.Tests;

public sealed class BookUpdatedTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Derived_prices_read_back_as_given_including_none_and_the_ends_of_the_range()
    {
        var top = new BookTop(Price.FromCents(40), Quantity.FromContracts(1), Price.FromCents(42), Quantity.FromContracts(2));
        var book = new BookUpdated(new MarketTicker("M"), 7, top, [], [], Price.Zero, null, Price.One, BookStatus.Live, At, null);

        Assert.Equal(Price.Zero, book.Mid);
        Assert.Null(book.Spread);
        Assert.Equal(Price.One, book.Microprice);

        var changed = book with { Mid = null, Spread = Price.FromUnits(200), Microprice = Price.FromUnits(4_123) };
        Assert.Null(changed.Mid);
        Assert.Equal(Price.FromUnits(200), changed.Spread);
        Assert.Equal(Price.FromUnits(4_123), changed.Microprice);

        var (_, _, _, _, _, mid, spread, microprice, _, _, _) = changed;
        Assert.Equal((null, Price.FromUnits(200), Price.FromUnits(4_123)), (mid, spread, microprice));
    }

    [Fact]
    public void Books_with_the_same_values_are_equal_and_a_different_derived_price_is_not()
    {
        var top = new BookTop(Price.FromCents(40), Quantity.FromContracts(1), Price.FromCents(42), Quantity.FromContracts(2));
        BookLevel[] yes = [new(Price.FromCents(40), Quantity.FromContracts(1))];
        BookUpdated Book(Price? mid) => new(new MarketTicker("M"), 7, top, yes, [], mid, Price.FromCents(2), null, BookStatus.Live, At, At);

        Assert.Equal(Book(Price.FromCents(41)), Book(Price.FromCents(41)));
        Assert.Equal(Book(Price.FromCents(41)).GetHashCode(), Book(Price.FromCents(41)).GetHashCode());
        Assert.NotEqual(Book(Price.FromCents(41)), Book(null));
        Assert.NotEqual(Book(Price.FromCents(41)), Book(Price.FromUnits(4_101)));
    }
}
