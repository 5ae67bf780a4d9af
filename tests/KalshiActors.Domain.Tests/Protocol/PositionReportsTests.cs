using KalshiActors.Domain.Protocol;

namespace KalshiActors.Domain.Tests.Protocol;

public sealed class PositionReportsTests
{
    private static readonly PositionView A = View("KXA-1", Side.Yes, 5);
    private static readonly PositionView B = View("KXB-1", Side.No, -3);

    [Fact]
    public void A_report_of_the_last_views_and_new_views_of_the_same_legs_lines_up()
    {
        Assert.True(PositionReports.LinesUp([A, B], [A, B]));
        Assert.True(PositionReports.LinesUp([A, B], [A with { Contracts = Quantity.FromContracts(9), Mark = Price.FromCents(40) }, B]));
    }

    [Fact]
    public void A_report_with_other_markets_order_sides_or_flat_legs_does_not_line_up()
    {
        Assert.False(PositionReports.LinesUp([A, B], [A]));
        Assert.False(PositionReports.LinesUp([A, B], [B, A]));
        Assert.False(PositionReports.LinesUp([A, B], [A, View("KXC-1", Side.No, -3)]));
        Assert.False(PositionReports.LinesUp([A, B], [A with { Side = Side.No }, B]));
        Assert.False(PositionReports.LinesUp([A, B], [A with { Contracts = Quantity.Zero }, B]));
        Assert.False(PositionReports.LinesUp([A with { Contracts = Quantity.Zero }, B], [A, B]));
    }

    [Fact]
    public void The_same_list_does_not_line_up_since_it_may_have_changed_in_place()
    {
        PositionView[] report = [A, B];
        Assert.False(PositionReports.LinesUp(report, report));
    }

    private static PositionView View(string ticker, Side side, int contracts) =>
        new(new MarketTicker(ticker), null, side, Quantity.FromContracts(contracts), Money.Zero, Money.Zero, Money.Zero, null, Money.Zero);
}
