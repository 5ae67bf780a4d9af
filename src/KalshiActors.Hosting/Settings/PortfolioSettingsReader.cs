using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Portfolio;
using KalshiActors.Portfolio.Ledger;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.portfolio` into <see cref="PortfolioSettings"/>.</summary>
internal static class PortfolioSettingsReader
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.portfolio";

    private static readonly IReadOnlyDictionary<string, StartingCashSource> CashSources =
        new Dictionary<string, StartingCashSource>(StringComparer.OrdinalIgnoreCase) { ["settings"] = StartingCashSource.Settings, ["exchange"] = StartingCashSource.Exchange };

    private static readonly IReadOnlyDictionary<string, MarkMethod> MarkMethods =
        new Dictionary<string, MarkMethod>(StringComparer.OrdinalIgnoreCase) { ["best-bid"] = MarkMethod.BestBid, ["mid"] = MarkMethod.Mid };

    /// <summary>Reads the section through <paramref name="section"/>, recording every problem there.</summary>
    internal static PortfolioSettings Read(SettingsReader section)
    {
        var defaults = new PortfolioSettings();
        var cashText = section.NonEmptyString("starting-cash", "\"10000.00\"");
        var cash = defaults.StartingCash;
        if (cashText.Length > 0 && (!Money.TryParseDollars(cashText, out cash) || cash.Units < 0))
        {
            section.Problem("starting-cash", $"'{cashText}' is not a non-negative dollar amount with at most 4 decimals, e.g. \"10000.00\"");
            cash = defaults.StartingCash;
        }

        var zone = section.NonEmptyString("day-boundary-time-zone", "\"America/New_York\"");
        if (zone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            section.Problem("day-boundary-time-zone", $"'{zone}' is not a known time zone id; give one such as \"America/New_York\" or \"UTC\"");
            zone = defaults.DayBoundaryTimeZone;
        }

        var dayStartText = section.NonEmptyString("day-start", "\"00:00\"");
        var dayStart = defaults.DayStart;
        if (dayStartText.Length > 0 && !TimeOnly.TryParseExact(dayStartText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out dayStart))
        {
            section.Problem("day-start", $"'{dayStartText}' is not a time of day as HH:mm, e.g. \"00:00\" or \"17:00\"");
            dayStart = defaults.DayStart;
        }

        return new PortfolioSettings
        {
            StartingCash = cash,
            CashSource = section.Choice("starting-cash-source", CashSources, defaults.CashSource),
            MarkMethod = section.Choice("mark-method", MarkMethods, defaults.MarkMethod),
            EquitySnapshotInterval = section.Duration("equity-snapshot-interval", TimeSpan.FromMilliseconds(1)),
            SnapshotEveryEvents = section.Int32("snapshot-every-events", minimum: 1),
            PublishThrottle = section.Duration("publish-throttle"),
            ReconciliationInterval = section.Duration("reconciliation-interval", TimeSpan.FromMilliseconds(1)),
            DayBoundaryTimeZone = zone,
            DayStart = dayStart,
        };
    }
}
