using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using Microsoft.Extensions.Hosting;

namespace KalshiActors.Hosting;

/// <summary>Builds the Generic Host of a KalshiActors node from layered HOCON configuration.</summary>
public static class KalshiActorsHost
{
    /// <summary>
    /// Loads and validates the configuration from <paramref name="sources"/> (throwing one
    /// <see cref="ConfigurationException"/> with every problem) and returns a host builder with everything registered.
    /// The builder is the empty one on purpose: appsettings.json and DOTNET_ variables would bypass the HOCON layering.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(ConfigurationSources sources, string? logDirectory = null)
    {
        var configuration = KalshiActorsConfiguration.Load(sources);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "kalshi-actors",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        builder.Configuration.AddHoconConfig(configuration.Config);
        builder.Services.AddKalshiActors(configuration, logDirectory);
        return builder;
    }
}
