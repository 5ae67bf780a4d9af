using KalshiActors.Hosting.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace KalshiActors.Hosting.Logging;

/// <summary>Builds the Serilog logger described by <see cref="LoggingSettings"/>.</summary>
public static class KalshiActorsLogging
{
    /// <summary>
    /// A logger with the configured levels, secret masking, a console sink on stderr (stdout belongs to command output)
    /// and a rolling JSON file; a relative file path is taken from <paramref name="baseDirectory"/>.
    /// </summary>
    public static Logger CreateLogger(LoggingSettings settings, string baseDirectory, Action<LoggerConfiguration>? extend = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.Level)
            .Enrich.FromLogContext()
            .Enrich.With<SecretMaskingEnricher>();

        foreach (var (logger, level) in settings.Overrides)
        {
            configuration.MinimumLevel.Override(logger, level);
        }

        if (settings.Console.Enabled)
        {
            configuration.WriteTo.Console(
                outputTemplate: settings.Console.Template,
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        if (settings.File.Enabled)
        {
            configuration.WriteTo.File(
                new JsonFormatter(renderMessage: true),
                Path.GetFullPath(settings.File.Path, baseDirectory),
                fileSizeLimitBytes: settings.File.SizeLimit,
                rollingInterval: settings.File.Rolling,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: settings.File.RetainedFiles);
        }

        extend?.Invoke(configuration);
        return configuration.CreateLogger();
    }
}
