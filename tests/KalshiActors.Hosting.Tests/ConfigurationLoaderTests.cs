using KalshiActors.Hosting.Configuration;
using KalshiActors.Testing;

namespace KalshiActors.Hosting.Tests;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteLayeringHoconDirectory()
    {
        _temp.Write("hocon/reference.conf", """
            kalshi-actors {
              from-reference = reference
              a = reference
              b = reference
              c = reference
              d = reference
              e = reference
              derived = ${kalshi-actors.e}"-derived"
            }
            """);
        _temp.Write("hocon/environments/staging.conf", """
            include "../reference.conf"
            kalshi-actors { a = environment, b = environment, c = environment, d = environment, e = environment }
            """);
        return Path.Combine(_temp.Path, "hocon");
    }

    [Fact]
    public void Load_AllLayersPresent_EachLayerOverridesTheOnesBeneathIt()
    {
        var first = _temp.Write("first.conf", "kalshi-actors { b = first, c = first, d = first, e = first }");
        var second = _temp.Write("second.conf", "kalshi-actors { c = second, d = second, e = second }");

        var layers = ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            Environment = "staging",
            ConfigFiles = [first, second],
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["KALSHI_ACTORS__d"] = "variable",
                ["KALSHI_ACTORS__e"] = "variable",
                ["UNRELATED"] = "ignored",
            },
            Overrides = [new SettingOverride("kalshi-actors.e", "flag", "--e")],
        });

        var config = layers.Effective;
        Assert.Equal("reference", config.GetString("kalshi-actors.from-reference"));
        Assert.Equal("environment", config.GetString("kalshi-actors.a"));
        Assert.Equal("first", config.GetString("kalshi-actors.b"));
        Assert.Equal("second", config.GetString("kalshi-actors.c"));
        Assert.Equal("variable", config.GetString("kalshi-actors.d"));
        Assert.Equal("flag", config.GetString("kalshi-actors.e"));
    }

    [Fact]
    public void Load_SubstitutionInReference_SeesTheStrongestLayersValue()
    {
        var layers = ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            Overrides = [new SettingOverride("kalshi-actors.e", "flag", "--e")],
        });

        Assert.Equal("flag-derived", layers.Effective.GetString("kalshi-actors.derived"));
        Assert.Equal("reference-derived", layers.Reference.GetString("kalshi-actors.derived"));
    }

    [Fact]
    public void Load_LaterConfigFile_WinsOverEarlierOne()
    {
        var first = _temp.Write("first.conf", "kalshi-actors.a = first");
        var second = _temp.Write("second.conf", "kalshi-actors.a = second");
        var hocon = WriteLayeringHoconDirectory();

        var forward = ConfigurationLoader.Load(new ConfigurationSources { HoconDirectory = hocon, ConfigFiles = [first, second] });
        var backward = ConfigurationLoader.Load(new ConfigurationSources { HoconDirectory = hocon, ConfigFiles = [second, first] });

        Assert.Equal("second", forward.Effective.GetString("kalshi-actors.a"));
        Assert.Equal("first", backward.Effective.GetString("kalshi-actors.a"));
    }

    [Fact]
    public void Load_EnvironmentVariableHoldingAList_IsReadAsAList()
    {
        var layers = ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            EnvironmentVariables = new Dictionary<string, string> { ["KALSHI_ACTORS__a"] = "[x, y]" },
        });

        Assert.Equal(["x", "y"], layers.Effective.GetStringList("kalshi-actors.a"));
    }

    [Fact]
    public void Load_SubstitutionOfUndefinedKey_FallsBackToTheGivenEnvironmentOnly()
    {
        var file = _temp.Write("home.conf", "kalshi-actors.a = ${?FROM_TEST_ENVIRONMENT}");
        var hocon = WriteLayeringHoconDirectory();

        var withVariable = ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = hocon,
            ConfigFiles = [file],
            EnvironmentVariables = new Dictionary<string, string> { ["FROM_TEST_ENVIRONMENT"] = "injected" },
        });
        var without = ConfigurationLoader.Load(new ConfigurationSources { HoconDirectory = hocon, ConfigFiles = [file] });

        Assert.Equal("injected", withVariable.Effective.GetString("kalshi-actors.a"));
        Assert.Equal("reference", without.Effective.GetString("kalshi-actors.a"));
    }

    [Theory]
    [InlineData("KALSHI_ACTORS__logging__level", "kalshi-actors.logging.level")]
    [InlineData("KALSHI_ACTORS__LOGGING__FILE__RETAINED_FILES", "kalshi-actors.logging.file.retained-files")]
    [InlineData("kalshi_actors__mode", "kalshi-actors.mode")]
    public void PathOfEnvironmentVariable_PrefixedName_MapsDoubleUnderscoreToPathAndUnderscoreToDash(string name, string path)
    {
        Assert.Equal(path, string.Join('.', ConfigurationLoader.PathOfEnvironmentVariable(name)!));
    }

    [Fact]
    public void PathOfEnvironmentVariable_OtherName_IsNull()
    {
        Assert.Null(ConfigurationLoader.PathOfEnvironmentVariable("KALSHI_ACTORS_SHARED"));
    }

    [Fact]
    public void Load_UnknownEnvironment_NamesTheKnownOnes()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            Environment = "prod",
        }));

        Assert.Contains("--env prod", ex.Message, StringComparison.Ordinal);
        Assert.Contains("staging", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingConfigFile_SaysWhichFile()
    {
        var missing = Path.Combine(_temp.Path, "nope.conf");

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            ConfigFiles = [missing],
        }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedConfigFile_ReportsFileLineAndColumn()
    {
        var broken = _temp.Write("broken.conf", "kalshi-actors {\n  a = [1, 2\n");

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationSources
        {
            HoconDirectory = WriteLayeringHoconDirectory(),
            ConfigFiles = [broken],
        }));

        var problem = Assert.Single(ex.Problems);
        Assert.NotNull(problem.Origin);
        Assert.EndsWith("broken.conf", problem.Origin.File, StringComparison.Ordinal);
        Assert.True(problem.Origin.Line >= 2, $"line {problem.Origin.Line} should point into the file");
        Assert.Matches(@"broken\.conf:\d+:\d+: ", problem.ToString());
    }

    [Fact]
    public void Locate_FromTheTestOutput_FindsTheRepositoryHoconFolder()
    {
        var located = HoconDirectory.Locate();

        Assert.True(File.Exists(Path.Combine(located, "reference.conf")));
        Assert.Equal(
            ["backtest", "cluster", "demo", "live", "paper", "simulator"],
            HoconDirectory.Environments(located));
    }

    [Fact]
    public void RepositoryLayout_HoconFolder_IsTheOneLocated()
    {
        Assert.Equal(
            Path.GetFullPath(Path.Combine(RepositoryLayout.Root, "hocon")),
            Path.GetFullPath(HoconDirectory.Locate()));
    }
}
