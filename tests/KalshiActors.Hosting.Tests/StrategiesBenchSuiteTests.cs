using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests;

public sealed class StrategiesBenchSuiteTests
{
    [Fact]
    public async Task RunAsync_Quick_ReportsUpdatesPerSecondForEveryKind()
    {
        using var progress = new StringWriter();
        var suite = BenchSuites.All.Single(s => s.Name == "strategies");

        var figures = await suite.RunAsync(new BenchOptions(Quick: true, null, progress), CancellationToken.None);

        Assert.Equal(
            ["ev_threshold_updates_per_s", "vol_kelly_updates_per_s", "mean_reversion_updates_per_s", "buy_the_dip_updates_per_s", "arbitrage_updates_per_s", "in_game_updates_per_s"],
            figures.Select(f => f.Key));
        Assert.All(figures, f => Assert.True(f.Value > 0 && double.IsFinite(f.Value), $"{f.Key} = {f.Value}"));
        Assert.Contains("arbitrage", progress.ToString(), StringComparison.Ordinal);
    }
}
