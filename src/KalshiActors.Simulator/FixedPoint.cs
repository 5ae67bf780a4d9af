using Exact = KalshiActors.Domain.FixedPoint;

namespace KalshiActors.Simulator;

/// <summary>
/// The simulator's integer units (price in 1/10,000 dollar, quantity in 1/100 contract, cash in micro-dollars) as the
/// exchange's fixed-point strings, through Domain's exact parser and formatter.
/// </summary>
internal static class FixedPoint
{
    /// <summary>Formats a YES price (1/10,000 dollar) the way the exchange prints it: "0.4800".</summary>
    public static string Dollars(int price) => Exact.Format(price, 4, 4);

    /// <summary>Formats a quantity (1/100 contract): "12.50".</summary>
    public static string Count(long quantity) => Exact.Format(quantity, 2, 2);

    /// <summary>Formats micro-dollars with 4 decimals when exact, else 6 (the widest portfolio fields).</summary>
    public static string Micros(long micros) => Exact.Format(micros, 6, 4);

    /// <summary>Parses a dollar price string with at most 4 decimals into 1/10,000 dollar; null when malformed.</summary>
    public static int? ParsePrice(string? text) =>
        Parse(text, 4) is { } value and >= 0 and <= 10_000 ? (int)value : null;

    /// <summary>Parses a count string ("10", "10.0", "10.00") into 1/100 contract; null when malformed.</summary>
    public static long? ParseCount(string? text) => Parse(text, 2);

    // The simulator has always taken a trailing point ("5.") from clients and never more than 12 whole digits;
    // Domain's parser is stricter about the first and has no such cap, so both stay here.
    private const int MaxWholeDigits = 12;

    private static long? Parse(string? text, int scale)
    {
        var span = text.AsSpan().Trim();
        if (span.EndsWith(".") && span.Length > 1 && span[..^1].IndexOf('.') < 0)
        {
            span = span[..^1];
        }

        var unsigned = span.StartsWith("-") ? span[1..] : span;
        var point = unsigned.IndexOf('.');
        if ((point < 0 ? unsigned.Length : point) > MaxWholeDigits)
        {
            return null;
        }

        return Exact.TryParse(span, scale, out var units) ? units : null;
    }
}
