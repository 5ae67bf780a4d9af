using KalshiActors.Hosting.Configuration;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.strategies` into <see cref="StrategiesSettings"/>.</summary>
internal static class StrategiesSettingsReader
{
    /// <summary>Reads the section through <paramref name="section"/>, recording problems (bad kinds, ids, parameters) there.</summary>
    internal static StrategiesSettings Read(SettingsReader section)
    {
        var instances = section.Map("instances", ReadInstance);
        return new StrategiesSettings { Instances = instances };
    }

    private static StrategyInstanceSettings ReadInstance(SettingsReader instances, string id)
    {
        var section = instances.Section(id);
        var kind = section.Choice("kind", StrategiesSettings.KindNames, StrategyKind.ExpectedValue);
        var instance = new StrategyInstanceSettings(
            id,
            kind,
            section.Boolean("enabled"),
            section.StringList("markets"),
            section.StringList("series"),
            section.Map("parameters", (parameters, key) => parameters.String(key)));

        // The module's own validation, reported at the instance's path so the message points at the file and line.
        var single = new StrategiesSettings { Instances = new Dictionary<string, StrategyInstanceSettings> { [id] = instance } };
        foreach (var (_, message) in single.Validate())
        {
            section.Problem("parameters", message);
        }

        return instance;
    }
}
