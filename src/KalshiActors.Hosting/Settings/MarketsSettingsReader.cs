using KalshiActors.Hosting.Configuration;
using KalshiActors.Markets;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.markets` into <see cref="MarketsSettings"/>.</summary>
internal static class MarketsSettingsReader
{
    /// <summary>Reads the section through <paramref name="section"/>, recording problems there (including the record's own validation).</summary>
    internal static MarketsSettings Read(SettingsReader section)
    {
        var breaker = section.Section("breaker");
        var settings = new MarketsSettings
        {
            Depth = section.Int32("depth"),
            BookStaleAfter = section.Duration("book-stale-after"),
            BookCheckInterval = section.Duration("book-check-interval"),
            QualityWindow = section.Duration("quality-window"),
            BookSnapshotEvery = section.Int32("book-snapshot-every"),
            FeedStaleAfter = section.Duration("feed-stale-after"),
            CatalogRetryInterval = section.Duration("catalog-retry-interval"),
            Markets = section.StringList("subscribe-markets"),
            RestartMinBackoff = section.Duration("restart-min-backoff"),
            RestartMaxBackoff = section.Duration("restart-max-backoff"),
            BreakerFailureRatio = (double)breaker.Decimal("failure-ratio"),
            BreakerMinimumThroughput = breaker.Int32("minimum-throughput"),
            BreakerSamplingDuration = breaker.Duration("sampling-duration"),
            BreakerBreakDuration = breaker.Duration("break-duration"),
        };

        // The record validates its own invariants; each message starts with the key it is about.
        foreach (var problem in settings.Validate())
        {
            var space = problem.IndexOf(' ', StringComparison.Ordinal);
            var key = problem[..space];
            var message = problem[(space + 1)..];
            if (key.StartsWith("breaker.", StringComparison.Ordinal))
            {
                breaker.Problem(key["breaker.".Length..], message);
            }
            else
            {
                section.Problem(key, message);
            }
        }

        return settings;
    }
}
