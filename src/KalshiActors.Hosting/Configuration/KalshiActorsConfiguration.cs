using KalshiActors.Hocon;
using KalshiActors.Hosting.Settings;

namespace KalshiActors.Hosting.Configuration;

/// <summary>The validated configuration a node starts with: the effective tree and the typed settings read from it.</summary>
public sealed class KalshiActorsConfiguration
{
    private KalshiActorsConfiguration(LayeredConfiguration layers, KalshiActorsSettings settings)
    {
        Layers = layers;
        Settings = settings;
    }

    /// <summary>The merged layers, and the reference they were checked against.</summary>
    public LayeredConfiguration Layers { get; }

    /// <summary>The effective, resolved configuration.</summary>
    public Config Config => Layers.Effective;

    /// <summary>The journal this node writes to (`kalshi-actors.persistence.journal-uri`).</summary>
    public string JournalUri => Config.GetString("kalshi-actors.persistence.journal-uri");

    /// <summary>Every module's settings.</summary>
    public KalshiActorsSettings Settings { get; }

    /// <summary>
    /// Loads every layer and validates the result: unknown keys under `kalshi-actors` and every unreadable setting are
    /// reported together in one <see cref="ConfigurationException"/>.
    /// </summary>
    public static KalshiActorsConfiguration Load(ConfigurationSources sources) => Validate(ConfigurationLoader.Load(sources));

    /// <summary>Validates already loaded layers; see <see cref="Load"/>.</summary>
    public static KalshiActorsConfiguration Validate(LayeredConfiguration layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var problems = new List<ConfigurationProblem>(ConfigurationSchema.FindUnknownKeys(layers.Effective, layers.Reference));
        var reader = SettingsReader.For(layers.Effective, ConfigurationSchema.RootPath);
        var settings = KalshiActorsSettings.Read(reader);
        problems.AddRange(reader.Problems);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }

        return new KalshiActorsConfiguration(layers, settings);
    }
}
