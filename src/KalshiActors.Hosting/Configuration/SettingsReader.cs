using System.Globalization;
using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>
/// Reads one section of a resolved configuration into typed values, recording every problem instead of stopping at the
/// first, so `XxxSettings.Create` can report a missing key, a wrong type and a bad value in one run.
/// </summary>
/// <remarks>
/// A getter that fails returns a harmless default and records the problem; the caller finishes building its record and
/// then calls <see cref="ThrowIfProblems"/>. Nested sections share one problem list.
/// </remarks>
public sealed class SettingsReader
{
    private readonly Config _config;
    private readonly List<ConfigurationProblem> _problems;

    // False once this section (or a parent) was found missing or not an object: its own keys are then not reported
    // again one by one, since the one problem already says what to fix.
    private bool _sectionUsable = true;

    private SettingsReader(Config config, string sectionPath, List<ConfigurationProblem> problems)
    {
        _config = config;
        SectionPath = sectionPath;
        _problems = problems;
    }

    /// <summary>Full path of the section this reader reads (`kalshi-actors.logging`).</summary>
    public string SectionPath { get; }

    /// <summary>Problems recorded so far by this reader and every reader sharing its list.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    /// <summary>A reader for the section at <paramref name="sectionPath"/> of <paramref name="config"/>.</summary>
    public static SettingsReader For(Config config, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        var reader = new SettingsReader(config, sectionPath, []);
        reader.CheckSection();
        return reader;
    }

    /// <summary>A reader for a child section; its problems go to the same list.</summary>
    public SettingsReader Section(string key)
    {
        var child = new SettingsReader(_config, PathOf(key), _problems) { _sectionUsable = _sectionUsable };
        child.CheckSection();
        return child;
    }

