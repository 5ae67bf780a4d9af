using KalshiActors.Dashboard;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.dashboard` into <see cref="DashboardSettings"/>.</summary>
internal static class DashboardSettingsReader
{
    /// <summary>Reads the section through <paramref name="section"/>, recording every problem there.</summary>
    internal static DashboardSettings Read(SettingsReader section)
    {
        var settings = new DashboardSettings
        {
            Enabled = section.Boolean("enabled"),
            Url = section.NonEmptyString("url", "\"http://127.0.0.1:8000\""),
            TokenFile = section.NonEmptyString("token-file", "\"./data/dashboard-token\""),
            BookUpdatesPerSecond = section.Int32("book-updates-per-second", minimum: 1, maximum: 1000),
            ClientQueueCapacity = section.Int32("client-queue-capacity", minimum: 8),
            StatusInterval = section.Duration("status-interval", TimeSpan.FromMilliseconds(100)),
            RecentItems = section.Int32("recent-items", minimum: 20),
            ChartPoints = section.Int32("chart-points", minimum: 10),
            AskTimeout = section.Duration("ask-timeout", TimeSpan.FromMilliseconds(1)),
            CorsOrigins = section.StringList("cors-origins"),
        };
        if (section.Problems.Count == 0)
        {
            foreach (var problem in settings.Validate())
            {
                section.Problem("url", problem);
            }
        }

        return settings;
    }
}
