using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Markets.Scanner;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.scanner` into <see cref="ScannerSettings"/>.</summary>
internal static class ScannerSettingsReader
{
    /// <summary>Reads the section through <paramref name="section"/>, recording problems there (including the record's own validation).</summary>
    internal static ScannerSettings Read(SettingsReader section)
    {
        var settings = new ScannerSettings
        {
            Enabled = section.Boolean("enabled"),
            Interval = section.Duration("interval"),
            InitialDelay = section.Duration("initial-delay"),
            MaxHistoryLookups = section.Int32("max-history-lookups"),
            HistoryConcurrency = section.Int32("history-concurrency"),
            MaxRanked = section.Int32("max-ranked"),
            MinPrice = SettingsValues.Price(section, "min-price"),
            MaxPrice = SettingsValues.Price(section, "max-price"),
            MinVolume24h = SettingsValues.Quantity(section, "min-volume-24h"),
            MinTimeToClose = section.Duration("min-time-to-close"),
            MaxTimeToClose = section.Duration("max-time-to-close"),
            MaxSpread = SettingsValues.Price(section, "max-spread"),
            MinOpenInterest = SettingsValues.Quantity(section, "min-open-interest"),
            MinLiquidity = SettingsValues.Money(section, "min-liquidity"),
            MinDrop24h = SettingsValues.Price(section, "min-drop-24h"),
            MinDrop7d = SettingsValues.Price(section, "min-drop-7d"),
            ActiveWithin = section.Duration("active-within"),
            InactiveAfter = section.Duration("inactive-after"),
            InactiveFactorPercent = section.Int32("inactive-factor-percent"),
            FullScoreDrop24h = SettingsValues.Price(section, "full-score-drop-24h"),
            FullScoreDrop7d = SettingsValues.Price(section, "full-score-drop-7d"),
            FullScoreVolume24h = SettingsValues.Quantity(section, "full-score-volume-24h"),
        };
        SettingsValues.Report(section, settings.Validate());
        return settings;
    }
}

/// <summary>Prices, quantities and money read exactly from HOCON (numbers or strings such as "0.20"), never through double.</summary>
internal static class SettingsValues
{
    /// <summary>A price in dollars (0 to 1).</summary>
    public static Price Price(SettingsReader section, string key) =>
        Parse(section, key, text => Domain.Price.ParseDollars(text, key), Domain.Price.Zero, "a price in dollars between 0 and 1, e.g. \"0.20\"");

    /// <summary>A contract count (two decimals at most).</summary>
    public static Quantity Quantity(SettingsReader section, string key) =>
        Parse(section, key, text => Domain.Quantity.Parse(text, key), Domain.Quantity.Zero, "a contract count, e.g. 100");

    /// <summary>An amount in dollars.</summary>
    public static Money Money(SettingsReader section, string key) =>
        Parse(section, key, text => Domain.Money.ParseDollars(text, key), Domain.Money.Zero, "an amount in dollars, e.g. \"10.00\"");

    /// <summary>Records the record's own validation messages (each starts with its key) against <paramref name="section"/>.</summary>
    public static void Report(SettingsReader section, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            var space = problem.IndexOf(' ', StringComparison.Ordinal);
            section.Problem(problem[..space], problem[(space + 1)..]);
        }
    }

    private static T Parse<T>(SettingsReader section, string key, Func<string, T> parse, T fallback, string expected)
    {
        var text = section.String(key);
        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or KalshiActorsException)
        {
            section.Problem(key, string.Create(CultureInfo.InvariantCulture, $"must be {expected} (got '{text}')"));
            return fallback;
        }
    }
}
