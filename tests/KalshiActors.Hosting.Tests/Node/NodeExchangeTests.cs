using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class NodeExchangeTests
{
    private static readonly KalshiActorsSettings Settings = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings;

    private static string? NoVariables(string name) => null;

    [Theory]
    [InlineData(RunMode.Live)]
    [InlineData(RunMode.Demo)]
    public void CheckMode_LiveWithoutConfirmationOrKeys_GivesBothReasons(RunMode mode)
    {
        var reasons = NodeExchange.CheckMode(mode, confirmLive: false, Settings.Exchange, NoVariables, Settings.Node);

        Assert.Equal(2, reasons.Count);
        Assert.Contains("--confirm-live", reasons[0], StringComparison.Ordinal);
        Assert.Contains("KALSHI_API_KEY_ID", reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void CheckMode_LiveConfirmedWithAMissingKeyFile_NamesTheFile()
    {
        var variables = new Dictionary<string, string> { ["KALSHI_API_KEY_ID"] = "key", ["KALSHI_PRIVATE_KEY_FILE"] = "/nonexistent/key.pem" };

        var reasons = NodeExchange.CheckMode(RunMode.Live, confirmLive: true, Settings.Exchange, variables.GetValueOrDefault, Settings.Node);

        Assert.Equal("KALSHI_PRIVATE_KEY_FILE: /nonexistent/key.pem: file not found", Assert.Single(reasons));
    }

    [Theory]
    [InlineData(RunMode.Backtest, "backtest")]
    public void CheckMode_Backtest_IsASeparateIssue(RunMode mode, string name)
    {
        var reason = Assert.Single(NodeExchange.CheckMode(mode, confirmLive: true, Settings.Exchange, NoVariables, Settings.Node));

        Assert.Contains($"mode '{name}' is not served by `run`", reason, StringComparison.Ordinal);
        Assert.Contains("separate issue", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckMode_Cluster_NeedsKeysForTheSharedSimulator()
    {
        var reason = Assert.Single(NodeExchange.CheckMode(RunMode.Cluster, confirmLive: false, Settings.Exchange, NoVariables, Settings.Node));

        Assert.Contains("no API key", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckMode_ClusterOnTheExchange_NeedsConfirmLive()
    {
        var cluster = KalshiActors.Cluster.ClusterSettings.Default with { Venue = KalshiActors.Cluster.ClusterVenue.Exchange };

        var reasons = NodeExchange.CheckMode(RunMode.Cluster, confirmLive: false, Settings.Exchange, NoVariables, Settings.Node, cluster);

        Assert.Contains(reasons, r => r.Contains("--confirm-live", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RunMode.Simulator)]
    [InlineData(RunMode.Paper)]
    public void CheckMode_SimulatorAndPaper_NeedNothing(RunMode mode) =>
        Assert.Empty(NodeExchange.CheckMode(mode, confirmLive: false, Settings.Exchange, NoVariables, Settings.Node));

    [Fact]
    public async Task OpenAsync_Simulator_ListsTheSimulatorsMarketsWithFeesAndGrouping_AndItsHiddenState()
    {
        var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources());

        await using var exchange = await NodeExchange.OpenAsync(
            configuration, confirmLive: false, NoVariables, recordDirectory: null, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        var markets = await exchange.Catalog.GetOpenMarketsAsync(CancellationToken.None);

        Assert.NotNull(exchange.Gateway);
        Assert.NotNull(exchange.EmbeddedSimulator);
        Assert.Contains("embedded simulator", exchange.Description, StringComparison.Ordinal);
        var election = markets.Where(m => m.SeriesTicker.Value == "KXSIMELECT").ToList();
        Assert.Equal(3, election.Count);
        Assert.All(election, m => Assert.True(m.MutuallyExclusive));
        Assert.All(markets, m => Assert.Equal(MarketState.Active, m.State));
        var game = markets.First(m => m.SeriesTicker.Value == "KXSIMNBAGAME");
        Assert.Equal(FeeType.QuadraticWithMakerFees, game.Fees.FeeType);
        var ladder = markets.First(m => m.SeriesTicker.Value == "KXSIMBTCD");
        Assert.NotNull(ladder.FloorStrike);
        Assert.Equal("BTC", markets.First(m => m.SeriesTicker.Value == "KXBTC15M").Underlying);
        Assert.Equal(["spot", "game-state"], exchange.FairValueFeeds.Select(f => f.Name));

        await using var spot = exchange.FairValueFeeds[0].Create();
        await spot.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var spots = new List<KalshiActors.Domain.Ports.SpotPriceObserved>();
        while (spots.Count < 2)
        {
            spots.Add(Assert.IsType<KalshiActors.Domain.Ports.SpotPriceObserved>(await spot.Observations.ReadAsync(timeout.Token)));
        }

        // The same names the catalog uses: the crypto series maps to BTC, the simulator's ladder keeps its series ticker.
        Assert.Equal(["BTC", "KXSIMBTCD"], spots.Select(s => s.Underlying).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenAsync_Paper_SendsNoOrders()
    {
        var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = "paper" });

        await using var exchange = await NodeExchange.OpenAsync(
            configuration, confirmLive: false, NoVariables, recordDirectory: null, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Null(exchange.Gateway);
        Assert.StartsWith("paper:", exchange.Description, StringComparison.Ordinal);
    }
}
