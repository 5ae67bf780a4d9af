using System.CommandLine;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Cli;

/// <summary>Options every verb accepts: which configuration layers to load and the explicit flags layered on top.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Environment { get; } = new("--env")
    {
        Description = "Environment file to layer over reference.conf: simulator, paper, demo, live, backtest or cluster.",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<string[]> ConfigFiles { get; } = new("--config")
    {
        Description = "HOCON file layered over the environment; repeatable, a later file wins.",
        HelpName = "FILE",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> LogLevel { get; } = new("--log-level")
    {
        Description = "Minimum log level (verbose, debug, information, warning, error, fatal); overrides kalshi-actors.logging.level.",
        HelpName = "LEVEL",
        Recursive = true,
    };

    public GlobalOptions()
    {
        LogLevel.AcceptOnlyFromAmong([.. LoggingSettings.Levels.Keys]);
    }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Environment);
        root.Options.Add(ConfigFiles);
        root.Options.Add(LogLevel);
    }

    /// <summary>The configuration layers this invocation asks for.</summary>
    public ConfigurationSources Sources(ParseResult parse, CliEnvironment environment)
    {
        var overrides = new List<SettingOverride>();
        if (parse.GetValue(LogLevel) is { } level)
        {
            overrides.Add(new SettingOverride($"{LoggingSettings.SectionPath}.level", level, "--log-level"));
        }

        return new ConfigurationSources
        {
            Environment = parse.GetValue(Environment),
            ConfigFiles = parse.GetValue(ConfigFiles) ?? [],
            EnvironmentVariables = environment.Variables,
            Overrides = overrides,
        };
    }
}
