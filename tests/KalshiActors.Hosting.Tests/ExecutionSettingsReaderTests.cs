using KalshiActors.Domain;
using KalshiActors.Execution;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Hosting.Tests;

public sealed class ExecutionSettingsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files }).Config;

    [Fact]
    public void Read_ReferenceConf_GivesExactlyTheCodeDefaults()
    {
        var settings = KalshiActorsSettings.Create(Effective());

        Assert.Equal(new ExecutionSettings(), settings.Execution);
    }

    [Fact]
    public void Read_Overrides_AreApplied()
    {
        var file = _temp.Write("exec.conf", """
            kalshi-actors.execution {
              mode = paper
              maker { improve-by-one-tick = false, requote-threshold = "0.0250" }
              timeouts.call = 750ms
              breaker.minimum-throughput = 4
              order-journaling = write-behind
              write-behind.adoption-window = 90s
              closed-order-retention = 6h
            }
            """);

        var settings = KalshiActorsSettings.Create(Effective(file)).Execution;

        Assert.Equal(
            (ExecutionMode.Paper, false, Price.FromUnits(250), TimeSpan.FromMilliseconds(750), 4),
            (settings.Mode, settings.MakerImproveByOneTick, settings.RequoteThreshold, settings.CallTimeout, settings.BreakerMinimumThroughput));
        Assert.Equal((OrderJournaling.WriteBehind, TimeSpan.FromSeconds(90)), (settings.OrderJournaling, settings.AdoptionWindow));
        Assert.Equal(TimeSpan.FromHours(6), settings.ClosedOrderRetention);
    }

    [Fact]
    public void Read_BadValues_ReportsEveryProblemAtOnce()
    {
        var file = _temp.Write("bad.conf", """
            kalshi-actors.execution {
              mode = backtest
              maker.requote-threshold = "a cent"
              breaker.failure-ratio = 1.5
              order-journaling = eventually
              closed-order-retention = 30s
            }
            """);

        var error = Assert.Throws<ConfigurationException>(() => KalshiActorsSettings.Create(Effective(file)));

        Assert.Contains("kalshi-actors.execution.mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("requote-threshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("failure-ratio", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.execution.order-journaling", error.Message, StringComparison.Ordinal);
        Assert.Contains("closed-order-retention", error.Message, StringComparison.Ordinal);
    }
}
