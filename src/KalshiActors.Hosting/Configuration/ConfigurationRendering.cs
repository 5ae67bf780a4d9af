using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>The syntax configuration is printed in.</summary>
public enum ConfigurationFormat
{
    /// <summary>Readable HOCON that parses back to the same tree.</summary>
    Hocon,

    /// <summary>JSON with keys in file order and numbers as written.</summary>
    Json,
}

/// <summary>Prints configuration for `config show` and `config render`.</summary>
public static class ConfigurationRendering
{
    /// <summary>The effective configuration with every secret-named key masked.</summary>
    public static string Effective(KalshiActorsConfiguration configuration, ConfigurationFormat format)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return format == ConfigurationFormat.Json
            ? configuration.Config.ToJson(indented: true, mask: SecretNames.IsSecret)
            : configuration.Config.ToHocon(mask: SecretNames.IsSecret);
    }

    /// <summary>
    /// Exactly one file, parsed and resolved on its own (includes relative to it, <paramref name="environment"/> as the
    /// substitution fallback, no reference.conf). Values are not masked: converting a file must keep it whole.
    /// </summary>
    /// <exception cref="ConfigurationException">The file is malformed or a substitution cannot be resolved; names file:line:col.</exception>
    public static string File(string path, ConfigurationFormat format, Func<string, string?> environment)
    {
        try
        {
            var resolved = HoconDocument.ParseFile(Path.GetFullPath(path))
                .Resolve(new HoconResolveOptions { EnvironmentLookup = environment, UseEnvironment = true });
            return format == ConfigurationFormat.Json ? resolved.ToJson(indented: true) : resolved.ToHocon();
        }
        catch (HoconException ex)
        {
            throw new ConfigurationException(new ConfigurationProblem(string.Empty, ex.Detail ?? ex.Message, ex.Origin));
        }
    }
}
