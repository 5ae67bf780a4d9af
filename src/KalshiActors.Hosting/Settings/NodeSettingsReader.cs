using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.node` into <see cref="NodeSettings"/>.</summary>
internal static class NodeSettingsReader
{
    private static readonly IReadOnlyDictionary<string, PaperMarketData> PaperSources = new Dictionary<string, PaperMarketData>(StringComparer.OrdinalIgnoreCase)
    {
        ["simulator"] = PaperMarketData.Simulator,
        ["exchange"] = PaperMarketData.Exchange,
    };

    internal static NodeSettings Read(SettingsReader section)
    {
        var simulator = section.Section("simulator");
        var markets = section.StringList("markets");
        foreach (var market in markets.Where(m => m.Trim().Length == 0))
        {
            section.Problem("markets", $"holds an empty entry '{market}'; list series or market tickers such as KXBTC15M");
        }

        return new NodeSettings
        {
            StatusInterval = section.Duration("status-interval"),
            DigestInterval = section.Duration("digest-interval"),
            ShutdownStepTimeout = section.Duration("shutdown-step-timeout", TimeSpan.FromMilliseconds(100)),
            Markets = markets,
            EmbeddedSimulator = simulator.Boolean("embedded"),
            FairValuePollInterval = simulator.Duration("fair-value-poll-interval", TimeSpan.FromMilliseconds(10)),
            PaperMarketData = section.Choice("paper-market-data", PaperSources, PaperMarketData.Simulator),
        };
    }
}
