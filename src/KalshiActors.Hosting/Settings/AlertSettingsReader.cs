using KalshiActors.Hosting.Configuration;
using KalshiActors.Markets.Scanner;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.alerts` into <see cref="AlertSettings"/>.</summary>
internal static class AlertSettingsReader
{
    /// <summary>Reads the section through <paramref name="section"/>, recording problems there (including the record's own validation).</summary>
    internal static AlertSettings Read(SettingsReader section)
    {
        var settings = new AlertSettings
        {
            Enabled = section.Boolean("enabled"),
            CoolDown = section.Duration("cool-down"),
            PriceDrop = SettingsValues.Price(section, "price-drop"),
            PriceDropRearm = SettingsValues.Price(section, "price-drop-rearm"),
            PriceDropMinVolume24h = SettingsValues.Quantity(section, "price-drop-min-volume-24h"),
            PriceDropMinLiquidity = SettingsValues.Money(section, "price-drop-min-liquidity"),
            SpreadTight = SettingsValues.Price(section, "spread-tight"),
            SpreadRearm = SettingsValues.Price(section, "spread-rearm"),
            NewMarketClosingWithin = section.Duration("new-market-closing-within"),
            DrawdownBasisPoints = section.Int32("drawdown-basis-points"),
            DrawdownRearmBasisPoints = section.Int32("drawdown-rearm-basis-points"),
        };
        SettingsValues.Report(section, settings.Validate());
        return settings;
    }
}
