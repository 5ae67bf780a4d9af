using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using Serilog;
using Serilog.Events;

namespace KalshiActors.Hosting.Tests;

/// <summary>Validation of the shipped hocon/ folder plus user layers: unknown keys, wrong types, every problem at once.</summary>
public sealed class KalshiActorsConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static KalshiActorsConfiguration Load(params string[] configFiles) => KalshiActorsConfiguration.Load(new ConfigurationSources
    {
        ConfigFiles = configFiles,
    });

    [Fact]
    public void Load_ReferenceAlone_GivesTheDocumentedDefaults()
    {
        var settings = Load().Settings;

        Assert.Equal(RunMode.Simulator, settings.Mode);
        Assert.Equal(LogEventLevel.Information, settings.Logging.Level);
        Assert.Equal(LogEventLevel.Warning, settings.Logging.Overrides["Microsoft.AspNetCore"]);
        Assert.True(settings.Logging.Console.Enabled);
        Assert.True(settings.Logging.File.Enabled);
        Assert.Equal("logs/kalshi-actors-.json", settings.Logging.File.Path);
        Assert.Equal(RollingInterval.Day, settings.Logging.File.Rolling);
        Assert.Equal(14, settings.Logging.File.RetainedFiles);
        Assert.Equal(100L * 1024 * 1024, settings.Logging.File.SizeLimit);
    }

    [Theory]
    [InlineData("simulator", RunMode.Simulator)]
    [InlineData("paper", RunMode.Paper)]
    [InlineData("demo", RunMode.Demo)]
    [InlineData("live", RunMode.Live)]
    [InlineData("backtest", RunMode.Backtest)]
    [InlineData("cluster", RunMode.Cluster)]
    public void Load_ShippedEnvironment_ValidatesAndSetsItsMode(string environment, RunMode mode)
    {
        var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = environment });

        Assert.Equal(mode, configuration.Settings.Mode);
    }

    [Fact]
    public void Load_ClusterEnvironment_OverridesOnlyWhatDiffers()
    {
        var cluster = KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = "cluster" }).Settings.Logging;
        var reference = Load().Settings.Logging;

        Assert.Equal(RollingInterval.Hour, cluster.File.Rolling);
        Assert.Equal(reference.Level, cluster.Level);
        Assert.Equal(reference.File.Path, cluster.File.Path);
    }

    [Fact]
    public void Load_EnvironmentVariable_OverridesConfigFileAndIsConvertedToTheSettingsType()
    {
        var file = _temp.Write("user.conf", "kalshi-actors.logging { level = warning, file.retained-files = 3 }");

        var settings = KalshiActorsConfiguration.Load(new ConfigurationSources
        {
            ConfigFiles = [file],
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["KALSHI_ACTORS__LOGGING__LEVEL"] = "debug",
                ["KALSHI_ACTORS__logging__file__retained_files"] = "7",
            },
        }).Settings;

        Assert.Equal(LogEventLevel.Debug, settings.Logging.Level);
        Assert.Equal(7, settings.Logging.File.RetainedFiles);
    }

    [Fact]
    public void Load_UnknownKey_IsRejectedWithItsPathFileLineAndSuggestion()
    {
        var file = _temp.Write("typo.conf", "kalshi-actors {\n  logging {\n    levle = debug\n  }\n}\n");

        var ex = Assert.Throws<ConfigurationException>(() => Load(file));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("kalshi-actors.logging.levle", problem.Path);
        Assert.Contains("unknown setting", problem.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'level'?", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(problem.Origin);
        Assert.EndsWith("typo.conf", problem.Origin.File, StringComparison.Ordinal);
        Assert.Equal(3, problem.Origin.Line);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var file = _temp.Write("bad.conf", """
            kalshi-actors {
              bogus = 1
              logging {
                level = loud
                file { retained-files = many, pth = "x.json" }
                console.enabled = maybe
              }
            }
            """);

        var ex = Assert.Throws<ConfigurationException>(() => Load(file));

        var paths = ex.Problems.Select(p => p.Path).ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                "kalshi-actors.bogus",
                "kalshi-actors.logging.file.pth",
                "kalshi-actors.logging.level",
                "kalshi-actors.logging.file.retained-files",
                "kalshi-actors.logging.console.enabled",
            },
            paths);
        Assert.All(ex.Problems, p => Assert.EndsWith("bad.conf", p.Origin?.File, StringComparison.Ordinal));
        Assert.Contains("'loud' is not one of", ex.Problems.Single(p => p.Path.EndsWith(".level", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        foreach (var path in paths)
        {
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_KeyInsideUserMap_IsAcceptedAndItsValueValidated()
    {
        var good = _temp.Write("good.conf", "kalshi-actors.logging.overrides { \"My.Strategies\" = debug }");
        var bad = _temp.Write("bad.conf", "kalshi-actors.logging.overrides { \"My.Strategies\" = chatty }");

        var settings = Load(good).Settings;
        var ex = Assert.Throws<ConfigurationException>(() => Load(bad));

        Assert.Equal(LogEventLevel.Debug, settings.Logging.Overrides["My.Strategies"]);
        Assert.Equal(LogEventLevel.Warning, settings.Logging.Overrides["Microsoft.AspNetCore"]);
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("kalshi-actors.logging.overrides.\"My.Strategies\"", problem.Path);
    }

    [Fact]
    public void Load_KeysOutsideKalshiActors_AreAllowedForUserSubstitutions()
    {
        var file = _temp.Write("vars.conf", "my-vars { level = error }\nkalshi-actors.logging.level = ${my-vars.level}");

        var settings = Load(file).Settings;

        Assert.Equal(LogEventLevel.Error, settings.Logging.Level);
    }

    [Fact]
    public void Load_SectionReplacedByScalar_IsOneProblemNotOnePerKey()
    {
        var file = _temp.Write("scalar.conf", "kalshi-actors.logging.file = off");

        var ex = Assert.Throws<ConfigurationException>(() => Load(file));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("kalshi-actors.logging.file", problem.Path);
        Assert.Contains("expected an object", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueOutOfRange_SaysTheBound()
    {
        var file = _temp.Write("range.conf", "kalshi-actors.logging.file.retained-files = 0");

        var ex = Assert.Throws<ConfigurationException>(() => Load(file));

        Assert.Contains("must be at least 1", Assert.Single(ex.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BlankLogPath_IsRejectedWithAnExample()
    {
        var file = _temp.Write("blank.conf", "kalshi-actors.logging.file.path = \"  \"");

        var ex = Assert.Throws<ConfigurationException>(() => Load(file));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("kalshi-actors.logging.file.path", problem.Path);
        Assert.Contains("is empty; give a value such as logs/", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.Origin?.Line);
    }
}
