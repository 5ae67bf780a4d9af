using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class NodeSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_ReferenceConf_GivesExactlyTheCodeDefaults()
    {
        var settings = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings.Node;

        Assert.Equal(new NodeSettings() with { Markets = settings.Markets }, settings);
        Assert.Empty(settings.Markets);
    }

    [Fact]
    public void Read_Overrides_AreApplied_AndMarketsMatchByPrefix()
    {
        var file = _temp.Write("node.conf", """
            kalshi-actors.node {
              status-interval = 250ms
              markets = [KXBTC15M, KXSIMRAIN]
              paper-market-data = exchange
              simulator { embedded = off, fair-value-poll-interval = 200ms }
            }
            """);

        var settings = KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [file] }).Settings.Node;

        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.StatusInterval);
        Assert.False(settings.EmbeddedSimulator);
        Assert.Equal(PaperMarketData.Exchange, settings.PaperMarketData);
        Assert.True(settings.Trades("KXBTC15M-26DEC041515-15"));
        Assert.False(settings.Trades("KXSIMELECT-26DEC04-ALICE"));
    }

    [Fact]
    public void Read_BadValues_AreReportedWithTheirPaths()
    {
        var file = _temp.Write("bad.conf", "kalshi-actors.node { paper-market-data = moon, shutdown-step-timeout = 1ms }");

        var error = Assert.Throws<ConfigurationException>(() => KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [file] }));

        Assert.Contains("kalshi-actors.node.paper-market-data", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.node.shutdown-step-timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelReader_ReferenceConf_GivesTheKernelDefaults()
    {
        var config = KalshiActorsConfiguration.Load(new ConfigurationSources()).Config;
        var reader = SettingsReader.For(config, "kalshi-actors.kernel");

        var kernel = KernelSettingsReader.Read(reader);

        Assert.Empty(reader.Problems);
        Assert.Equal(Kernel.KernelSettings.Default with { Dispatchers = kernel.Dispatchers }, kernel);
        Assert.Empty(kernel.Dispatchers);
    }
}
