using KalshiActors.Cluster;
using KalshiActors.Domain;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Hosting.Tests;

public sealed class ClusterSettingsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(string? environment = null, params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = environment, ConfigFiles = files }).Config;

    private static ClusterSettings Read(Config config)
    {
        var reader = SettingsReader.For(config, ClusterSettings.SectionPath);
        var settings = ClusterSettingsReader.Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    [Fact]
    public void Read_ReferenceAlone_GivesTheRecordDefaults() =>
        Assert.Equal(ClusterSettings.Default, KalshiActorsSettings.Create(Effective()).Cluster);

    [Fact]
    public void Read_ClusterEnvironment_IsClusterModeWithoutAnEmbeddedSimulator()
    {
        var settings = KalshiActorsSettings.Create(Effective("cluster"));

        Assert.Equal(RunMode.Cluster, settings.Mode);
        Assert.False(settings.Node.EmbeddedSimulator);
    }

    [Fact]
    public void Read_Overrides_AreApplied()
    {
        var file = _temp.Write("c.conf", """
            kalshi-actors.cluster {
              node-id = node-7
              shard-count = 12
              heartbeat-interval = 250ms
              lease-timeout = 2s
              budget-lease-duration = 6s
              handoff-grace = 100ms
              venue = exchange
              account-max-exposure = "30.50"
              account-max-positions = 9
            }
            """);

        var settings = Read(Effective(null, file));

        Assert.Equal("node-7", settings.ResolvedNodeId);
        Assert.Equal(12, settings.ShardCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.LeaseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.BudgetLeaseDuration);
        Assert.Equal(ClusterVenue.Exchange, settings.Venue);
        Assert.Equal(Money.ParseDollars("30.50"), settings.AccountMaxExposure);
        Assert.Equal(9, settings.AccountMaxPositions);
    }

    [Fact]
    public void Read_BadValues_ReportsEveryProblemAtOnce()
    {
        var file = _temp.Write("bad.conf", """
            kalshi-actors.cluster { node-id = "no spaces", shard-count = 0, venue = moon, account-max-exposure = "lots", lease-timeout = 1s, budget-lease-duration = 1s }
            """);

        var error = Assert.Throws<ConfigurationException>(() => Read(Effective(null, file)));

        foreach (var key in new[] { "node-id", "shard-count", "venue", "account-max-exposure", "budget-lease-duration" })
        {
            Assert.Contains("kalshi-actors.cluster." + key, error.Message, StringComparison.Ordinal);
        }
    }
}
