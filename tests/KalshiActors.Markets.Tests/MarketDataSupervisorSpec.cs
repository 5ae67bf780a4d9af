using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Tests.Feeds;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Markets.Tests;

public sealed class MarketDataSupervisorSpec : PersistenceTestKit
{
    private static readonly MarketTicker A = new("KXBTC15M-26DEC040430-30");
    private static readonly MarketsSettings Settings = new()
    {
        Markets = [A.Value],
        BreakerMinimumThroughput = 2,
        BreakerFailureRatio = 0.5,
        BreakerSamplingDuration = TimeSpan.FromHours(1),
        RestartMinBackoff = TimeSpan.FromSeconds(1),
        RestartMaxBackoff = TimeSpan.FromSeconds(4),
    };

    public MarketDataSupervisorSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(TestMarkets.Start))
    {
    }

    [Fact]
    public void MarketDataSupervisor_must_run_the_scanner_and_the_alerts_when_given_a_scan_source()
    {
        var source = new Scanner.ScriptedScanSource();
        source.Set(Scanner.ScanListings.Listing("KXS-A", "0.40", "0.42", "0.41"));
        var alerts = CreateTestProbe("alerts");
        Sys.EventStream.Subscribe(alerts.Ref, typeof(AlertRaised));
        var settings = Markets.Scanner.ScannerSettings.Default with { InitialDelay = TimeSpan.FromSeconds(1) };

        ActorOf(MarketData.Props(new MarketDataOptions { Settings = Settings, ScanSource = source, Scanner = settings, Alerts = Markets.Scanner.AlertSettings.Default }), ActorNames.MarketData);
        AwaitAssert(() =>
        {
            Sys.ActorSelection(ActorNames.ScannerPath).Tell(new GetLatestScan(), TestActor);
            ExpectMsg<ScanCompleted>(TimeSpan.FromMilliseconds(200));
        });
        Clock!.Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() =>
        {
            Sys.ActorSelection(ActorNames.ScannerPath).Tell(new GetLatestScan(), TestActor);
            Assert.Equal("KXS-A", Assert.Single(ExpectMsg<ScanCompleted>(TimeSpan.FromMilliseconds(200)).Ranked).Ticker.Value);
        });

        // The alerts actor listens: a held position settled early is raised.
        AwaitAssert(() =>
        {
            Sys.EventStream.Publish(new PortfolioUpdated(Money.Zero, Money.Zero, Money.Zero, Money.Zero, Money.Zero, Money.Zero, Money.Zero,
                [new PositionView(A, null, Side.Yes, Quantity.FromContracts(1), Money.Zero, Money.Zero, Money.Zero, null, Money.Zero)], TestMarkets.Start));
            Sys.EventStream.Publish(new MarketSettled(A, Price.One, Early: true, TestMarkets.Start));
            Assert.Equal(AlertKind.PositionSettledEarly, alerts.ExpectMsg<AlertRaised>(TimeSpan.FromMilliseconds(200)).Kind);
        });
    }

    [Fact]
    public async Task MarketDataSupervisor_must_create_books_for_the_feed_and_pass_their_resync_requests_back_to_it()
    {
        var feed = new FakeMarketDataFeed();
        var source = new ScriptedCatalogSource();
        source.Put(TestMarkets.Market(A.Value));
        var updates = CreateTestProbe("updates");
        Sys.EventStream.Subscribe(updates.Ref, typeof(BookUpdated));
        var listed = CreateTestProbe("listed");
        Sys.EventStream.Subscribe(listed.Ref, typeof(MarketListed));
        var fairValue = new FakeFairValueFeed("spot");
        var feedStatus = CreateTestProbe("feed-status");
        Sys.EventStream.Subscribe(feedStatus.Ref, typeof(FeedStatusChanged));

        ActorOf(MarketData.Props(new MarketDataOptions
        {
            Settings = Settings,
            ExchangeFeed = () => feed,
            CatalogSource = source,
            FairValueFeeds = [new FairValueFeedRegistration("spot", () => fairValue)],
        }), ActorNames.MarketData);

        listed.ExpectMsg<MarketListed>();
        Sys.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), TestActor);
        Assert.Equal(A, Assert.Single(ExpectMsg<MarketCatalogSnapshot>().Markets).Ticker);
        Assert.True(feedStatus.ExpectMsg<FeedStatusChanged>().IsStale);
        fairValue.Push(new SpotPriceObserved("sim", "BTC", 1m, TestMarkets.Start, TestMarkets.Start));
        Assert.False(feedStatus.ExpectMsg<FeedStatusChanged>().IsStale);

        feed.Push(new BookSnapshotReceived(A, 3, 10, [new BookLevel(Price.FromCents(40), Quantity.FromContracts(5))], [new BookLevel(Price.FromCents(55), Quantity.FromContracts(5))], false));
        Assert.Equal(BookStatus.Live, updates.ExpectMsg<BookUpdated>().Status);
        var book = await Sys.ActorSelection(ActorNames.BookPath(A)).ResolveOne(TimeSpan.FromSeconds(3));
        Assert.Equal(ActorNames.Book(A), book.Path.Name);

        feed.Push(new BookDeltaReceived(A, 3, 11, Side.Yes, Price.FromCents(41), Quantity.FromContracts(1), null, null));
        Assert.Equal(Price.FromCents(41), updates.ExpectMsg<BookUpdated>().Top.YesBid);

        feed.Push(new SequenceGapDetected(3, 12, 14));
        Assert.Equal(BookStatus.Stale, updates.ExpectMsg<BookUpdated>().Status);
        AwaitCondition(() => feed.SnapshotRequests.TryPeek(out var tickers) && tickers.Contains(A));
    }

    [Fact]
    public async Task MarketDataSupervisor_must_retire_the_book_of_a_market_that_stopped_trading_and_start_none_for_it_after()
    {
        var feed = new FakeMarketDataFeed();
        var source = new ScriptedCatalogSource();
        source.Put(TestMarkets.Market(A.Value));
        var updates = CreateTestProbe("updates");
        Sys.EventStream.Subscribe(updates.Ref, typeof(BookUpdated));
        var states = CreateTestProbe("states");
        Sys.EventStream.Subscribe(states.Ref, typeof(MarketStateChanged));
        var listed = CreateTestProbe("listed");
        Sys.EventStream.Subscribe(listed.Ref, typeof(MarketListed));
        ActorOf(MarketData.Props(new MarketDataOptions { Settings = Settings, ExchangeFeed = () => feed, CatalogSource = source }), ActorNames.MarketData);
        listed.ExpectMsg<MarketListed>();
        var snapshot = new BookSnapshotReceived(A, 3, 10, [new BookLevel(Price.FromCents(40), Quantity.FromContracts(5))], [new BookLevel(Price.FromCents(55), Quantity.FromContracts(5))], false);
        feed.Push(snapshot);
        Assert.Equal(BookStatus.Live, updates.ExpectMsg<BookUpdated>().Status);
        var book = await Sys.ActorSelection(ActorNames.BookPath(A)).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(book);

        // The exchange determines the market: the catalog records it, and the book publishes its last update and stops.
        Sys.EventStream.Publish(new MarketLifecycleChanged(A, "determined", "yes", null, null, null));
        Assert.Equal(MarketState.Determined, states.ExpectMsg<MarketStateChanged>().To);
        Assert.Equal(BookStatus.Closed, updates.ExpectMsg<BookUpdated>().Status);
        ExpectTerminated(book);

        // A snapshot asked for before (or a reconnect's) starts no new book for it.
        feed.Push(snapshot with { Sequence = 20 });
        updates.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<Exception>(() => Sys.ActorSelection(ActorNames.BookPath(A)).ResolveOne(TimeSpan.FromMilliseconds(300)));

        // Listed as trading again (its close date moved), its next message starts a book; the catalog closes it at its new
        // close time, which no message announces, and the book retires then.
        source.Put(TestMarkets.Market(A.Value, close: TestMarkets.Start.AddMinutes(1)));
        Sys.EventStream.Publish(new MarketLifecycleChanged(A, "activated", null, null, null, null));
        Assert.Equal(MarketState.Active, states.ExpectMsg<MarketStateChanged>().To);
        AwaitAssert(
            () =>
            {
                feed.Push(snapshot with { Sequence = 30 });
                Assert.Equal(BookStatus.Live, updates.ExpectMsg<BookUpdated>(TimeSpan.FromMilliseconds(300)).Status);
            },
            TimeSpan.FromSeconds(5));
        // (A minute on: within the book's stale-after period, so only the close can end it.)
        Sys.EventStream.Publish(new MarketLifecycleChanged(A, "close_date_updated", null, null, null, TestMarkets.Start.AddMinutes(1)));
        Assert.Equal(TestMarkets.Start.AddMinutes(1), listed.FishForMessage<MarketListed>(_ => true).Market.CloseTime);
        Clock!.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((MarketState.Active, MarketState.Closed), states.FishForMessage<MarketStateChanged>(_ => true) is var closed ? (closed.From, closed.To) : default);
        Assert.Equal(BookStatus.Closed, updates.FishForMessage<BookUpdated>(u => u.Status != BookStatus.Live).Status);
    }

    [Fact]
    public async Task MarketDataSupervisor_on_a_cluster_node_must_hand_off_the_books_of_a_lost_shard_without_writing_to_their_streams()
    {
        var b = new MarketTicker("KXBTC15M-26DEC040445-45");
        var feed = new FakeMarketDataFeed();
        var gate = new HeldMarkets(A, b);
        var updates = CreateTestProbe("updates");
        Sys.EventStream.Subscribe(updates.Ref, typeof(BookUpdated));
        var statuses = CreateTestProbe("statuses");
        Sys.EventStream.Subscribe(statuses.Ref, typeof(BookStatusChanged));
        ActorOf(MarketData.Props(new MarketDataOptions { Settings = Settings, ExchangeFeed = () => feed, LeaseGate = gate }), ActorNames.MarketData);
        BookSnapshotReceived Snapshot(MarketTicker ticker, long sequence) =>
            new(ticker, 3, sequence, [new BookLevel(Price.FromCents(40), Quantity.FromContracts(5))], [new BookLevel(Price.FromCents(55), Quantity.FromContracts(5))], false);
        feed.Push(Snapshot(A, 10));
        feed.Push(Snapshot(b, 10));
        Assert.All([updates.ExpectMsg<BookUpdated>(), updates.ExpectMsg<BookUpdated>()], u => Assert.Equal(BookStatus.Live, u.Status));
        var bookA = await Sys.ActorSelection(ActorNames.BookPath(A)).ResolveOne(TimeSpan.FromSeconds(3));
        var bookB = await Sys.ActorSelection(ActorNames.BookPath(b)).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(bookB);
        var stored = PersistedEvents(ActorNames.Book(b)).Count;

        // Another node takes B's shard: its book here publishes a last, handed-off update and stops, writing nothing.
        gate.Release(b);
        Sys.EventStream.Publish(new ShardLeasesChanged(new Dictionary<int, long>(), [7], TestMarkets.Start));
        var handedOff = statuses.FishForMessage<BookStatusChanged>(c => c.To == BookStatus.HandedOff);
        Assert.Equal((b, BookStatus.Live), (handedOff.Ticker, handedOff.From));
        var last = updates.ExpectMsg<BookUpdated>();
        Assert.Equal((b, BookStatus.HandedOff, false), (last.Ticker, last.Status, last.IsTradable));
        ExpectTerminated(bookB);
        Assert.Equal(stored, PersistedEvents(ActorNames.Book(b)).Count);

        // A's shard is still held: its book stays.
        Assert.Equal(bookA, await Sys.ActorSelection(ActorNames.BookPath(A)).ResolveOne(TimeSpan.FromSeconds(3)));

        // The shard comes back: the fresh snapshot the feed asks for starts a book again, which recovers B's stream.
        gate.Hold(b);
        Sys.EventStream.Publish(new ShardLeasesChanged(new Dictionary<int, long> { [7] = 2 }, [], TestMarkets.Start));
        feed.Push(Snapshot(b, 20));
        var again = updates.FishForMessage<BookUpdated>(u => u.Ticker == b);
        Assert.Equal(BookStatus.Live, again.Status);
        Assert.DoesNotContain(LoggedEntries, e => e.Message.Contains("unhandled", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A lease gate holding the shards of the given markets.</summary>
    private sealed class HeldMarkets(params MarketTicker[] held) : IShardLeaseGate
    {
        private readonly HashSet<MarketTicker> _held = [.. held];

        public long? LeaseEpoch(MarketTicker ticker)
        {
            lock (_held)
            {
                return _held.Contains(ticker) ? 1 : null;
            }
        }

        public void Release(MarketTicker ticker)
        {
            lock (_held)
            {
                _held.Remove(ticker);
            }
        }

        public void Hold(MarketTicker ticker)
        {
            lock (_held)
            {
                _held.Add(ticker);
            }
        }
    }

    [Fact]
    public void MarketDataSupervisor_must_open_the_websocket_breaker_on_repeated_connect_failures_for_the_markets_it_feeds()
    {
        var breakers = CreateTestProbe("breakers");
        Sys.EventStream.Subscribe(breakers.Ref, typeof(CircuitBreakerStateChanged));
        var attempts = 0;

        ActorOf(MarketData.Props(new MarketDataOptions
        {
            Settings = Settings,
            ExchangeFeed = () =>
            {
                Interlocked.Increment(ref attempts);
                return new FakeMarketDataFeed { FailConnect = new InvalidOperationException("connect refused") };
            },
        }), ActorNames.MarketData);

        // Each failure restarts the connection after the backoff; the second failed connect opens the breaker.
        AwaitCondition(() => Volatile.Read(ref attempts) == 1);
        AwaitCondition(() =>
        {
            // The restart timer is set once the failure is handled; keep time moving until it has fired.
            Clock!.Advance(TimeSpan.FromMilliseconds(500));
            return Volatile.Read(ref attempts) >= 2;
        });
        var opened = breakers.ExpectMsg<CircuitBreakerStateChanged>();
        Assert.Equal("kalshi-ws", opened.Dependency);
        Assert.Equal(BreakerState.Open, opened.To);
        Assert.Equal([A], opened.AffectedMarkets);
        AwaitCondition(() => LoggedEntries.Count(e => e.Carries<InvalidOperationException>()) >= 2);
        AllowErrors<InvalidOperationException>();
        AllowErrors<ActorInitializationException>();
    }
}
