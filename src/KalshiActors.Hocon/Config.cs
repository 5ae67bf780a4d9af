using System.Numerics;

namespace KalshiActors.Hocon;

/// <summary>A resolved configuration with typed getters; a missing path or wrong type fails with a <see cref="HoconException"/> naming path, origin and what was expected.</summary>
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
    public bool HasPath(string path) => throw new NotImplementedException();

    /// <summary>The value at a dotted path (a null value is returned as <see cref="HoconNull"/>), or null when missing.</summary>
    public HoconValue? GetValue(string path) => throw new NotImplementedException();

    /// <summary>A string; numbers and booleans are converted to their text.</summary>
    public string GetString(string path) => throw new NotImplementedException();

    /// <summary>A 64-bit integer (numbers, or strings holding one).</summary>
    public long GetInt64(string path) => throw new NotImplementedException();

    /// <summary>A 32-bit integer.</summary>
    public int GetInt32(string path) => throw new NotImplementedException();

    /// <summary>A decimal.</summary>
    public decimal GetDecimal(string path) => throw new NotImplementedException();

    /// <summary>A double.</summary>
    public double GetDouble(string path) => throw new NotImplementedException();

    /// <summary>A boolean: `true/yes/on` or `false/no/off`.</summary>
    public bool GetBoolean(string path) => throw new NotImplementedException();

    /// <summary>A duration (`10s`, `5 minutes`); a bare number means milliseconds.</summary>
    public TimeSpan GetDuration(string path) => throw new NotImplementedException();

    /// <summary>A duration in nanoseconds; a bare number means milliseconds.</summary>
    public long GetDurationNanoseconds(string path) => throw new NotImplementedException();

    /// <summary>A size in bytes (`512k`, `10 MiB`); a bare number means bytes.</summary>
    public long GetByteSize(string path) => throw new NotImplementedException();

    /// <summary>A size in bytes that may exceed 64 bits (`1 YiB`).</summary>
    public BigInteger GetByteSizeBig(string path) => throw new NotImplementedException();

    /// <summary>A list; an object with keys `"0"`, `"1"`, ... is converted to a list in index order.</summary>
    public IReadOnlyList<HoconValue> GetList(string path) => throw new NotImplementedException();

    /// <summary>A list of strings.</summary>
    public IReadOnlyList<string> GetStringList(string path) => throw new NotImplementedException();

    /// <summary>The object at a path as its own configuration.</summary>
    public Config GetConfig(string path) => throw new NotImplementedException();

    /// <summary>Merges two resolved configurations: this one wins, <paramref name="fallback"/> fills gaps.</summary>
    public Config WithFallback(Config fallback) => throw new NotImplementedException();

    /// <summary>JSON of the whole configuration, keys in file order, numbers as written.</summary>
    public string ToJson(bool indented = true, Func<string, bool>? mask = null) => Root.ToJson(indented, mask);

    /// <summary>Readable HOCON of the whole configuration.</summary>
    public string ToHocon(Func<string, bool>? mask = null) => Root.ToHocon(mask);
}
