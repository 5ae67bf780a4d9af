using KalshiActors.Dashboard.Bridge;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Tests;

public sealed class DashboardBookFilterTests
{
    private static readonly MarketTicker A = new("KXA-26DEC05-1");
    private static readonly MarketTicker B = new("KXB-26DEC05-1");
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static BookUpdated Book(MarketTicker ticker, long sequence, double seconds, long midCents = 47) => new(
        ticker,
        sequence,
        new BookTop(Price.FromCents(45), Quantity.FromContracts(10), Price.FromCents(50), Quantity.FromContracts(7)),
        [new BookLevel(Price.FromCents(45), Quantity.FromContracts(10))],
        [new BookLevel(Price.FromCents(50), Quantity.FromContracts(7))],
        Price.FromCents(midCents),
        Price.FromCents(5),
        null,
        BookStatus.Live,
        Start.AddSeconds(seconds),
        null);

    [Fact]
    public void Without_clients_only_the_updates_that_make_a_chart_point_go_through()
    {
        var filter = new DashboardBookFilter(() => false, TimeSpan.FromSeconds(1));

        Assert.True(filter.Takes(Book(A, 1, 0)));
        Assert.False(filter.Takes(Book(A, 2, 0.2, midCents: 48)));
        Assert.False(filter.Takes(Book(A, 3, 1.5)));
        Assert.True(filter.Takes(Book(A, 4, 1.6, midCents: 48)));
        Assert.False(filter.Takes(Book(A, 5, 2.0, midCents: 49)));
        Assert.True(filter.Takes(Book(A, 6, 2.6, midCents: 49)));
        Assert.True(filter.Takes(Book(B, 1, 2.6)));
        Assert.False(filter.Takes(Book(B, 2, 9) with { Mid = null }));
    }

    [Fact]
    public void The_filter_and_the_bridge_take_points_by_one_rule()
    {
        var spacing = TimeSpan.FromSeconds(1);
        Assert.True(DashboardBookFilter.MakesPoint(null, false, Start, spacing));
        Assert.False(DashboardBookFilter.MakesPoint(Start, false, Start.AddSeconds(5), spacing));
        Assert.False(DashboardBookFilter.MakesPoint(Start, true, Start.AddSeconds(0.5), spacing));
        Assert.True(DashboardBookFilter.MakesPoint(Start, true, Start.AddSeconds(1), spacing));
    }

    [Fact]
    public void With_clients_every_update_goes_through_since_each_is_pushed()
    {
        var clients = false;
        var filter = new DashboardBookFilter(() => clients, TimeSpan.FromSeconds(1));
        Assert.True(filter.Takes(Book(A, 1, 0)));
        Assert.False(filter.Takes(Book(A, 2, 0.1)));

        clients = true;
        Assert.True(filter.Takes(Book(A, 3, 0.2)));
        Assert.True(filter.Takes(Book(A, 4, 0.3)));
    }

    [Fact]
    public void The_latest_book_of_each_market_is_kept_whether_or_not_it_went_through()
    {
        var filter = new DashboardBookFilter(() => false, TimeSpan.FromSeconds(1));
        filter.Takes(Book(A, 1, 0));
        filter.Takes(Book(B, 1, 0));
        Assert.False(filter.Takes(Book(A, 2, 0.5)));

        Assert.Equal(2, filter.Latest[A].Sequence);
        Assert.Equal(1, filter.Latest[B].Sequence);
    }
}
