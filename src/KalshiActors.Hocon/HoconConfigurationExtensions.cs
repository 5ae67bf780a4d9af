using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hocon;

/// <summary>Adds HOCON to Microsoft.Extensions.Configuration: keys flattened with `:`, list elements by index.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file (relative paths against the current directory), resolved with the process environment as substitution fallback.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconFileConfigurationSource(Path.GetFullPath(path), optional));
    }

    /// <summary>Adds an already resolved configuration.</summary>
    public static IConfigurationBuilder AddHoconConfig(this IConfigurationBuilder builder, Config config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconConfigSource(config));
    }

    /// <summary>Flattens a configuration into MEC keys (`a:b:0`); null stays null, empty objects and lists add nothing.</summary>
    internal static Dictionary<string, string?> Flatten(Config config)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in config.Root.Fields)
        {
            Flatten(key, value, data);
        }

        return data;
    }

    private static void Flatten(string prefix, HoconValue value, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj.Fields)
                {
                    Flatten(prefix + ConfigurationPath.KeyDelimiter + key, child, data);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(prefix + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), array.Items[i], data);
                }

                break;
            case HoconNull:
                data[prefix] = null;
                break;
            default:
                data[prefix] = HoconResolver.ConcatText(value);
                break;
        }
    }
}

/// <summary>MEC source for a HOCON file.</summary>
internal sealed class HoconFileConfigurationSource(string path, bool optional) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconFileConfigurationProvider(path, optional);
}

/// <summary>Reads a HOCON file once on load; parse and resolve errors surface as <see cref="HoconException"/> with file:line:col.</summary>
internal sealed class HoconFileConfigurationProvider(string path, bool optional) : ConfigurationProvider
{
    public override void Load()
    {
        if (optional && !File.Exists(path))
        {
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            return;
        }

        Data = HoconConfigurationExtensions.Flatten(HoconDocument.ParseFile(path).Resolve());
    }
}

/// <summary>MEC source for a resolved configuration.</summary>
internal sealed class HoconConfigSource(Config config) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigProvider(config);
}

/// <summary>Serves a resolved configuration to MEC.</summary>
internal sealed class HoconConfigProvider(Config config) : ConfigurationProvider
{
    public override void Load() => Data = HoconConfigurationExtensions.Flatten(config);
}
