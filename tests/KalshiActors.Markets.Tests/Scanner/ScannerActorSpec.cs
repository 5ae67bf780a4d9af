using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Scanner;
using KalshiActors.Testing;
using static KalshiActors.Markets.Tests.Scanner.ScanListings;

namespace KalshiActors.Markets.Tests.Scanner;

public sealed class ScannerActorSpec : TestKit
{
    private readonly ScriptedScanSource _source = new();
    private readonly TestProbe _scans;

    public ScannerActorSpec()
        : base(timeProvider: new ManualTimeProvider(Now))
    {
        _scans = CreateTestProbe("scans");
        Sys.EventStream.Subscribe(_scans.Ref, typeof(ScanCompleted));
        _source.Set(Listing("KXS-A", "0.40", "0.42", "0.41"), Listing("KXS-B", "0.30", "0.35", "0.31"), Listing("KXS-OUT", "0.02", "0.04", "0.03"));
    }

    [Fact]
    public void ScannerActor_must_scan_after_the_initial_delay_publish_the_ranking_and_answer_GetLatestScan()
    {
        var scanner = ActorOf(ScannerActor.Props(_source, ScannerSettings.Default));
        scanner.Tell(new GetLatestScan());
        var before = ExpectMsg<ScanCompleted>();
        Assert.Equal(0, before.MarketsScanned);
        Assert.Empty(before.Ranked);

        Clock!.Advance(ScannerSettings.Default.InitialDelay);
        var scan = _scans.ExpectMsg<ScanCompleted>();
        Assert.Equal(3, scan.MarketsScanned);
        Assert.Equal(["KXS-A", "KXS-B"], scan.Ranked.Select(m => m.Ticker.Value));

        scanner.Tell(new GetLatestScan());
        Assert.Same(scan, ExpectMsg<ScanCompleted>());
    }

    [Fact]
    public void ScannerActor_must_scan_again_an_interval_after_the_previous_scan_ended()
    {
        var scanner = StartScanner();
        Clock!.Advance(ScannerSettings.Default.InitialDelay);
        _scans.ExpectMsg<ScanCompleted>();

        _source.Set(Listing("KXS-C", "0.50", "0.51", "0.50"));
        AwaitHandled(scanner);
        Clock.Advance(ScannerSettings.Default.Interval - TimeSpan.FromSeconds(1));
        _scans.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("KXS-C", Assert.Single(_scans.ExpectMsg<ScanCompleted>().Ranked).Ticker.Value);
    }

    [Fact]
    public void ScannerActor_must_keep_its_last_ranking_and_retry_when_a_scan_fails()
    {
        var scanner = StartScanner();
        Clock!.Advance(ScannerSettings.Default.InitialDelay);
        var good = _scans.ExpectMsg<ScanCompleted>();

        _source.FailListingWith = new InvalidOperationException("exchange down");
        scanner.Tell(ScannerActor.StartScan.Instance);
        AwaitCondition(() => LoggedEntries.Any(e => e.Message.Contains("Market scan failed", StringComparison.Ordinal)));
        scanner.Tell(new GetLatestScan());
        Assert.Same(good, ExpectMsg<ScanCompleted>());
        _scans.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        _source.FailListingWith = null;
        Clock.Advance(ScannerSettings.Default.Interval);
        Assert.Equal(2, _scans.ExpectMsg<ScanCompleted>().Ranked.Count);
    }

    [Fact]
    public void ScannerActor_must_publish_every_listed_market_for_the_alerts()
    {
        var observed = CreateTestProbe();
        Sys.EventStream.Subscribe(observed.Ref, typeof(MarketsObserved));
        StartScanner();

        Clock!.Advance(ScannerSettings.Default.InitialDelay);

        Assert.Equal(["KXS-A", "KXS-B", "KXS-OUT"], observed.ExpectMsg<MarketsObserved>().Markets.Select(m => m.Ticker.Value));
    }

    // PreStart arms the first timer: a reply proves it ran before the clock moves.
    private IActorRef StartScanner()
    {
        var scanner = ActorOf(ScannerActor.Props(_source, ScannerSettings.Default));
        AwaitHandled(scanner);
        return scanner;
    }

    // The next scan's timer is armed in the handler that publishes ScanCompleted: a reply to a later message proves it ran.
    private void AwaitHandled(IActorRef scanner)
    {
        scanner.Tell(new GetLatestScan());
        ExpectMsg<ScanCompleted>();
    }
}
