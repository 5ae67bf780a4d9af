using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Books;
using KalshiActors.Markets.Feeds;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Markets.Tests.Feeds;

public sealed class KalshiFeedActorSpec : PersistenceTestKit
{
    private static readonly MarketTicker A = new("KXA-26DEC04-A");
    private static readonly MarketTicker B = new("KXB-26DEC04-B");
    private readonly FakeMarketDataFeed _feed = new();
    private readonly TestProbe _host;

    public KalshiFeedActorSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(TestMarkets.Start))
    {
        _host = CreateTestProbe("host");
    }

    [Fact]
    public void KalshiFeedActor_must_subscribe_the_configured_markets_and_route_book_messages_through_the_host_until_it_knows_the_book()
    {
        var feedActor = Start();
        AwaitCondition(() => _feed.Calls.Count == 3);
        Assert.Equal(["connect", "subscribe OrderBook, Trades [KXA-26DEC04-A,KXB-26DEC04-B]", "subscribe Lifecycle, Fills, Orders, Positions []"], _feed.Calls);

        var snapshot = new BookSnapshotReceived(A, 7, 1, [], [], false);
        _feed.Push(snapshot);
        var route = _host.ExpectMsg<RouteToBook>();
        Assert.Equal(A, route.Ticker);
        Assert.Same(snapshot, route.Message);

        var book = CreateTestProbe("book");
        _host.Reply(new BookRoute(A, book.Ref));
        var delta = new BookDeltaReceived(A, 7, 2, Side.Yes, Price.FromCents(40), Quantity.FromContracts(1), null, null);
        _feed.Push(delta);
        Assert.Same(delta, book.ExpectMsg<BookDeltaReceived>());
        _host.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // The gap stales every book of its subscription.
        _feed.Push(new SequenceGapDetected(7, 3, 5));
        book.ExpectMsg<SequenceGapDetected>();

        // A book that stopped is reached through the host again.
        feedActor.Tell(new BookGone(A));
        _feed.Push(delta);
        Assert.Same(delta, _host.ExpectMsg<RouteToBook>().Message);
    }

    [Fact]
    public void KalshiFeedActor_must_publish_trades_lifecycle_and_own_updates_on_the_event_stream()
    {
        var events = CreateTestProbe("events");
        Sys.EventStream.Subscribe(events.Ref, typeof(TradePrinted));
        Sys.EventStream.Subscribe(events.Ref, typeof(MarketLifecycleChanged));
        Sys.EventStream.Subscribe(events.Ref, typeof(OwnPositionChanged));
        Start();

        var trade = new TradePrinted("t1", A, Price.FromCents(41), Quantity.FromContracts(3), Side.Yes, null);
        var lifecycle = new MarketLifecycleChanged(B, "deactivated", null, null, null, null);
        var position = new OwnPositionChanged(new PositionRecord(A, Quantity.FromContracts(2), Money.Zero, Money.Zero, Money.Zero));
        _feed.Push(trade);
        _feed.Push(lifecycle);
        _feed.Push(position);

        Assert.Same(trade, events.ExpectMsg<TradePrinted>());
        Assert.Same(lifecycle, events.ExpectMsg<MarketLifecycleChanged>());
        Assert.Same(position, events.ExpectMsg<OwnPositionChanged>());
    }

    [Fact]
    public void KalshiFeedActor_must_announce_the_private_stream_once_subscribed_on_every_connect()
    {
        var events = CreateTestProbe("events");
        Sys.EventStream.Subscribe(events.Ref, typeof(PrivateStreamSubscribed));
        var second = new FakeMarketDataFeed();
        var created = 0;
        ActorOf(KalshiFeedActor.Props(() => Interlocked.Increment(ref created) == 1 ? _feed : second, new SubscribedMarkets([A]), _host.Ref, breaker: null), ActorNames.KalshiFeed);

        events.ExpectMsg<PrivateStreamSubscribed>();
        Assert.Equal(3, _feed.Calls.Count);

        // A reconnect subscribes again, and says so again: whatever filled while disconnected must be read back.
        ExpectError<MarketDataFeedEndedException>(() => _feed.Push(new FeedDisconnected("socket closed", null)));
        events.ExpectMsg<PrivateStreamSubscribed>();
        Assert.Equal(3, second.Calls.Count);
    }

    [Fact]
    public async Task KalshiFeedActor_must_batch_the_books_snapshot_requests_that_reach_it_together_into_one_resync_call()
    {
        // On a deterministic system nothing runs until the test drives it, so the three requests are all queued before the
        // actor's turn. On the test kit's own system the actor could take the first before the others were sent and flush
        // it alone (which is right: one call per mailbox batch), and an assertion of one call would then fail by chance.
        var system = ActorSystem.Create("feed-batch", new KernelSettings { Deterministic = true });
        try
        {
            var feedActor = system.ActorOf(KalshiFeedActor.Props(() => _feed, new SubscribedMarkets([A, B]), ActorRefs.Nobody, breaker: null), ActorNames.KalshiFeed);
            system.RunUntilIdle();
            Assert.Equal(3, _feed.Calls.Count);

            feedActor.Tell(new RequestBookSnapshot(A, "gap"));
            feedActor.Tell(new RequestBookSnapshot(B, "gap"));
            feedActor.Tell(new RequestBookSnapshot(A, "gap"));
            system.RunUntilIdle();

            Assert.True(_feed.SnapshotRequests.TryDequeue(out var tickers));
            Assert.Equal([A, B], tickers.OrderBy(t => t.Value));
            Assert.True(_feed.SnapshotRequests.IsEmpty);
        }
        finally
        {
            var terminated = system.Terminate();
            system.RunUntilIdle();
            await terminated;
        }
    }

    [Fact]
    public void KalshiFeedActor_must_fail_on_disconnect_so_its_supervisor_reconnects()
    {
        var second = new FakeMarketDataFeed();
        var created = 0;
        ActorOf(KalshiFeedActor.Props(() => Interlocked.Increment(ref created) == 1 ? _feed : second, new SubscribedMarkets([A]), _host.Ref, breaker: null), ActorNames.KalshiFeed);
        AwaitCondition(() => _feed.Calls.Count == 3);

        ExpectError<MarketDataFeedEndedException>(() => _feed.Push(new FeedDisconnected("socket closed", null)));
        AwaitCondition(() => second.Calls.Count == 3);
        AwaitCondition(() => _feed.Disposed);
    }

    [Fact]
    public void KalshiFeedActor_must_subscribe_a_market_listed_after_it_connected_once()
    {
        Start();
        AwaitCondition(() => _feed.Calls.Count == 3);

        Sys.EventStream.Publish(new MarketListed(TestMarkets.Market("KXC-26DEC04-C")));
        Sys.EventStream.Publish(new MarketListed(TestMarkets.Market("KXC-26DEC04-C")));
        Sys.EventStream.Publish(new MarketListed(TestMarkets.Market(A.Value)));

        AwaitCondition(() => _feed.Calls.Count == 4);
        Assert.Equal("subscribe OrderBook, Trades [KXC-26DEC04-C]", _feed.Calls.Last());
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(4, _feed.Calls.Count);
    }

    [Fact]
    public void KalshiFeedActor_must_subscribe_again_after_a_reconnect_the_markets_listed_since_it_started_but_not_those_retired()
    {
        var second = new FakeMarketDataFeed();
        var created = 0;
        var markets = new SubscribedMarkets([A, B]);
        ActorOf(KalshiFeedActor.Props(() => Interlocked.Increment(ref created) == 1 ? _feed : second, markets, _host.Ref, breaker: null), ActorNames.KalshiFeed);
        AwaitCondition(() => _feed.Calls.Count == 3);
        Sys.EventStream.Publish(new MarketListed(TestMarkets.Market("KXC-26DEC04-C")));
        AwaitCondition(() => _feed.Calls.Count == 4);

        // B's market closed (its book retired); the socket drops; the new connection carries the next window's market too.
        markets.Remove(B);
        ExpectError<MarketDataFeedEndedException>(() => _feed.Push(new FeedDisconnected("socket closed", null)));
        AwaitCondition(() => second.Calls.Count == 3);
        Assert.Equal(["connect", "subscribe OrderBook, Trades [KXA-26DEC04-A,KXC-26DEC04-C]", "subscribe Lifecycle, Fills, Orders, Positions []"], second.Calls);
    }

    [Fact]
    public void KalshiFeedActor_must_subscribe_on_connect_an_open_market_of_the_catalog_listed_while_no_connection_listened()
    {
        var catalog = CreateTestProbe("catalog");
        ActorOf(Props.Create(() => new Forwarder(catalog.Ref)), ActorNames.MarketData);
        AwaitAssert(() => Sys.ActorSelection(ActorNames.CatalogPath).ResolveOne(TimeSpan.FromMilliseconds(200)).GetAwaiter().GetResult());
        ActorOf(KalshiFeedActor.Props(() => _feed, new SubscribedMarkets([A]), _host.Ref, breaker: null), ActorNames.KalshiFeed);

        catalog.ExpectMsg<GetMarketCatalog>();
        catalog.Reply(new MarketCatalogSnapshot(
            [TestMarkets.Market(A.Value), TestMarkets.Market("KXC-26DEC04-C"), TestMarkets.Market("KXD-26DEC04-D", MarketState.Settled)], TestMarkets.Start));

        AwaitCondition(() => _feed.Calls.Count == 4);
        Assert.Equal("subscribe OrderBook, Trades [KXC-26DEC04-C]", _feed.Calls.Last());
    }

    [Fact]
    public void KalshiFeedActor_must_not_subscribe_every_market_when_each_of_its_list_has_retired()
    {
        var markets = new SubscribedMarkets([A]);
        markets.Remove(A);
        ActorOf(KalshiFeedActor.Props(() => _feed, markets, _host.Ref, breaker: null), ActorNames.KalshiFeed);

        AwaitCondition(() => _feed.Calls.Count == 2);
        Assert.Equal(["connect", "subscribe Lifecycle, Fills, Orders, Positions []"], _feed.Calls);
    }

    /// <summary>Stands at /user/market-data and sends what its "catalog" child would get to a probe.</summary>
    private sealed class Forwarder : ActorBase
    {
        private readonly IActorRef _to;

        public Forwarder(IActorRef to) => _to = to;

        protected override void PreStart() => Context.ActorOf(Props.Create(() => new Relay(_to)), ActorNames.Catalog);

        protected override bool Receive(object message) => false;
    }

    private sealed class Relay(IActorRef to) : ActorBase
    {
        protected override bool Receive(object message)
        {
            to.Forward(message);
            return true;
        }
    }

    private IActorRef Start() => ActorOf(KalshiFeedActor.Props(() => _feed, new SubscribedMarkets([A, B]), _host.Ref, breaker: null), ActorNames.KalshiFeed);
}
