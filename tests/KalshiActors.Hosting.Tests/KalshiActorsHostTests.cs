using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace KalshiActors.Hosting.Tests;

public sealed class KalshiActorsHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CreateBuilder_ValidConfiguration_RegistersSettingsClockConfigurationAndSerilog()
    {
        var builder = KalshiActorsHost.CreateBuilder(
            new ConfigurationSources
            {
                Environment = "paper",
                EnvironmentVariables = new Dictionary<string, string> { ["KALSHI_ACTORS__logging__console__enabled"] = "false" },
                Overrides = [new SettingOverride("kalshi-actors.logging.level", "debug", "--log-level")],
            },
            logDirectory: _temp.Path);

        using (var host = builder.Build())
        {
            var settings = host.Services.GetRequiredService<KalshiActorsSettings>();
            Assert.Equal(RunMode.Paper, settings.Mode);
            Assert.Equal(LogEventLevel.Debug, host.Services.GetRequiredService<LoggingSettings>().Level);
            Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
            Assert.Equal("paper", host.Services.GetRequiredService<Config>().GetString("kalshi-actors.mode"));
            Assert.Equal("paper", host.Services.GetRequiredService<IConfiguration>()["kalshi-actors:mode"]);

            var logger = host.Services.GetRequiredService<ILogger<KalshiActorsHostTests>>();
            logger.LogDebug("host debug line {Marker}", "marker-42");
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_temp.Path, "logs"), "*.json"));
        var text = File.ReadAllText(file);
        Assert.Contains("marker-42", text, StringComparison.Ordinal);
        Assert.Contains(typeof(KalshiActorsHostTests).FullName!, text, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBuilder_InvalidConfiguration_ThrowsBeforeAnythingStarts()
    {
        var ex = Assert.Throws<ConfigurationException>(() => KalshiActorsHost.CreateBuilder(
            new ConfigurationSources
            {
                EnvironmentVariables = new Dictionary<string, string> { ["KALSHI_ACTORS__loging__level"] = "debug" },
            },
            logDirectory: _temp.Path));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("kalshi-actors.loging", problem.Path);
        Assert.Equal("environment variable KALSHI_ACTORS__loging__level", problem.Origin?.File);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "logs")));
    }
}
