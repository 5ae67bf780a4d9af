using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Logging;
using KalshiActors.Hosting.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace KalshiActors.Hosting;

/// <summary>The composition root: registers what every KalshiActors node needs.</summary>
public static class KalshiActorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the validated configuration, every settings record, Serilog behind Microsoft.Extensions.Logging and
    /// <see cref="TimeProvider.System"/> (replaced by a virtual clock in backtests and tests).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The validated configuration.</param>
    /// <param name="logDirectory">Folder relative log paths are taken from; null = the working directory.</param>
    public static IServiceCollection AddKalshiActors(
        this IServiceCollection services, KalshiActorsConfiguration configuration, string? logDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton(configuration);
        services.AddSingleton<Config>(configuration.Config);
        services.AddSingleton(configuration.Settings);
        services.AddSingleton(configuration.Settings.Logging);
        services.TryAddSingleton(TimeProvider.System);

        var baseDirectory = logDirectory ?? Directory.GetCurrentDirectory();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();

            // Serilog applies the configured levels; Microsoft's own filter would otherwise drop Debug and below.
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.Services.AddSingleton<ILoggerProvider>(provider => new SerilogLoggerProvider(
                KalshiActorsLogging.CreateLogger(provider.GetRequiredService<LoggingSettings>(), baseDirectory),
                dispose: true));
        });

        return services;
    }
}
