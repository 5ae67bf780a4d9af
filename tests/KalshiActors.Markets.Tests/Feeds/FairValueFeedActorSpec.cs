using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;
using KalshiActors.Markets.Feeds;
using KalshiActors.Testing;

namespace KalshiActors.Markets.Tests.Feeds;

public sealed class FairValueFeedActorSpec : TestKit
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);
    private readonly FakeFairValueFeed _feed = new("spot");
    private readonly TestProbe _events;

    public FairValueFeedActorSpec()
        : base(timeProvider: new ManualTimeProvider(TestMarkets.Start))
    {
        _events = CreateTestProbe("events");
        Sys.EventStream.Subscribe(_events.Ref, typeof(FeedStatusChanged));
        Sys.EventStream.Subscribe(_events.Ref, typeof(SpotPriceObserved));
    }

    [Fact]
    public void FairValueFeedActor_must_publish_observations_and_report_staleness_and_recovery()
    {
        ActorOf(FairValueFeedActor.Props("spot", () => _feed, StaleAfter), "feed-spot");
        var initial = _events.ExpectMsg<FeedStatusChanged>();
        Assert.True(initial.IsStale);
        Assert.Equal("spot", initial.FeedName);

        var observation = new SpotPriceObserved("sim", "BTC", 100_000.25m, TestMarkets.Start, TestMarkets.Start);
        _feed.Push(observation);
        Assert.False(_events.ExpectMsg<FeedStatusChanged>().IsStale);
        Assert.Same(observation, _events.ExpectMsg<SpotPriceObserved>());

        Clock!.Advance(TimeSpan.FromSeconds(5));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(6));
        var stale = _events.ExpectMsg<FeedStatusChanged>();
        Assert.True(stale.IsStale);
        Assert.Contains("no observation", stale.Reason, StringComparison.Ordinal);

        _feed.Push(observation with { SourceTime = Clock.GetUtcNow() });
        Assert.False(_events.ExpectMsg<FeedStatusChanged>().IsStale);
        _events.ExpectMsg<SpotPriceObserved>();
    }

    [Fact]
    public void FairValueFeedActor_must_fail_when_its_stream_ends_and_start_a_new_feed_on_restart()
    {
        var created = 0;
        ActorOf(FairValueFeedActor.Props("spot", () => Interlocked.Increment(ref created) == 1 ? _feed : new FakeFairValueFeed("spot"), StaleAfter), "feed-spot");
        _events.ExpectMsg<FeedStatusChanged>();

        ExpectError<MarketDataFeedEndedException>(_feed.Complete);
        AwaitCondition(() => Volatile.Read(ref created) == 2);
    }
}
