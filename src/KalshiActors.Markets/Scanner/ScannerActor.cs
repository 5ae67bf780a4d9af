using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// <c>/user/market-data/scanner</c>: runs <see cref="MarketScanner"/> on a timer (the next scan is scheduled when the
/// previous one ends, so scans never overlap and a slow exchange stretches the interval rather than queueing), publishes
/// <see cref="ScanCompleted"/> and, for the alerts, <see cref="MarketsObserved"/> on the event stream, and answers
/// <see cref="GetLatestScan"/>. A failed scan is logged and retried at the next interval.
/// </summary>
internal sealed class ScannerActor : ActorBase, IWithTimers
{
    private static readonly object ScanTimerKey = "scan";

    private readonly IMarketScanSource _source;
    private readonly ScannerSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();

    // The last completed scan (null before the first): what GetLatestScan answers.
    private ScanCompleted? _latest;

    // True while a scan runs: a timer tick or request in that time starts nothing.
    private bool _scanning;

    public ScannerActor(IMarketScanSource source, ScannerSettings settings)
    {
        _source = source;
        _settings = settings;
        _time = Context.System.TimeProvider;
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the scanner.</summary>
    public static Props Props(IMarketScanSource source, ScannerSettings settings) =>
        Kernel.Props.Create(() => new ScannerActor(source, settings));

    /// <inheritdoc />
    protected override void PreStart() => Timers.StartSingleTimer(ScanTimerKey, StartScan.Instance, _settings.InitialDelay);

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case GetLatestScan:
                Sender.Tell(_latest ?? new ScanCompleted(_time.GetUtcNow(), 0, []), Self);
                return true;
            case StartScan when !_scanning:
                _scanning = true;
                MarketScanner.RunAsync(_source, _settings, _time, _stopping.Token)
                    .PipeTo(Self, Self, result => new ScanFinished(result), cause => new ScanFailed(cause));
                return true;
            case StartScan:
                return true;
            case ScanFinished finished:
                OnFinished(finished.Result);
                return true;
            case ScanFailed failed:
                _scanning = false;
                Context.GetLogger().LogWarning(failed.Cause, "Market scan failed; next scan in {Interval}", _settings.Interval);
                Context.System.EventStream.Publish(new ExchangeCallCompleted("scanner.scan", false, null, _time.GetUtcNow()));
                Timers.StartSingleTimer(ScanTimerKey, StartScan.Instance, _settings.Interval);
                return true;
            default:
                return false;
        }
    }

    private void OnFinished(ScanResult result)
    {
        _scanning = false;
        _latest = result.Scan;
        var statistics = result.Statistics;
        var best = result.Scan.Ranked.Count > 0 ? result.Scan.Ranked[0] : null;
        Context.GetLogger().LogInformation(
            "Market scan: {MarketsScanned} markets, {Ranked} ranked, best {BestTicker} ({BestScoreMicros}); {Requests} requests ({Pages} pages, {HistoryLookups} history lookups, {HistoryFailures} failed)",
            result.Scan.MarketsScanned,
            result.Scan.Ranked.Count,
            best?.Ticker.Value,
            best?.ScoreMicros,
            statistics.Requests,
            statistics.Pages,
            statistics.HistoryLookups,
            statistics.HistoryFailures);
        var stream = Context.System.EventStream;
        stream.Publish(new ExchangeCallCompleted("scanner.scan", true, null, _time.GetUtcNow()));
        stream.Publish(new MarketsObserved(result.Scan.At, result.Observed));
        stream.Publish(result.Scan);
        Timers.StartSingleTimer(ScanTimerKey, StartScan.Instance, _settings.Interval);
    }

    /// <summary>Start a scan now unless one runs (the timer's message; tests send it directly).</summary>
    internal sealed class StartScan
    {
        public static readonly StartScan Instance = new();
    }

    private sealed record ScanFinished(ScanResult Result);

    private sealed record ScanFailed(Exception Cause);
}

/// <summary>Every listed market's figures from one scan, unfiltered (published by the scanner for the alerts).</summary>
internal sealed record MarketsObserved(DateTimeOffset At, IReadOnlyList<ScannedMarket> Markets);
