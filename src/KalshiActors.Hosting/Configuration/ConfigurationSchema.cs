using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>
/// What may appear under `kalshi-actors { }`: exactly the keys hocon/reference.conf defines, plus any key inside the
/// free-form maps listed in <see cref="UserMaps"/>. Everything else is an unknown key, usually a typo, and startup
/// refuses it rather than silently ignoring a setting the user believes is in force.
/// </summary>
public static class ConfigurationSchema
{
    /// <summary>The root every KalshiActors setting lives under.</summary>
    public const string RootPath = "kalshi-actors";

    /// <summary>
    /// Sections whose keys the user chooses (logger names, market tickers, strategy names). reference.conf defines the
    /// section itself; the unknown-key check does not look inside it, and the section's settings record validates its
    /// values. A module that adds such a map adds its full path here, next to its reference.conf entry.
    /// </summary>
    public static IReadOnlyList<string> UserMaps { get; } =
    [
        "kalshi-actors.logging.overrides",
        "kalshi-actors.strategies.instances",
    ];

    /// <summary>
    /// Every key under <see cref="RootPath"/> in <paramref name="effective"/> that <paramref name="reference"/> does not
    /// define, with where it was written; one problem per unknown key, the nearest known sibling suggested.
    /// </summary>
    public static IReadOnlyList<ConfigurationProblem> FindUnknownKeys(Config effective, Config reference) =>
        FindUnknownKeys(effective, reference, UserMaps);

    /// <summary>As <see cref="FindUnknownKeys(Config, Config)"/>, with an explicit list of free-form map paths.</summary>
    public static IReadOnlyList<ConfigurationProblem> FindUnknownKeys(Config effective, Config reference, IReadOnlyList<string> userMaps)
    {
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(userMaps);
        var problems = new List<ConfigurationProblem>();
        if (effective.Root.TryGetValue(RootPath, out var actual) && actual is HoconObject actualRoot &&
            reference.Root.TryGetValue(RootPath, out var known) && known is HoconObject knownRoot)
        {
            var maps = new HashSet<string>(userMaps, StringComparer.Ordinal);
            Compare(actualRoot, knownRoot, RootPath, maps, problems);
        }

        return problems;
    }

    private static void Compare(
        HoconObject actual, HoconObject known, string path, HashSet<string> userMaps, List<ConfigurationProblem> problems)
    {
        foreach (var field in actual.Fields)
        {
            var childPath = $"{path}.{SettingsReader.QuoteKey(field.Key)}";
            if (!known.TryGetValue(field.Key, out var knownValue))
            {
                problems.Add(new ConfigurationProblem(childPath, UnknownMessage(childPath, field.Key, known), ValueOrigin.Of(field.Value)));
                continue;
            }

            // A type mismatch (an object where reference.conf has a scalar) is the settings reader's to report.
            if (field.Value is HoconObject actualChild && knownValue is HoconObject knownChild && !userMaps.Contains(childPath))
            {
                Compare(actualChild, knownChild, childPath, userMaps, problems);
            }
        }
    }

    private static string UnknownMessage(string path, string key, HoconObject known)
    {
        var suggestion = known.Keys
            .Select(candidate => (candidate, distance: EditDistance(key, candidate)))
            .Where(c => c.distance <= Math.Max(2, key.Length / 3))
            .OrderBy(c => c.distance)
            .Select(c => c.candidate)
            .FirstOrDefault();
        var hint = suggestion is null
            ? "hocon/reference.conf lists every setting"
            : $"did you mean '{suggestion}'?";
        return $"{path}: unknown setting ({hint})";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
