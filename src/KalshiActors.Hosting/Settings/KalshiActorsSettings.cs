using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Risk;

namespace KalshiActors.Hosting.Settings;

/// <summary>Every module's settings, read once from the effective configuration.</summary>
public sealed record KalshiActorsSettings
{
    /// <summary>Mode names as written in the configuration.</summary>
    public static IReadOnlyDictionary<string, RunMode> Modes { get; } =
        Enum.GetValues<RunMode>().ToDictionary(m => m.ToString().ToLowerInvariant(), m => m, StringComparer.OrdinalIgnoreCase);

    /// <summary>`kalshi-actors.mode`.</summary>
    public required RunMode Mode { get; init; }

    /// <summary>`kalshi-actors.logging`.</summary>
    public required LoggingSettings Logging { get; init; }

    /// <summary>`kalshi-actors.exchange`.</summary>
    public required ExchangeSettings Exchange { get; init; }

    /// <summary>`kalshi-actors.node`.</summary>
    public required Node.NodeSettings Node { get; init; }

    /// <summary>`kalshi-actors.strategies`.</summary>
    public required KalshiActors.Strategies.Settings.StrategiesSettings Strategies { get; init; }

    /// <summary>`kalshi-actors.risk`.</summary>
    public required RiskSettings Risk { get; init; }

    /// <summary>`kalshi-actors.portfolio`.</summary>
    public required KalshiActors.Portfolio.PortfolioSettings Portfolio { get; init; }

    /// <summary>`kalshi-actors.markets`.</summary>
    public required KalshiActors.Markets.MarketsSettings Markets { get; init; }

    /// <summary>`kalshi-actors.execution`.</summary>
    public required Execution.ExecutionSettings Execution { get; init; }

    /// <summary>`kalshi-actors.scanner`.</summary>
    public KalshiActors.Markets.Scanner.ScannerSettings Scanner { get; init; } = KalshiActors.Markets.Scanner.ScannerSettings.Default;

    /// <summary>`kalshi-actors.alerts`.</summary>
    public KalshiActors.Markets.Scanner.AlertSettings Alerts { get; init; } = KalshiActors.Markets.Scanner.AlertSettings.Default;
    /// <summary>`kalshi-actors.dashboard`.</summary>
    public required KalshiActors.Dashboard.DashboardSettings Dashboard { get; init; }

    /// <summary>Reads every section; throws one <see cref="ConfigurationException"/> listing every problem in every section.</summary>
    public static KalshiActorsSettings Create(Config config)
    {
        var reader = SettingsReader.For(config, ConfigurationSchema.RootPath);
        var settings = Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    /// <summary>Reads through <paramref name="root"/> (the `kalshi-actors` section), recording problems there.</summary>
    internal static KalshiActorsSettings Read(SettingsReader root) => new()
    {
        Mode = root.Choice("mode", Modes, RunMode.Simulator),
        Logging = LoggingSettings.Read(root.Section("logging")),
        Exchange = ExchangeSettings.Read(root.Section("exchange")),
        Node = NodeSettingsReader.Read(root.Section("node")),
        Strategies = StrategiesSettingsReader.Read(root.Section("strategies")),
        Risk = RiskSettingsReader.Read(root.Section("risk")),
        Portfolio = PortfolioSettingsReader.Read(root.Section("portfolio")),
        Markets = MarketsSettingsReader.Read(root.Section("markets")),
        Execution = ExecutionSettingsReader.Read(root.Section("execution")),
        Scanner = ScannerSettingsReader.Read(root.Section("scanner")),
        Alerts = AlertSettingsReader.Read(root.Section("alerts")),
        Dashboard = DashboardSettingsReader.Read(root.Section("dashboard")),
    };
}
