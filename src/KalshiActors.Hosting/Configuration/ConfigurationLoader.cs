using System.Text;
using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>The merged, resolved configuration and the reference it is checked against.</summary>
/// <param name="Effective">All layers merged and resolved.</param>
/// <param name="Reference">hocon/reference.conf alone, resolved: the set of keys that exist.</param>
/// <param name="HoconDirectory">The hocon/ folder the files were read from.</param>
public sealed record LayeredConfiguration(Config Effective, Config Reference, string HoconDirectory);

/// <summary>Reads and merges the configuration layers described by <see cref="ConfigurationSources"/>.</summary>
public static class ConfigurationLoader
{
    /// <summary>Prefix of environment variables that set configuration: `KALSHI_ACTORS__logging__level=debug`.</summary>
    public const string EnvironmentPrefix = "KALSHI_ACTORS__";

    /// <summary>
    /// Parses every layer, merges them (reference.conf &lt; environment file &lt; --config files &lt; environment variables
    /// &lt; flags) and resolves substitutions once over the merged tree, so a substitution in reference.conf sees the
    /// user's value. Throws <see cref="ConfigurationException"/> naming file, line and column for any unreadable layer.
    /// </summary>
    public static LayeredConfiguration Load(ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        try
        {
            return LoadLayers(sources);
        }
        catch (HoconException ex)
        {
            throw new ConfigurationException(new ConfigurationProblem(string.Empty, ex.Detail ?? ex.Message, ex.Origin));
        }
    }

    /// <summary>Maps an environment variable name to a setting path, or null when it is not a KalshiActors variable.</summary>
    /// <remarks>
    /// After the prefix, `__` separates path segments; within a segment `_` stands for `-` (shells do not allow `-` in
    /// names) and letters are lower-cased, so `KALSHI_ACTORS__LOGGING__FILE__RETAINED_FILES` is
    /// `kalshi-actors.logging.file.retained-files`.
    /// </remarks>
    public static string[]? PathOfEnvironmentVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = name[EnvironmentPrefix.Length..]
            .Split("__")
            .Select(segment => segment.Replace('_', '-').ToLowerInvariant())
            .ToList();
        segments.Insert(0, ConfigurationSchema.RootPath);
        return segments.ToArray();
    }

    private static LayeredConfiguration LoadLayers(ConfigurationSources sources)
    {
        var hoconDirectory = sources.HoconDirectory ?? HoconDirectory.Locate();
        var resolveOptions = new HoconResolveOptions
        {
            EnvironmentLookup = name => sources.EnvironmentVariables.TryGetValue(name, out var value) ? value : null,
            UseEnvironment = true,
        };

        var referencePath = Path.Combine(hoconDirectory, HoconDirectory.ReferenceFileName);
        var reference = HoconDocument.ParseFile(referencePath);

        // Strongest first; each layer falls back to the ones after it.
        var layers = new List<HoconDocument>();
        layers.AddRange(sources.Overrides.Reverse().Select(o => OverrideDocument(SplitPath(o.Path), o.Value, o.Source)));
        layers.AddRange(EnvironmentVariableDocuments(sources.EnvironmentVariables));
        layers.AddRange(sources.ConfigFiles.Reverse().Select(ParseUserFile));
        if (sources.Environment is { } environment)
        {
            layers.Add(HoconDocument.ParseFile(EnvironmentFile(hoconDirectory, environment)));
        }

        layers.Add(reference);
        var merged = layers.Aggregate((stronger, weaker) => stronger.WithFallback(weaker));
        return new LayeredConfiguration(merged.Resolve(resolveOptions), reference.Resolve(resolveOptions), hoconDirectory);
    }

    private static string EnvironmentFile(string hoconDirectory, string environment)
    {
        var known = HoconDirectory.Environments(hoconDirectory);
        if (!known.Contains(environment, StringComparer.Ordinal))
        {
            throw new ConfigurationException(new ConfigurationProblem(
                string.Empty,
                $"--env {environment}: no such environment; choose one of {string.Join(", ", known)} " +
                $"(files in {Path.Combine(hoconDirectory, HoconDirectory.EnvironmentsFolderName)})",
                null));
        }

        return Path.Combine(hoconDirectory, HoconDirectory.EnvironmentsFolderName, environment + ".conf");
    }

    private static HoconDocument ParseUserFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException(new ConfigurationProblem(
                string.Empty,
                $"--config {path}: file not found (relative paths are taken from the working directory {Directory.GetCurrentDirectory()})",
                null));
        }

        return HoconDocument.ParseFile(Path.GetFullPath(path));
    }

    private static IEnumerable<HoconDocument> EnvironmentVariableDocuments(IReadOnlyDictionary<string, string> variables)
    {
        // Ordinal order makes the winner deterministic when two spellings map to the same path.
        foreach (var variable in variables.OrderBy(v => v.Key, StringComparer.Ordinal).Reverse())
        {
            var path = PathOfEnvironmentVariable(variable.Key);
            if (path is null)
            {
                continue;
            }

            if (path.Skip(1).Any(string.IsNullOrEmpty))
            {
                throw new ConfigurationException(new ConfigurationProblem(
                    string.Empty,
                    $"environment variable {variable.Key}: empty path segment; write KALSHI_ACTORS__section__key " +
                    "with exactly two underscores between segments",
                    null));
            }

            yield return OverrideDocument(path, variable.Value, $"environment variable {variable.Key}");
        }
    }

    private static string[] SplitPath(string path) => path.Split('.');

    private static HoconDocument OverrideDocument(string[] path, string value, string source)
    {
        var key = string.Join('.', path.Select(Quote));
        var trimmed = value.TrimStart();
        if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
        {
            try
            {
                return HoconDocument.ParseText($"{key} = {value}", source);
            }
            catch (HoconParseException)
            {
                // Not a well-formed list or object: keep it as the literal text, which the settings reader then
                // reports with this variable's name if a list or object was expected.
            }
        }

        return HoconDocument.ParseText($"{key} = {Quote(value)}", source);
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }
}
