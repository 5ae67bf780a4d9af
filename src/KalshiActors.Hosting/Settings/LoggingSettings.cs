using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using Serilog;
using Serilog.Events;

namespace KalshiActors.Hosting.Settings;

/// <summary>`kalshi-actors.logging`: levels and sinks, read once at startup.</summary>
public sealed record LoggingSettings
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.logging";

    /// <summary>Level names accepted in the configuration; Microsoft.Extensions.Logging's names are accepted as aliases.</summary>
    public static IReadOnlyDictionary<string, LogEventLevel> Levels { get; } = new Dictionary<string, LogEventLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["verbose"] = LogEventLevel.Verbose,
        ["trace"] = LogEventLevel.Verbose,
        ["debug"] = LogEventLevel.Debug,
        ["information"] = LogEventLevel.Information,
        ["info"] = LogEventLevel.Information,
        ["warning"] = LogEventLevel.Warning,
        ["error"] = LogEventLevel.Error,
        ["fatal"] = LogEventLevel.Fatal,
        ["critical"] = LogEventLevel.Fatal,
    };

    /// <summary>How often the log file rolls over.</summary>
    public static IReadOnlyDictionary<string, RollingInterval> RollingIntervals { get; } = new Dictionary<string, RollingInterval>(StringComparer.OrdinalIgnoreCase)
    {
        ["never"] = RollingInterval.Infinite,
        ["year"] = RollingInterval.Year,
        ["month"] = RollingInterval.Month,
        ["day"] = RollingInterval.Day,
        ["hour"] = RollingInterval.Hour,
        ["minute"] = RollingInterval.Minute,
    };

    /// <summary>Minimum level of every logger without an override.</summary>
    public required LogEventLevel Level { get; init; }

    /// <summary>Minimum level per logger-name prefix (`Microsoft.AspNetCore` = Warning); the longest matching prefix wins.</summary>
    public required IReadOnlyDictionary<string, LogEventLevel> Overrides { get; init; }

    /// <summary>Console sink (written to stderr, so command output on stdout stays clean).</summary>
    public required ConsoleLogSettings Console { get; init; }

    /// <summary>Rolling JSON file sink.</summary>
    public required FileLogSettings File { get; init; }

    /// <summary>Reads `kalshi-actors.logging` from <paramref name="config"/>; throws one <see cref="ConfigurationException"/> listing every problem.</summary>
    public static LoggingSettings Create(Config config)
    {
        var reader = SettingsReader.For(config, SectionPath);
        var settings = Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    /// <summary>Reads the section through <paramref name="section"/>, recording problems there.</summary>
    internal static LoggingSettings Read(SettingsReader section)
    {
        var console = section.Section("console");
        var file = section.Section("file");
        return new LoggingSettings
        {
            Level = section.Choice("level", Levels, LogEventLevel.Information),
            Overrides = section.Map("overrides", (map, logger) => map.Choice(logger, Levels, LogEventLevel.Information)),
            Console = new ConsoleLogSettings
            {
                Enabled = console.Boolean("enabled"),
                Template = console.String("template"),
            },
            File = new FileLogSettings
            {
                Enabled = file.Boolean("enabled"),
                Path = file.NonEmptyString("path", "logs/kalshi-actors-.json"),
                Rolling = file.Choice("rolling", RollingIntervals, RollingInterval.Day),
                RetainedFiles = file.Int32("retained-files", minimum: 1),
                SizeLimit = file.ByteSize("size-limit", minimum: 1024),
            },
        };
    }
}

/// <summary>`kalshi-actors.logging.console`.</summary>
public sealed record ConsoleLogSettings
{
    /// <summary>Whether log events are written to the console at all.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Serilog output template of one console line.</summary>
    public required string Template { get; init; }
}

/// <summary>`kalshi-actors.logging.file`.</summary>
public sealed record FileLogSettings
{
    /// <summary>Whether the JSON log file is written.</summary>
    public required bool Enabled { get; init; }

    /// <summary>File path; relative to the working directory; the rolling date is inserted before the extension.</summary>
    public required string Path { get; init; }

    /// <summary>How often a new file is started.</summary>
    public required RollingInterval Rolling { get; init; }

    /// <summary>How many files are kept; older ones are deleted.</summary>
    public required int RetainedFiles { get; init; }

    /// <summary>Largest size of one file before a new one is started, in bytes.</summary>
    public required long SizeLimit { get; init; }
}
