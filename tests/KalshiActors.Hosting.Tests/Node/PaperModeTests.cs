using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class PaperModeTests : SimulatedVenueTests
{
    [Fact]
    public async Task Paper_TradesOnTheSimulatorsMarketData_WithPaperFills_AndSendsNoOrder()
    {
        await using var node = await TradingScenario.StartAsync(Venue, Path.Combine(Temp.Path, "paper.db"), "kalshi-actors.mode = paper");

        Assert.Null(node.Exchange.Gateway);
        await TradingScenario.WaitForAsync(node, s => s.Fills >= 1, "a paper fill");
        await node.StopAsync("test");

        Assert.Empty(await Venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None));
        Assert.Empty(await Venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None));
    }
}
