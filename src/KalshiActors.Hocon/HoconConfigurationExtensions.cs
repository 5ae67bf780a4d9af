using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hocon;

/// <summary>Adds HOCON to Microsoft.Extensions.Configuration: keys flattened with `:`, list elements by index.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file, resolved with the process environment as substitution fallback.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false) =>
        throw new NotImplementedException();

    /// <summary>Adds an already resolved configuration.</summary>
    public static IConfigurationBuilder AddHoconConfig(this IConfigurationBuilder builder, Config config) =>
        throw new NotImplementedException();
}
