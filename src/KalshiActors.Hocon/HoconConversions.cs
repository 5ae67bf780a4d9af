using System.Globalization;
using System.Numerics;

namespace KalshiActors.Hocon;

/// <summary>HOCON's read-time conversions: booleans (true/yes/on, false/no/off), numbers from strings, durations, byte sizes, numeric-keyed objects as lists.</summary>
internal static class HoconConversions
{
    private const long NanosPerMilli = 1_000_000;

    private static readonly Dictionary<string, BigInteger> DurationUnits = BuildDurationUnits();
    private static readonly Dictionary<string, BigInteger> ByteUnits = BuildByteUnits();

    public static HoconException WrongType(string path, HoconValue value, string expected) =>
        new(value.Origin, $"setting '{path}' is {Describe(value)} but {expected} was expected");

    public static string Describe(HoconValue value) => value switch
    {
        HoconString s => $"the string \"{Shorten(s.Value)}\"",
        HoconNumber n => $"the number {n.Text}",
        HoconBoolean b => $"the boolean {(b.Value ? "true" : "false")}",
        HoconNull => "null",
        HoconObject => "an object",
        HoconArray => "a list",
        _ => value.TypeName,
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");

    public static bool ToBoolean(string path, HoconValue value) => value switch
    {
        HoconBoolean b => b.Value,
        HoconString { Value: "true" or "yes" or "on" } => true,
        HoconString { Value: "false" or "no" or "off" } => false,
        _ => throw WrongType(path, value, "a boolean (true/yes/on or false/no/off)"),
    };

    public static string ToText(string path, HoconValue value) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        HoconBoolean b => b.Value ? "true" : "false",
        _ => throw WrongType(path, value, "a string"),
    };

    /// <summary>The number a value holds (strings are read with JSON number rules).</summary>
    public static HoconNumber ToNumber(string path, HoconValue value)
    {
        switch (value)
        {
            case HoconNumber n:
                return n;
            case HoconString s when HoconTokenizer.IsJsonNumber(s.Value.Trim()):
                return new HoconNumber(s.Value.Trim(), s.Origin);
            default:
                throw WrongType(path, value, "a number");
        }
    }

    public static long ToInt64(string path, HoconValue value)
    {
        var number = ToNumber(path, value);
        if (number.TryGetInt64(out var result))
        {
            return result;
        }

        if (decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            return (long)d;
        }

        throw WrongType(path, value, "a whole number that fits in 64 bits");
    }

