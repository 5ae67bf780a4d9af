using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class PaperModeTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private SimulatedVenue _venue = null!;

    public async Task InitializeAsync() => _venue = await SimulatedVenue.StartAsync(_temp, TradingScenario.Simulator);

    public async Task DisposeAsync()
    {
        await _venue.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Paper_TradesOnTheSimulatorsMarketData_WithPaperFills_AndSendsNoOrder()
    {
        await using var node = await TradingScenario.StartAsync(_venue, Path.Combine(_temp.Path, "paper.db"), "kalshi-actors.mode = paper");

        Assert.Null(node.Exchange.Gateway);
        await TradingScenario.WaitForAsync(node, s => s.Fills >= 1, "a paper fill");
        await node.StopAsync("test");

        Assert.Empty(await _venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None));
        Assert.Empty(await _venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None));
    }
}
