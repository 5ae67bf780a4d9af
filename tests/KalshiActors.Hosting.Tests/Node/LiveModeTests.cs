using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>Demo/live mode through its real path (keys from the environment, --confirm-live), with the demo URLs pointed at a simulator.</summary>
public sealed class LiveModeTests : SimulatedVenueTests
{
    private KalshiActorsConfiguration DemoAtTheSimulator() => KalshiActorsConfiguration.Load(new ConfigurationSources
    {
        ConfigFiles =
        [
            Venue.NodeConfig(Path.Combine(Temp.Path, "demo.db"), TradingScenario.Node + "\n" + $$"""
                kalshi-actors {
                  mode = demo
                  exchange.environment = demo
                  exchange.environments.demo { rest-url = "{{Venue.Simulator.RestBaseUrl}}", websocket-url = "{{Venue.Simulator.WebSocketUrl}}" }
                }
                """),
        ],
    });

    [Fact]
    public async Task Demo_WithKeysAndConfirmation_TradesThroughTheExchangeClient()
    {
        await using var node = await TradingNode.StartAsync(
            DemoAtTheSimulator(), new TradingNodeOptions { ConfirmLive = true, LookupVariable = Venue.Variables.GetValueOrDefault }, CancellationToken.None);

        Assert.StartsWith("demo: market data and orders via the demo exchange", node.Exchange.Description, StringComparison.Ordinal);
        Assert.NotNull(node.Exchange.Gateway);
        Assert.Empty(node.Exchange.FairValueFeeds);
        await TradingScenario.WaitForAsync(node, s => s.BooksLive > 0, "live books from the exchange feed");
    }

    [Fact]
    public async Task Demo_WithoutConfirmation_RefusesBeforeConnecting()
    {
        var refused = await Assert.ThrowsAsync<NodeStartRefusedException>(() => TradingNode.StartAsync(
            DemoAtTheSimulator(), new TradingNodeOptions { LookupVariable = Venue.Variables.GetValueOrDefault }, CancellationToken.None));

        Assert.Contains("--confirm-live", Assert.Single(refused.Reasons), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Temp.Path, "demo.db")));
    }
}
