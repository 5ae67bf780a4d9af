using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Hosting.Tests;

public sealed class StrategiesSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files }).Config;

    [Fact]
    public void Create_ReferenceAlone_GivesInstancesThatTradeTheSimulatorsMarkets()
    {
        var strategies = KalshiActorsSettings.Create(Effective()).Strategies;

        Assert.Empty(strategies.Validate());
        var ev = strategies.Instances["ev-threshold"];
        Assert.Equal(StrategyKind.ExpectedValue, ev.Kind);
        Assert.True(ev.Enabled);
        Assert.Equal(["KXSIMBTCD", "KXSIMNBAGAME"], ev.Series);
        Assert.Equal("0.6", ev.Parameters["volatility"]);

        var vk = strategies.Instances["vol-kelly-btc15m"];
        Assert.Equal(StrategyKind.VolatilityKelly, vk.Kind);
        Assert.Equal(["KXBTC15M"], vk.Series);
        var parameters = StrategyParameters.Parse(vk.Kind, vk.Parameters).Parameters;
        Assert.Equal(TimeSpan.FromMinutes(2), parameters.Window.From);
        Assert.Equal(TimeSpan.FromMinutes(12), parameters.Window.To);
        Assert.Equal(60, parameters.MinObservations);

        // The suite ships off, one instance per kind, each valid as configured.
        foreach (var (id, kind) in new[] { ("mean-reversion", StrategyKind.MeanReversion), ("buy-the-dip", StrategyKind.BuyTheDip), ("arbitrage", StrategyKind.Arbitrage), ("in-game", StrategyKind.InGame) })
        {
            Assert.Equal(kind, strategies.Instances[id].Kind);
            Assert.False(strategies.Instances[id].Enabled);
        }
    }

    [Fact]
    public void Create_UserInstance_IsAcceptedAndMergedWithTheDefaults()
    {
        var file = _temp.Write("mine.conf", """
            kalshi-actors.strategies.instances {
              my-ev { kind = ev-threshold, enabled = false, markets = ["KXSIMRAIN-26DEC05-YES"], series = [], parameters { min-edge = 0.05, style = maker } }
              vol-kelly-btc15m.enabled = false
            }
            """);
        var strategies = KalshiActorsSettings.Create(Effective(file)).Strategies;

        var mine = strategies.Instances["my-ev"];
        Assert.False(mine.Enabled);
        Assert.Equal(["KXSIMRAIN-26DEC05-YES"], mine.Markets);
        Assert.Equal("maker", mine.Parameters["style"]);
        Assert.False(strategies.Instances["vol-kelly-btc15m"].Enabled);
        Assert.Equal(KalshiActorsSettings.Create(Effective()).Strategies.Instances.Count + 1, strategies.Instances.Count);
    }

    [Fact]
    public void Create_BadInstance_ReportsKindAndParametersAtTheirPaths()
    {
        var file = _temp.Write("bad.conf", """
            kalshi-actors.strategies.instances.broken { kind = martingale, enabled = true, markets = [], series = [], parameters { min-edge = lots, colour = blue } }
            """);
        var error = Assert.Throws<ConfigurationException>(() => KalshiActorsSettings.Create(Effective(file)));

        var text = error.Message;
        Assert.Contains("kalshi-actors.strategies.instances.broken.kind", text, StringComparison.Ordinal);
        Assert.Contains("min-edge = 'lots'", text, StringComparison.Ordinal);
        Assert.Contains("unknown parameter 'colour'", text, StringComparison.Ordinal);
    }
}
