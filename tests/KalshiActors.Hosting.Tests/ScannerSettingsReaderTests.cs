using KalshiActors.Domain;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Markets.Scanner;

namespace KalshiActors.Hosting.Tests;

public sealed class ScannerSettingsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static KalshiActorsConfiguration Load(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files });

    [Fact]
    public void Read_ReferenceAlone_EqualsTheRecordDefaults()
    {
        var settings = Load().Settings;

        Assert.Equal(ScannerSettings.Default, settings.Scanner);
        Assert.Equal(AlertSettings.Default, settings.Alerts);
    }

    [Fact]
    public void Read_Overrides_AreAppliedExactly()
    {
        var file = _temp.Write(
            "scanner.conf",
            "kalshi-actors.scanner { interval = 1m, min-price = 0.25, max-price = \"0.75\", min-volume-24h = 12.5, min-liquidity = \"100.50\", min-drop-7d = \"0.05\" }\n"
            + "kalshi-actors.alerts { price-drop = \"0.15\", drawdown-basis-points = 800, cool-down = 10m }");

        var settings = Load(file).Settings;

        Assert.Equal(TimeSpan.FromMinutes(1), settings.Scanner.Interval);
        Assert.Equal(Price.FromCents(25), settings.Scanner.MinPrice);
        Assert.Equal(Price.FromCents(75), settings.Scanner.MaxPrice);
        Assert.Equal(Quantity.Parse("12.50"), settings.Scanner.MinVolume24h);
        Assert.Equal(Money.ParseDollars("100.50"), settings.Scanner.MinLiquidity);
        Assert.Equal(Price.FromCents(5), settings.Scanner.MinDrop7d);
        Assert.Equal(Price.FromCents(15), settings.Alerts.PriceDrop);
        Assert.Equal(800, settings.Alerts.DrawdownBasisPoints);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Alerts.CoolDown);
    }

    [Fact]
    public void Read_InvalidValues_AreAllReportedWithTheirKeys()
    {
        var file = _temp.Write(
            "bad.conf",
            "kalshi-actors.scanner { max-price = \"1.5\", history-concurrency = 0, min-price = \"0.9\" }\nkalshi-actors.alerts { spread-rearm = \"0.01\" }");

        var error = Assert.ThrowsAny<Exception>(() => Load(file));

        Assert.Contains("kalshi-actors.scanner.max-price", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.scanner.history-concurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.alerts.spread-rearm", error.Message, StringComparison.Ordinal);
    }
}
