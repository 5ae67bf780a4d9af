namespace KalshiActors.Domain;

/// <summary>Exact conversion between decimal strings ("0.5600", "-12.50", "7") and scaled integers; never goes through floating point.</summary>
public static class FixedPoint
{
    private static readonly long[] PowersOfTen =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    ];

    /// <summary>The multiplier for <paramref name="decimals"/> decimal places (0 to 9).</summary>
    public static long Factor(int decimals) => PowersOfTen[decimals];

    /// <summary>
    /// Parses a plain decimal (optional '-', digits, optional '.' and digits) into units of 10^-<paramref name="scale"/>.
    /// Digits beyond the scale are accepted only when they are zeros, so no value is ever rounded.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, int scale, out long units)
    {
        units = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var i = 0;
        var negative = false;
        if (text[0] == '-')
        {
            negative = true;
            i = 1;
        }

        long value = 0;
        var integerDigits = 0;
        for (; i < text.Length && text[i] != '.'; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9 || value > (long.MaxValue - d) / 10)
            {
                return false;
            }

            value = (value * 10) + d;
            integerDigits++;
        }

        var fractionDigits = 0;
        if (i < text.Length)
        {
            i++; // the '.'
            for (; i < text.Length; i++)
            {
                var d = text[i] - '0';
                if ((uint)d > 9)
                {
                    return false;
                }

                if (fractionDigits < scale)
                {
                    if (value > (long.MaxValue - d) / 10)
                    {
                        return false;
                    }

                    value = (value * 10) + d;
                }
                else if (d != 0)
                {
                    return false;
                }

                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                return false;
            }
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return false;
        }

        var missing = scale - Math.Min(fractionDigits, scale);
        var factor = PowersOfTen[missing];
        if (value > long.MaxValue / factor)
        {
            return false;
        }

        value *= factor;
        units = negative ? -value : value;
        return true;
    }

    /// <summary>The UTF-8 twin of <see cref="TryParse(ReadOnlySpan{char}, int, out long)"/> for the WebSocket fast path.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, int scale, out long units)
    {
        Span<char> chars = stackalloc char[32];
        if (utf8.Length > chars.Length)
        {
            units = 0;
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        return TryParse(chars[..utf8.Length], scale, out units);
    }

    /// <summary>Parses or throws <see cref="InvalidFieldValueException"/> naming the field and the expected form.</summary>
    public static long Parse(string text, int scale, string field, string expected)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), scale, out var units)
            ? units
            : throw new InvalidFieldValueException(field, text, expected);
    }

    /// <summary>Formats units of 10^-<paramref name="scale"/> with exactly <paramref name="decimals"/> decimals when that loses nothing, else with <paramref name="scale"/> decimals.</summary>
    public static string Format(long units, int scale, int decimals)
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        return new string(text[..FormatTo(text, units, scale, decimals)]);
    }

    /// <summary>The longest text <see cref="Format"/> writes (sign, 19 digits, point, up to 18 decimals).</summary>
    public const int MaxFormattedLength = 40;

    /// <summary>
    /// <see cref="Format"/> into <paramref name="destination"/> (at least <see cref="MaxFormattedLength"/> long) without
    /// allocating (it runs for every price, amount and count a journaled event carries); returns the length written.
    /// </summary>
    public static int FormatTo(Span<char> destination, long units, int scale, int decimals)
    {
        var shown = decimals;
        if (decimals < scale && units % PowersOfTen[scale - decimals] != 0)
        {
            shown = scale;
        }

        // The magnitude as ulong, because -long.MinValue does not fit in a long.
        var factor = (ulong)PowersOfTen[scale];
        var magnitude = units < 0 ? (ulong)-(units + 1) + 1 : (ulong)units;
        var whole = magnitude / factor;
        var fraction = (long)(magnitude % factor);
        var length = 0;
        if (units < 0)
        {
            destination[length++] = '-';
        }

        whole.TryFormat(destination[length..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        length += digits;
        if (shown == 0)
        {
            return length;
        }

        destination[length++] = '.';
        var fractionShown = fraction / PowersOfTen[scale - shown];
        for (var i = length + shown - 1; i >= length; i--)
        {
            destination[i] = (char)('0' + (fractionShown % 10));
            fractionShown /= 10;
        }

        return length + shown;
    }
}
