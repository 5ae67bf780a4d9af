using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Markets;

namespace KalshiActors.Hosting.Tests;

public sealed class MarketsSettingsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static KalshiActorsConfiguration Load(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files });

    [Fact]
    public void Read_ReferenceAlone_EqualsTheRecordDefaults()
    {
        var settings = Load().Settings.Markets;

        Assert.Equal(MarketsSettings.Default with { Markets = settings.Markets }, settings);
        Assert.Empty(settings.Markets);
    }

    [Fact]
    public void Read_Overrides_AreApplied()
    {
        var file = _temp.Write("markets.conf", "kalshi-actors.markets { depth = 10, book-stale-after = 30s, subscribe-markets = [KXA-1, KXB-2], breaker { failure-ratio = 0.25, minimum-throughput = 20 } }");

        var settings = Load(file).Settings.Markets;

        Assert.Equal(10, settings.Depth);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.BookStaleAfter);
        Assert.Equal(["KXA-1", "KXB-2"], settings.Markets);
        Assert.Equal(0.25, settings.BreakerFailureRatio);
        Assert.Equal(20, settings.BreakerMinimumThroughput);
    }

    [Fact]
    public void Read_InvalidValues_AreAllReportedWithTheirKeys()
    {
        var file = _temp.Write("bad.conf", "kalshi-actors.markets { depth = 0, breaker { failure-ratio = 1.5 }, restart-min-backoff = 10s, restart-max-backoff = 1s }");

        var error = Assert.ThrowsAny<Exception>(() => Load(file));

        Assert.Contains("kalshi-actors.markets.depth", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.markets.breaker.failure-ratio", error.Message, StringComparison.Ordinal);
        Assert.Contains("restart-max-backoff", error.Message, StringComparison.Ordinal);
    }
}
