using KalshiActors.Hocon;
using KalshiActors.Hosting.Bench;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Hosting.Tests;

public sealed class ExchangeSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files }).Config;

    [Fact]
    public void Create_ReferenceAlone_GivesDemoBasicTierDefaults()
    {
        var settings = ExchangeSettings.Create(Effective());

        Assert.Equal("demo", settings.Environment);
        Assert.Equal(new Uri("https://external-api.demo.kalshi.co/trade-api/v2"), settings.Rest.RestBaseUrl);
        Assert.Equal(new Uri("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2"), settings.WebSocket.WebSocketUrl);
        Assert.Equal(200, settings.Rest.ReadBudget.TokensPerSecond);
        Assert.Equal(100, settings.Rest.WriteBudget.TokensPerSecond);
        Assert.Equal(10, settings.Rest.DefaultCost);
        Assert.Equal(2, settings.Rest.CancelCost);
        Assert.Equal("KALSHI_API_KEY_ID", settings.KeyIdEnvironmentVariable);
        Assert.False(settings.WebSocket.UseYesPriceForNoLevels);
    }

    [Fact]
    public void Create_ProductionPrimeTier_SelectsUrlsAndBudgets()
    {
        var file = _temp.Write("prod.conf", "kalshi-actors.exchange { environment = production, rate-limit.tier = prime }");
        var settings = ExchangeSettings.Create(Effective(file));

        Assert.Equal(new Uri("https://external-api.kalshi.com/trade-api/v2"), settings.Rest.RestBaseUrl);
        Assert.Equal(4000, settings.Rest.ReadBudget.TokensPerSecond);
        Assert.Equal(8000, settings.Rest.WriteBudget.Capacity);
    }

    [Fact]
    public void Create_BadValues_ReportsEveryProblemAtOnce()
    {
        var file = _temp.Write("bad.conf", "kalshi-actors.exchange { environment = moon, rate-limit.default-cost = 100000, environments.simulator.rest-url = \"not a url\" }");
        var error = Assert.Throws<ConfigurationException>(() => ExchangeSettings.Create(KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [file] }).Config));

        var text = error.Message;
        Assert.Contains("kalshi-actors.exchange.environment", text, StringComparison.Ordinal);
        Assert.Contains("default-cost", text, StringComparison.Ordinal);
        Assert.Contains("rest-url", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeBenchSuite_quick_run_reports_parse_rate()
    {
        var suite = Assert.Single(BenchSuites.All, s => s.Name == "exchange");
        var figures = await suite.RunAsync(new BenchOptions(Quick: true, Journal: null, Progress: TextWriter.Null), CancellationToken.None);

        Assert.Equal(["ws_orderbook_delta_msgs_per_s", "sim_matching_orders_per_s"], figures.Select(f => f.Key));
        Assert.All(figures, figure => Assert.True(figure.Value > 0 && double.IsFinite(figure.Value)));
    }
}
