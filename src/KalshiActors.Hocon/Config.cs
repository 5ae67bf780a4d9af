using System.Numerics;

namespace KalshiActors.Hocon;

/// <summary>A resolved configuration with typed getters; a missing path or wrong type fails with a <see cref="HoconException"/> naming the path, the value's origin and what was expected.</summary>
public sealed class Config
{
    internal Config(HoconObject root)
    {
        Root = root;
    }

    /// <summary>A configuration with no settings.</summary>
    public static Config Empty { get; } = new(HoconObject.Empty);

    /// <summary>The resolved root object.</summary>
    public HoconObject Root { get; }

    /// <summary>True when the path exists and is not null.</summary>
    public bool HasPath(string path) => GetValue(path) is { } value && value is not HoconNull;

    /// <summary>The value at a dotted path (`a.b."c.d"`); an explicit null is returned as <see cref="HoconNull"/>, a missing path as null.</summary>
    public HoconValue? GetValue(string path)
    {
        HoconValue current = Root;
        foreach (var key in Split(path))
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    /// <summary>A string; numbers and booleans are converted to their text.</summary>
    public string GetString(string path) => HoconConversions.ToText(path, Require(path));

    /// <summary>A 64-bit integer (numbers, or strings holding one).</summary>
    public long GetInt64(string path) => HoconConversions.ToInt64(path, Require(path));

    /// <summary>A 32-bit integer.</summary>
    public int GetInt32(string path)
    {
        var value = Require(path);
        var result = HoconConversions.ToInt64(path, value);
        return result is >= int.MinValue and <= int.MaxValue
            ? (int)result
            : throw HoconConversions.WrongType(path, value, "a whole number that fits in 32 bits");
    }

    /// <summary>A decimal.</summary>
    public decimal GetDecimal(string path) => HoconConversions.ToDecimal(path, Require(path));

    /// <summary>A double.</summary>
    public double GetDouble(string path) => HoconConversions.ToDouble(path, Require(path));

    /// <summary>A boolean: `true/yes/on` or `false/no/off`.</summary>
    public bool GetBoolean(string path) => HoconConversions.ToBoolean(path, Require(path));

    /// <summary>A duration (`10s`, `5 minutes`); a bare number means milliseconds. Precision is 100 ns (one tick).</summary>
    public TimeSpan GetDuration(string path)
    {
        var value = Require(path);
        var nanos = HoconConversions.ToNanoseconds(path, value);
        var ticks = nanos / 100;
        return ticks >= TimeSpan.MinValue.Ticks && ticks <= TimeSpan.MaxValue.Ticks
            ? TimeSpan.FromTicks((long)ticks)
            : throw HoconConversions.WrongType(path, value, "a duration within TimeSpan's range");
    }

    /// <summary>A duration in nanoseconds; a bare number means milliseconds.</summary>
    public long GetDurationNanoseconds(string path)
    {
        var value = Require(path);
        var nanos = HoconConversions.ToNanoseconds(path, value);
        return nanos >= long.MinValue && nanos <= long.MaxValue
            ? (long)nanos
            : throw HoconConversions.WrongType(path, value, "a duration that fits in 64-bit nanoseconds");
    }

    /// <summary>A size in bytes (`512k`, `10 MiB`); a bare number means bytes.</summary>
    public long GetByteSize(string path)
    {
        var value = Require(path);
        var bytes = HoconConversions.ToBytes(path, value);
        return bytes >= long.MinValue && bytes <= long.MaxValue
            ? (long)bytes
            : throw HoconConversions.WrongType(path, value, "a size that fits in 64 bits (use GetByteSizeBig for larger sizes)");
    }

    /// <summary>A size in bytes that may exceed 64 bits (`1 YiB`).</summary>
    public BigInteger GetByteSizeBig(string path) => HoconConversions.ToBytes(path, Require(path));

    /// <summary>A list; an object with keys `"0"`, `"1"`, ... is converted to a list in index order.</summary>
    public IReadOnlyList<HoconValue> GetList(string path) => HoconConversions.ToList(path, Require(path));

    /// <summary>A list of strings (numbers and booleans converted to text).</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var list = GetList(path);
        var result = new string[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            result[i] = HoconConversions.ToText($"{path}.{i}", list[i]);
        }

        return result;
    }

    /// <summary>The object at a path as its own configuration.</summary>
    public Config GetConfig(string path)
    {
        var value = Require(path);
        return value is HoconObject obj ? new Config(obj) : throw HoconConversions.WrongType(path, value, "an object");
    }

    /// <summary>Merges two resolved configurations: this one wins, <paramref name="fallback"/> fills gaps (objects merge recursively).</summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new Config(HoconResolver.MergeObjects(Root, fallback.Root));
    }

    /// <summary>JSON of the whole configuration, keys in file order, numbers as written; <paramref name="mask"/> gets each dotted path and returns true to print "***".</summary>
    public string ToJson(bool indented = true, Func<string, bool>? mask = null) => Root.ToJson(indented, mask);

    /// <summary>Readable HOCON of the whole configuration that parses back to the same tree.</summary>
    public string ToHocon(Func<string, bool>? mask = null) => Root.ToHocon(mask);

    private static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var c in path)
        {
            if (c is '"' or ' ' or '\t')
            {
                return HoconPath.Parse(path);
            }
        }

        var parts = path.Split('.');
        if (Array.Exists(parts, p => p.Length == 0))
        {
            throw new HoconException($"invalid path \"{path}\": empty element (quote an empty key as \"\")");
        }

        return parts;
    }

    private HoconValue Require(string path)
    {
        var elements = Split(path);
        HoconValue current = Root;
        for (var i = 0; i < elements.Length; i++)
        {
            if (current is not HoconObject obj)
            {
                throw new HoconException(current.Origin, $"setting '{path}' is missing: '{HoconPath.Render(elements[..i])}' is {HoconConversions.Describe(current)}, not an object");
            }

            if (!obj.TryGetValue(elements[i], out var child))
            {
                var where = i == 0 ? "the configuration" : $"the object '{HoconPath.Render(elements[..i])}' ({obj.Origin})";
                throw new HoconException($"setting '{path}' is missing: {where} has no key '{elements[i]}'; add it to the configuration");
            }

            current = child;
        }

        if (current is HoconNull)
        {
            throw new HoconException(current.Origin, $"setting '{path}' is null but a value was expected");
        }

        return current;
    }
}