    public static decimal ToDecimal(string path, HoconValue value)
    {
        var number = ToNumber(path, value);
        if (decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw WrongType(path, value, "a number that fits in a decimal");
    }

    public static double ToDouble(string path, HoconValue value) => ToNumber(path, value).ToDouble();

    /// <summary>Nanoseconds; a bare number means milliseconds.</summary>
    public static BigInteger ToNanoseconds(string path, HoconValue value) => value switch
    {
        HoconNumber n => Scale(path, value, n.Text, NanosPerMilli),
        HoconString s => ParseUnits(path, value, s.Value, DurationUnits, NanosPerMilli, "a duration such as 10s, 500 ms or 2 minutes (units: ns, us, ms, s, m, h, d)"),
        _ => throw WrongType(path, value, "a duration such as 10s or 500 ms"),
    };

    /// <summary>Bytes; a bare number means bytes.</summary>
    public static BigInteger ToBytes(string path, HoconValue value) => value switch
    {
        HoconNumber n => Scale(path, value, n.Text, BigInteger.One),
        HoconString s => ParseUnits(path, value, s.Value, ByteUnits, BigInteger.One, "a size such as 512K, 10 MiB or 1GB"),
        _ => throw WrongType(path, value, "a size in bytes such as 512K or 10 MiB"),
    };

    /// <summary>A list, or an object with keys "0", "1", ... read as a list in index order.</summary>
    public static IReadOnlyList<HoconValue> ToList(string path, HoconValue value)
    {
        switch (value)
        {
            case HoconArray array:
                return array.Items;
            case HoconObject obj when HoconResolver.ToListOrNull(obj) is { } list:
                var kinds = list.Select(v => v switch { HoconObject => "object", HoconArray => "list", _ => "value" }).Distinct().ToList();
                if (kinds.Count > 1)
                {
                    throw new HoconException(value.Origin, $"setting '{path}' is an object with numeric keys whose values mix {string.Join(" and ", kinds.Select(k => k + "s"))}, so it cannot be read as a list");
                }

                return list;
            default:
                throw WrongType(path, value, "a list (or an object with keys \"0\", \"1\", ...)");
        }
    }

    private static BigInteger ParseUnits(string path, HoconValue value, string text, Dictionary<string, BigInteger> units, BigInteger defaultUnit, string expected)
    {
        var s = text.Trim();
        var unitStart = s.Length;
        while (unitStart > 0 && char.IsLetter(s[unitStart - 1]))
        {
            unitStart--;
        }

        var unit = s[unitStart..];
        var number = s[..unitStart].TrimEnd();
        BigInteger factor;
        if (unit.Length == 0)
        {
            factor = defaultUnit;
        }
        else if (!units.TryGetValue(unit, out factor))
        {
            throw new HoconException(value.Origin, $"setting '{path}' has unknown unit '{unit}' in \"{text}\"; expected {expected}");
        }

        if (number.Length == 0)
        {
            throw new HoconException(value.Origin, $"setting '{path}' has no number in \"{text}\"; expected {expected}");
        }

        return Scale(path, value, number, factor, expected);
    }

    private static BigInteger Scale(string path, HoconValue value, string number, BigInteger factor, string expected = "a number")
    {
        if (!TryParseExact(number, out var mantissa, out var exponent))
        {
            throw new HoconException(value.Origin, $"setting '{path}' has invalid number '{number}'; expected {expected}");
        }

        var scaled = mantissa * factor;
        if (exponent >= 0)
        {
            return scaled * BigInteger.Pow(10, exponent);
        }

        // Truncate toward zero, as a whole-unit conversion must.
        return BigInteger.Divide(scaled, BigInteger.Pow(10, -exponent));
    }

    /// <summary>Parses [+-]digits[.digits][e[+-]digits] exactly as mantissa × 10^exponent.</summary>
    private static bool TryParseExact(string s, out BigInteger mantissa, out int exponent)
    {
        mantissa = BigInteger.Zero;
        exponent = 0;
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder();
        var sawDigit = false;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            digits.Append(s[i++]);
            sawDigit = true;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                digits.Append(s[i++]);
                exponent--;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var start = i;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (!int.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) || Math.Abs(e) > 1000)
            {
                return false;
            }

            exponent += e;
        }

        if (i != s.Length)
        {
            return false;
        }

        mantissa = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (negative)
        {
            mantissa = -mantissa;
        }

        return true;
    }

    private static Dictionary<string, BigInteger> BuildDurationUnits()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        void Add(long nanos, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = nanos;
            }
        }

        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "micro", "micros", "microsecond", "microseconds");
        Add(NanosPerMilli, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60_000_000_000, "m", "minute", "minutes");
        Add(3_600_000_000_000, "h", "hour", "hours");
        Add(86_400_000_000_000, "d", "day", "days");
        return units;
    }

    private static Dictionary<string, BigInteger> BuildByteUnits()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal)
        {
            ["B"] = 1,
            ["b"] = 1,
            ["byte"] = 1,
            ["bytes"] = 1,
        };
        string[] decimalPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        for (var i = 0; i < decimalPrefixes.Length; i++)
        {
            var power10 = BigInteger.Pow(1000, i + 1);
            var power2 = BigInteger.Pow(1024, i + 1);
            var letter = decimalPrefixes[i];
            var upper = letter.ToUpperInvariant();
            units[letter + "B"] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            units[upper] = power2;
            units[upper.ToLowerInvariant()] = power2;
            units[upper + "i"] = power2;
            units[upper + "iB"] = power2;
            units[binaryNames[i] + "byte"] = power2;
            units[binaryNames[i] + "bytes"] = power2;
        }

        return units;
    }
}
