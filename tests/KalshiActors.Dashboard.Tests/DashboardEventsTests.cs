using KalshiActors.Dashboard.Configuration;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Dashboard.Tests;

public sealed class DashboardEventsTests
{
    [Fact]
    public void ConfigurationChanged_v1_round_trips_through_the_registry()
    {
        var registry = DashboardEvents.Register(new EventRegistry());
        var change = new ConfigurationChanged(
            "c1", "ops", false, "0.0300", "50.00",
            [new StrategyChange("ev", true, new Dictionary<string, string> { ["kelly-fraction"] = "0.2" })],
            DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ["ev", "vol"]);
        var payload = registry.Serialize(change);
        Assert.Equal("ConfigurationChanged.v1", payload.Manifest);
        var back = Assert.IsType<ConfigurationChanged>(registry.Deserialize("dashboard-config", 1, payload.Manifest, payload.Payload));
        Assert.Equal((change.ChangeId, change.Operator, change.AutoTrading, change.MinEdge, change.MaxPosition, change.At), (back.ChangeId, back.Operator, back.AutoTrading, back.MinEdge, back.MaxPosition, back.At));
        Assert.Equal(change.AutoTradingStrategies, back.AutoTradingStrategies);
        var strategy = Assert.Single(back.Strategies);
        Assert.Equal(("ev", (bool?)true, "0.2"), (strategy.StrategyId, strategy.Enabled, strategy.Parameters["kelly-fraction"]));
    }

    [Fact]
    public void ConfigurationChanged_v1_written_before_the_auto_trading_list_still_reads()
    {
        var registry = DashboardEvents.Register(new EventRegistry());
        var old = """{"changeId":"c0","operator":"dashboard","autoTrading":null,"minEdge":"0.0100","maxPosition":null,"strategies":[],"at":"2026-12-04T09:00:00+00:00"}"""u8.ToArray();
        var back = Assert.IsType<ConfigurationChanged>(registry.Deserialize("dashboard-config", 1, "ConfigurationChanged.v1", old));
        Assert.Null(back.AutoTradingStrategies);
        Assert.Equal("0.0100", back.MinEdge);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8000")]
    [InlineData("not a url")]
    public void Settings_reject_a_url_that_is_not_http(string url) =>
        Assert.Contains(new DashboardSettings { Url = url }.Validate(), p => p.Contains("url", StringComparison.Ordinal));

    [Fact]
    public void Default_settings_are_valid() => Assert.Empty(new DashboardSettings().Validate());
}
