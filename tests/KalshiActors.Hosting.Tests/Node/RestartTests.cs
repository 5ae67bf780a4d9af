using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class RestartTests : SimulatedVenueTests
{
    [Fact]
    public async Task StopAndRestart_OnTheSameJournal_SameDigest_NoDuplicateOrderAtTheSimulator_NoFillLost()
    {
        var journalPath = Path.Combine(Temp.Path, "restart.db");
        var first = await TradingScenario.StartAsync(Venue, journalPath);
        await TradingScenario.WaitForAsync(first, s => s.Fills >= 2, "two fills in the first session");
        var stopped = await first.StopAsync("first session over");

        var second = await TradingScenario.StartAsync(Venue, journalPath);
        await using (second)
        {
            Assert.Equal(stopped.Digest, second.StartDigest);
            await TradingScenario.WaitForAsync(second, s => s.Fills >= 1, "a fill in the second session");
            await second.StopAsync("second session over");
        }

        var orders = await Venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None);
        var duplicates = orders.Where(o => o.ClientOrderId is not null).GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        var exchangeFills = await Venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None);
        var journaled = TradingScenario.FillTradeIds(await TradingScenario.ReadJournalAsync(journalPath)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(exchangeFills);
        Assert.All(exchangeFills, fill => Assert.Contains(fill.TradeId, journaled));
        Assert.Equal(journaled.Count, TradingScenario.FillTradeIds(await TradingScenario.ReadJournalAsync(journalPath)).Count);
    }
}
