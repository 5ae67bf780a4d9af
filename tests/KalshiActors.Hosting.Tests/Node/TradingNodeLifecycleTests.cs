using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class TradingNodeLifecycleTests() : SimulatedVenueTests("step-interval = 100ms")
{
    private Task<TradingNode> StartNodeAsync(string journal, Action<string>? status = null) =>
        TradingNode.StartAsync(
            KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [Venue.NodeConfig(journal)] }),
            new TradingNodeOptions { LookupVariable = Venue.Variables.GetValueOrDefault, StatusOutput = status },
            CancellationToken.None);

    [Fact]
    public async Task StartStopRestart_OnTheSameJournal_GivesTheSameDigest_AndASummaryEndingWithIt()
    {
        var journal = Path.Combine(Temp.Path, "data", "node.db");
        var first = await StartNodeAsync(journal);
        Assert.Null(first.Exchange.EmbeddedSimulator);
        Assert.Contains(Venue.Simulator.RestBaseUrl.GetLeftPart(UriPartial.Authority), first.Exchange.Description, StringComparison.Ordinal);

        var summary = await first.StopAsync("test");
        Assert.Same(summary, await first.StopAsync("again"));
        Assert.Matches("^state-digest=[0-9a-f]{64}$", summary.ToLines()[^1]);
        Assert.True(File.Exists(journal));

        var second = await StartNodeAsync(journal);
        await using (second)
        {
            Assert.Equal(summary.Digest, second.StartDigest);
        }
    }

    [Fact]
    public async Task Status_IsPrintedEveryInterval_AndAnsweredOnRequest()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var config = Venue.NodeConfig(Path.Combine(Temp.Path, "status.db"), "kalshi-actors.node.status-interval = 100ms");
        await using var node = await TradingNode.StartAsync(
            KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [config] }),
            new TradingNodeOptions { LookupVariable = Venue.Variables.GetValueOrDefault, StatusOutput = lines.Enqueue },
            CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (lines.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(lines.Count >= 2, "two status lines within 10 s at a 100 ms interval");
        Assert.StartsWith("simulator | books ", lines.First(), StringComparison.Ordinal);
        var status = node.Status();
        Assert.Equal("simulator", status.Mode);
    }
}
