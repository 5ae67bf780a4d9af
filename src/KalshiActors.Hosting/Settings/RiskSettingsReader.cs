using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Risk;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.risk` into <see cref="RiskSettings"/>.</summary>
internal static class RiskSettingsReader
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.risk";

    /// <summary>Check names as written in `disabled-checks` (kebab-case of <see cref="RiskCheck"/>).</summary>
    public static IReadOnlyDictionary<string, RiskCheck> CheckNames { get; } =
        Enum.GetValues<RiskCheck>().ToDictionary(KebabCase, c => c, StringComparer.OrdinalIgnoreCase);

    private static readonly IReadOnlyDictionary<string, TradingState> Actions = new Dictionary<string, TradingState>(StringComparer.OrdinalIgnoreCase)
    {
        ["reducing"] = TradingState.Reducing,
        ["halted"] = TradingState.Halted,
    };

    /// <summary>Reads `kalshi-actors.risk`; throws one <see cref="ConfigurationException"/> listing every problem.</summary>
    public static RiskSettings Create(Config config)
    {
        var reader = SettingsReader.For(config, SectionPath);
        var settings = Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    /// <summary>Reads the section through <paramref name="section"/>, recording problems there.</summary>
    internal static RiskSettings Read(SettingsReader section)
    {
        var defaults = RiskSettings.Default;
        var disabled = new HashSet<RiskCheck>();
        foreach (var name in section.StringList("disabled-checks"))
        {
            if (CheckNames.TryGetValue(name.Trim(), out var check))
            {
                disabled.Add(check);
            }
            else
            {
                section.Problem("disabled-checks", $"'{name}' is not a risk check; use one of {string.Join(", ", CheckNames.Keys)}");
            }
        }

        var settings = new RiskSettings
        {
            DisabledChecks = disabled,
            MaxContractsPerOrder = Contracts(section, "max-contracts-per-order", defaults.MaxContractsPerOrder),
            MaxDollarsPerOrder = Dollars(section, "max-dollars-per-order", defaults.MaxDollarsPerOrder),
            MaxMarketExposureFraction = section.Decimal("max-market-exposure"),
            MaxEventExposureFraction = section.Decimal("max-event-exposure"),
            MaxCategoryExposureFraction = section.Decimal("max-category-exposure"),
            MaxTotalExposureFraction = section.Decimal("max-total-exposure"),
            MaxConcurrentPositions = section.Int32("max-concurrent-positions", minimum: 1),
            DailyLossLimit = Dollars(section, "daily-loss-limit", defaults.DailyLossLimit),
            DailyLossAction = section.Choice("daily-loss-action", Actions, defaults.DailyLossAction),
            DayStartUtc = section.Duration("day-start-utc"),
            DrawdownBreakerFraction = section.Decimal("drawdown-breaker"),
            DrawdownAction = section.Choice("drawdown-action", Actions, defaults.DrawdownAction),
            MaxBuyPrice = PriceOf(section, "max-buy-price", defaults.MaxBuyPrice),
            MinSellPrice = PriceOf(section, "min-sell-price", defaults.MinSellPrice),
            ErrorRateWindow = section.Duration("error-rate-window", TimeSpan.FromSeconds(1)),
            MaxErrorRate = section.Decimal("max-error-rate"),
            ErrorRateMinCalls = section.Int32("error-rate-min-calls", minimum: 1),
            PendingIntentTimeout = section.Duration("pending-intent-timeout", TimeSpan.FromSeconds(1)),
            SnapshotEvery = section.Int32("snapshot-every", minimum: 1),
        };

        if (section.Problems.Count == 0)
        {
            // RiskSettings.Validate names each problem by its key first ("max-event-exposure must ...").
            foreach (var problem in settings.Validate())
            {
                var key = problem.Split(' ', 2)[0];
                section.Problem(key, problem[key.Length..].Trim());
            }
        }

        return settings;
    }

    private static Money Dollars(SettingsReader section, string key, Money fallback)
    {
        var value = section.Decimal(key);
        var units = value * Money.UnitsPerDollar;
        if (units != decimal.Truncate(units) || units is > long.MaxValue or < long.MinValue)
        {
            section.Problem(key, $"is {value}; give dollars with at most 4 decimals, e.g. 50 or 12.5");
            return fallback;
        }

        return Money.FromUnits((long)units);
    }

    private static Quantity Contracts(SettingsReader section, string key, Quantity fallback)
    {
        var value = section.Decimal(key);
        var units = value * Quantity.UnitsPerContract;
        if (units != decimal.Truncate(units) || units is > long.MaxValue or < long.MinValue)
        {
            section.Problem(key, $"is {value}; give contracts with at most 2 decimals, e.g. 100");
            return fallback;
        }

        return Quantity.FromUnits((long)units);
    }

    private static Price PriceOf(SettingsReader section, string key, Price fallback)
    {
        var value = section.Decimal(key);
        var units = value * Price.UnitsPerDollar;
        if (units != decimal.Truncate(units) || units is < 0 or > Price.UnitsPerDollar)
        {
            section.Problem(key, $"is {value}; give a price in dollars between 0 and 1 with at most 4 decimals, e.g. 0.99");
            return fallback;
        }

        return Price.FromUnits((long)units);
    }

    private static string KebabCase(RiskCheck check)
    {
        var name = check.ToString();
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