    /// <summary>Throws one <see cref="ConfigurationException"/> listing every recorded problem, if there is any.</summary>
    public void ThrowIfProblems()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationException(_problems.ToArray());
        }
    }

    /// <summary>Records a problem found by the caller's own validation (a range, a combination of settings).</summary>
    public void Problem(string key, string message) =>
        _problems.Add(new ConfigurationProblem(PathOf(key), message, OriginAt(PathOf(key))));

    /// <summary>A string setting.</summary>
    public string String(string key) => Read(key, string.Empty, "a string", _config.GetString);

    /// <summary>A string setting that must not be blank; <paramref name="example"/> shows a valid value in the error.</summary>
    public string NonEmptyString(string key, string example)
    {
        var found = _problems.Count;
        var value = String(key);
        if (_problems.Count == found && _sectionUsable && value.Trim().Length == 0)
        {
            Problem(key, $"is empty; give a value such as {example}");
        }

        return value;
    }

    /// <summary>A boolean setting (`true/yes/on`, `false/no/off`).</summary>
    public bool Boolean(string key) => Read(key, false, "a boolean", _config.GetBoolean);

    /// <summary>A 32-bit integer setting within [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int Int32(string key, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        var value = Read(key, minimum, "an integer", _config.GetInt32);
        return InRange(key, value, minimum, maximum);
    }

    /// <summary>A 64-bit integer setting within [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public long Int64(string key, long minimum = long.MinValue, long maximum = long.MaxValue)
    {
        var value = Read(key, minimum, "an integer", _config.GetInt64);
        return InRange(key, value, minimum, maximum);
    }

    /// <summary>A decimal setting.</summary>
    public decimal Decimal(string key) => Read(key, 0m, "a number", _config.GetDecimal);

    /// <summary>A duration setting (`10s`, `5 minutes`; a bare number means milliseconds), at least <paramref name="minimum"/>.</summary>
    public TimeSpan Duration(string key, TimeSpan? minimum = null)
    {
        var floor = minimum ?? TimeSpan.Zero;
        var value = Read(key, floor, "a duration such as 500ms, 10s or 5 minutes", _config.GetDuration);
        return InRange(key, value, floor, TimeSpan.MaxValue);
    }

    /// <summary>A size in bytes (`512k`, `10 MiB`; a bare number means bytes), at least <paramref name="minimum"/>.</summary>
    public long ByteSize(string key, long minimum = 0)
    {
        var value = Read(key, minimum, "a size such as 512k or 10 MiB", _config.GetByteSize);
        return InRange(key, value, minimum, long.MaxValue);
    }

    /// <summary>A list of strings.</summary>
    public IReadOnlyList<string> StringList(string key) => Read(key, [], "a list of strings", _config.GetStringList, acceptsList: true);

    /// <summary>One of <paramref name="choices"/>, matched without regard to case (`information`, `day`).</summary>
    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var text = Read(key, (string?)null, "a string", p => _config.GetString(p));
        return text is null ? fallback : Match(PathOf(key), text, choices, fallback);
    }

    /// <summary>
    /// A free-form map (a section listed in <see cref="ConfigurationSchema.UserMaps"/>): every field's key with its value
    /// converted by <paramref name="convert"/>, which records its own problems through the reader it is given.
    /// </summary>
    public IReadOnlyDictionary<string, T> Map<T>(string key, Func<SettingsReader, string, T> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        var path = PathOf(key);
        var value = Require(path, "an object");
        if (value is null)
        {
            return new Dictionary<string, T>();
        }

        if (value is not HoconObject map)
        {
            Record(path, $"is {Describe(value)}; expected an object", ValueOrigin.Of(value));
            return new Dictionary<string, T>();
        }

        var section = new SettingsReader(_config, path, _problems);
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var field in map.Fields)
        {
            result[field.Key] = convert(section, field.Key);
        }

        return result;
    }

    /// <summary>The full path of a key in this section; keys holding dots or quotes are quoted as HOCON requires.</summary>
    public string PathOf(string key) => $"{SectionPath}.{QuoteKey(key)}";

    /// <summary>Quotes a single key for use in a dotted path when it is not a plain unquoted key.</summary>
    public static string QuoteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return plain ? key : System.Text.Json.JsonSerializer.Serialize(key);
    }

    private void CheckSection()
    {
        var value = Require(SectionPath, "an object");
        if (value is not null and not HoconObject)
        {
            Record(SectionPath, $"is {Describe(value)}; expected an object", ValueOrigin.Of(value));
        }

        _sectionUsable = value is HoconObject;
    }

    private T Read<T>(string key, T fallback, string expected, Func<string, T> get, bool acceptsList = false)
    {
        var path = PathOf(key);
        var value = Require(path, expected);
        if (value is null)
        {
            return fallback;
        }

        // Config's getters would turn some containers into text; a setting that wants a scalar must get one.
        if (value is HoconObject || (value is HoconArray && !acceptsList))
        {
            Record(path, $"is {Describe(value)}; expected {expected}", ValueOrigin.Of(value));
            return fallback;
        }

        try
        {
            return get(path);
        }
        catch (HoconException ex)
        {
            // The library's message quotes the offending value, which must never reach the console for a secret.
            var detail = SecretNames.IsSecret(path) ? $"is a {value.TypeName} (value not shown: secret)" : ex.Detail ?? ex.Message;
            var message = detail.Contains("expected", StringComparison.Ordinal) ? detail : $"{detail} (expected {expected})";
            Record(path, message, ex.Origin ?? ValueOrigin.Of(value));
            return fallback;
        }
    }

    private HoconValue? Require(string path, string expected)
    {
        if (!_sectionUsable)
        {
            return null;
        }

        HoconValue? value;
        try
        {
            value = _config.GetValue(path);
        }
        catch (HoconException ex)
        {
            Record(path, ex.Detail ?? ex.Message, ex.Origin);
            return null;
        }

        if (value is null)
        {
            Record(path, $"is missing; expected {expected} (every setting has a default in hocon/reference.conf, so a layer removed it)", null);
            return null;
        }

        if (value is HoconNull)
        {
            Record(path, $"is null; expected {expected}", ValueOrigin.Of(value));
            return null;
        }

        return value;
    }

    private T InRange<T>(string key, T value, T minimum, T maximum)
        where T : IComparable<T>
    {
        if (value.CompareTo(minimum) < 0 || value.CompareTo(maximum) > 0)
        {
            var path = PathOf(key);
            var bound = value.CompareTo(minimum) < 0
                ? $"at least {Format(minimum)}"
                : $"at most {Format(maximum)}";
            Record(path, $"is {Format(value)}; must be {bound}", OriginAt(path));
            return value.CompareTo(minimum) < 0 ? minimum : maximum;
        }

        return value;
    }

    private T Match<T>(string path, string text, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        foreach (var choice in choices)
        {
            if (string.Equals(choice.Key, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        var shown = SecretNames.IsSecret(path) ? "the value (not shown: secret)" : $"'{text}'";
        Record(path, $"{shown} is not one of {string.Join(", ", choices.Keys)}", OriginAt(path));
        return fallback;
    }

    private HoconOrigin? OriginAt(string path) => _config.GetValue(path) is { } value ? ValueOrigin.Of(value) : null;

    private void Record(string path, string message, HoconOrigin? origin) =>
        _problems.Add(new ConfigurationProblem(path, message, origin));

    private static string Describe(HoconValue value) => value.TypeName switch
    {
        "object" => "an object",
        "list" => "a list",
        var name => $"a {name}",
    };

    private static string Format<T>(T value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
