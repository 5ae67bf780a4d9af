using KalshiActors.Domain;
using KalshiActors.Execution;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.execution` into <see cref="ExecutionSettings"/>.</summary>
internal static class ExecutionSettingsReader
{
    private static readonly IReadOnlyDictionary<string, ExecutionMode> Modes =
        Enum.GetValues<ExecutionMode>().ToDictionary(m => m.ToString().ToLowerInvariant(), m => m, StringComparer.OrdinalIgnoreCase);

    private static readonly IReadOnlyDictionary<string, OrderJournaling> Journalings = new Dictionary<string, OrderJournaling>(StringComparer.OrdinalIgnoreCase)
    {
        ["write-ahead"] = OrderJournaling.WriteAhead,
        ["write-behind"] = OrderJournaling.WriteBehind,
    };

    /// <summary>Reads the section through <paramref name="section"/>, recording problems there.</summary>
    internal static ExecutionSettings Read(SettingsReader section)
    {
        var maker = section.Section("maker");
        var timeouts = section.Section("timeouts");
        var retry = section.Section("read-retry");
        var breaker = section.Section("breaker");
        var writeBehind = section.Section("write-behind");
        var thresholdText = maker.String("requote-threshold");
        if (!Price.TryParseDollars(thresholdText, out var threshold))
        {
            maker.Problem("requote-threshold", $"'{thresholdText}' is not a dollar price such as 0.01");
            threshold = Price.FromCents(1);
        }

        var settings = new ExecutionSettings
        {
            Mode = section.Choice("mode", Modes, ExecutionMode.Live),
            MakerImproveByOneTick = maker.Boolean("improve-by-one-tick"),
            RequoteThreshold = threshold,
            CancelOnStale = maker.Boolean("cancel-on-stale"),
            CancelOnShutdown = section.Boolean("cancel-on-shutdown"),
            ClosedOrderRetention = section.Duration("closed-order-retention"),
            OrderJournaling = section.Choice("order-journaling", Journalings, OrderJournaling.WriteAhead),
            AdoptionWindow = writeBehind.Duration("adoption-window", TimeSpan.FromSeconds(1)),
            CallTimeout = timeouts.Duration("call", TimeSpan.FromMilliseconds(1)),
            ReconcileRetryDelay = timeouts.Duration("reconcile-retry", TimeSpan.FromMilliseconds(1)),
            ReadRetries = retry.Int32("max-retries", minimum: 0, maximum: 20),
            ReadRetryDelay = retry.Duration("base-delay"),
            BreakerFailureRatio = (double)breaker.Decimal("failure-ratio"),
            BreakerMinimumThroughput = breaker.Int32("minimum-throughput", minimum: 2),
            BreakerSamplingDuration = breaker.Duration("sampling-duration", TimeSpan.FromMilliseconds(500)),
            BreakerBreakDuration = breaker.Duration("break-duration", TimeSpan.FromMilliseconds(500)),
        };
        foreach (var problem in settings.Validate())
        {
            var colon = problem.IndexOf(": ", StringComparison.Ordinal);
            section.Problem(colon > 0 ? problem[..colon] : "execution", colon > 0 ? problem[(colon + 2)..] : problem);
        }

        return settings;
    }
}
