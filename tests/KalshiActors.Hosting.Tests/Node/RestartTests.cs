using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class RestartTests : IAsyncLifetime
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
    public async Task StopAndRestart_OnTheSameJournal_SameDigest_NoDuplicateOrderAtTheSimulator_NoFillLost()
    {
        var journalPath = Path.Combine(_temp.Path, "restart.db");
        var first = await TradingScenario.StartAsync(_venue, journalPath);
        await TradingScenario.WaitForAsync(first, s => s.Fills >= 2, "two fills in the first session");
        var stopped = await first.StopAsync("first session over");

        var second = await TradingScenario.StartAsync(_venue, journalPath);
        await using (second)
        {
            Assert.Equal(stopped.Digest, second.StartDigest);
            await TradingScenario.WaitForAsync(second, s => s.Fills >= 1, "a fill in the second session");
            await second.StopAsync("second session over");
        }

        var orders = await _venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None);
        var duplicates = orders.Where(o => o.ClientOrderId is not null).GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        var exchangeFills = await _venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None);
        var journaled = TradingScenario.FillTradeIds(await TradingScenario.ReadJournalAsync(journalPath)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(exchangeFills);
        Assert.All(exchangeFills, fill => Assert.Contains(fill.TradeId, journaled));
        Assert.Equal(journaled.Count, TradingScenario.FillTradeIds(await TradingScenario.ReadJournalAsync(journalPath)).Count);
    }
}
