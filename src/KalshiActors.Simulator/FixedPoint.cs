using System.Globalization;

namespace KalshiActors.Simulator;

/// <summary>Exact conversions between the exchange's fixed-point strings and the simulator's integer units.</summary>
internal static class FixedPoint
{
    /// <summary>Formats a YES price (1/10,000 dollar) the way the exchange prints it: "0.4800".</summary>
    public static string Dollars(int price) => FormatScaled(price, 4);

    /// <summary>Formats a quantity (1/100 contract): "12.50".</summary>
    public static string Count(long quantity) => FormatScaled(quantity, 2);

    /// <summary>Formats micro-dollars with 4 decimals when exact, else 6 (the widest portfolio fields).</summary>
    public static string Micros(long micros) => micros % 100 == 0 ? FormatScaled(micros / 100, 4) : FormatScaled(micros, 6);

    /// <summary>Parses a dollar price string with at most 4 decimals into 1/10,000 dollar; null when malformed.</summary>
    public static int? ParsePrice(string? text)
    {
        var value = ParseScaled(text, 4);
        return value is >= 0 and <= 10_000 ? (int)value : null;
    }

    /// <summary>Parses a count string ("10", "10.0", "10.00") into 1/100 contract; null when malformed.</summary>
    public static long? ParseCount(string? text) => ParseScaled(text, 2);

    private static string FormatScaled(long value, int decimals)
    {
        var negative = value < 0;
        var magnitude = negative ? -(decimal)value : value;
        long scale = 1;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        var whole = decimal.Truncate(magnitude / scale);
        var fraction = magnitude - (whole * scale);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{(negative ? "-" : string.Empty)}{whole}.{((long)fraction).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0')}");
    }

    private static long? ParseScaled(string? text, int decimals)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var wholePart = dot < 0 ? span : span[..dot];
        var fractionPart = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        while (fractionPart.Length > decimals && fractionPart[^1] == '0')
        {
            fractionPart = fractionPart[..^1];
        }

        if (fractionPart.Length > decimals || (wholePart.Length == 0 && fractionPart.Length == 0) || wholePart.Length > 12)
        {
            return null;
        }

        long result = 0;
        foreach (var c in wholePart)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }

            result = (result * 10) + (c - '0');
        }

        for (var i = 0; i < decimals; i++)
        {
            var digit = 0;
            if (i < fractionPart.Length)
            {
                var c = fractionPart[i];
                if (c is < '0' or > '9')
                {
                    return null;
                }

                digit = c - '0';
            }

            result = (result * 10) + digit;
        }

        return negative ? -result : result;
    }
}
