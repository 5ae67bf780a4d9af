using System.Globalization;

namespace KalshiActors.Simulator.Markets;

/// <summary>Builds tickers the way the exchange does: time codes in America/New_York local time, `YYMMMDD[HHMM]`.</summary>
internal static class TickerCodes
{
    // New York time when the zone database is present; UTC otherwise (tickers are opaque keys, only readability suffers).
    private static readonly TimeZoneInfo Eastern = FindEastern();

    /// <summary>`26AUG13` for a date.</summary>
    public static string Date(DateTimeOffset time) => Local(time).ToString("yyMMMdd", CultureInfo.InvariantCulture).ToUpperInvariant();

    /// <summary>`26AUG132115` for a date and minute.</summary>
    public static string DateTime(DateTimeOffset time) => Local(time).ToString("yyMMMddHHmm", CultureInfo.InvariantCulture).ToUpperInvariant();

    /// <summary>The closing minute suffix of a 15-minute window: `00`, `15`, `30`, `45`.</summary>
    public static string Minute(DateTimeOffset time) => Local(time).ToString("mm", CultureInfo.InvariantCulture);

    /// <summary>A strike as ticker text: `T100000` or `T99.5`.</summary>
    public static string Strike(decimal strike) => "T" + strike.ToString("0.##", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Eastern).DateTime;

    private static TimeZoneInfo FindEastern()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
