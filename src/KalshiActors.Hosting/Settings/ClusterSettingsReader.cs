using KalshiActors.Cluster;
using KalshiActors.Domain;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.cluster` into <see cref="ClusterSettings"/>.</summary>
internal static class ClusterSettingsReader
{
    private static readonly IReadOnlyDictionary<string, ClusterVenue> Venues =
        new Dictionary<string, ClusterVenue>(StringComparer.OrdinalIgnoreCase) { ["simulator"] = ClusterVenue.Simulator, ["exchange"] = ClusterVenue.Exchange };

    /// <summary>Reads the section through <paramref name="section"/>, recording every problem there.</summary>
    internal static ClusterSettings Read(SettingsReader section)
    {
        var defaults = ClusterSettings.Default;
        var exposureText = section.NonEmptyString("account-max-exposure", "\"100.00\"");
        var exposure = defaults.AccountMaxExposure;
        if (exposureText.Length > 0 && (!Money.TryParseDollars(exposureText, out exposure) || exposure.Units <= 0))
        {
            section.Problem("account-max-exposure", $"'{exposureText}' is not a positive dollar amount with at most 4 decimals, e.g. \"100.00\"");
            exposure = defaults.AccountMaxExposure;
        }

        var settings = new ClusterSettings
        {
            NodeId = section.String("node-id"),
            ShardCount = section.Int32("shard-count", 1, 4096),
            HeartbeatInterval = section.Duration("heartbeat-interval", TimeSpan.FromMilliseconds(100)),
            LeaseTimeout = section.Duration("lease-timeout", TimeSpan.FromMilliseconds(200)),
            BudgetLeaseDuration = section.Duration("budget-lease-duration", TimeSpan.FromMilliseconds(300)),
            HandoffGrace = section.Duration("handoff-grace", TimeSpan.Zero),
            Venue = section.Choice("venue", Venues, defaults.Venue),
            AccountMaxExposure = exposure,
            AccountMaxPositions = section.Int32("account-max-positions", 1),
        };
        foreach (var problem in settings.Validate())
        {
            section.Problem(problem.Split(' ')[0], problem);
        }

        return settings;
    }
}
