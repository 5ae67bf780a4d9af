namespace KalshiActors.Hosting.Configuration;

/// <summary>
/// Everything that contributes to the effective configuration, weakest first: hocon/reference.conf, the environment
/// file, the <c>--config</c> files in order, <c>KALSHI_ACTORS__a__b</c> environment variables, explicit flags.
/// </summary>
public sealed record ConfigurationSources
{
    /// <summary>Name of the environment file in hocon/environments (`paper` loads paper.conf), or null for none.</summary>
    public string? Environment { get; init; }

    /// <summary>Extra HOCON files in the order given; a later file wins over an earlier one.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>
    /// The environment variables to use, both for <c>KALSHI_ACTORS__</c> overrides and as the fallback of substitutions
    /// such as <c>${?HOME}</c>; <see cref="ProcessEnvironment"/> for a real run, a fixed dictionary in tests.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Settings given as explicit command-line flags, strongest of all.</summary>
    public IReadOnlyList<SettingOverride> Overrides { get; init; } = [];

    /// <summary>The folder holding reference.conf and environments/; null = <see cref="HoconDirectory.Locate"/>.</summary>
    public string? HoconDirectory { get; init; }

    /// <summary>A snapshot of the process environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}

/// <summary>One setting forced from outside the files: its full path, its value as text, and which flag or variable set it.</summary>
/// <param name="Path">Full dotted path (`kalshi-actors.logging.level`).</param>
/// <param name="Value">The value as typed; a value starting with `[` or `{` is read as a HOCON list or object.</param>
/// <param name="Source">What set it, used as the origin in error messages (`--log-level`).</param>
public sealed record SettingOverride(string Path, string Value, string Source);
