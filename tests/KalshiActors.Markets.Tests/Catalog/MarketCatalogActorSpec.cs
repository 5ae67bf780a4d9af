using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Catalog;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Markets.Tests.Catalog;

public sealed class MarketCatalogActorSpec : PersistenceTestKit
{
    private const string Btc = "KXBTC15M-26DEC040430-30";
    private const string Eth = "KXETH15M-26DEC040430-30";
    private readonly ScriptedCatalogSource _source = new();
    private readonly TestProbe _events;

    public MarketCatalogActorSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(TestMarkets.Start))
    {
        _events = CreateTestProbe("events");
        Sys.EventStream.Subscribe(_events.Ref, typeof(MarketListed));
        Sys.EventStream.Subscribe(_events.Ref, typeof(MarketStateChanged));
        Sys.EventStream.Subscribe(_events.Ref, typeof(MarketSettled));
    }

    [Fact]
    public void MarketCatalogActor_must_load_open_markets_on_start_and_answer_GetMarketCatalog()
    {
        _source.Put(TestMarkets.Market(Btc));
        _source.Put(TestMarkets.Market(Eth));
        var catalog = StartCatalog();

        _events.ExpectMsg<MarketListed>();
        _events.ExpectMsg<MarketListed>();
        catalog.Tell(new GetMarketCatalog());
        var snapshot = ExpectMsg<MarketCatalogSnapshot>();
        Assert.Equal([Btc, Eth], snapshot.Markets.Select(m => m.Ticker.Value));
        Assert.Equal(TestMarkets.Start, snapshot.AsOf);
    }

    [Fact]
    public void MarketCatalogActor_must_follow_the_lifecycle_to_settlement_and_persist_it()
    {
        _source.Put(TestMarkets.Market(Btc));
        StartCatalog();
        _events.ExpectMsg<MarketListed>();

        Sys.EventStream.Publish(Lifecycle(Btc, "deactivated"));
        Assert.Equal((MarketState.Active, MarketState.Paused), To(_events.ExpectMsg<MarketStateChanged>()));
        Sys.EventStream.Publish(Lifecycle(Btc, "activated"));
        Assert.Equal((MarketState.Paused, MarketState.Active), To(_events.ExpectMsg<MarketStateChanged>()));
        var close = TestMarkets.Start.AddMinutes(30);
        Sys.EventStream.Publish(Lifecycle(Btc, "close_date_updated") with { CloseTime = close });
        Assert.Equal(close, _events.ExpectMsg<MarketListed>().Market.CloseTime);

        Sys.EventStream.Publish(Lifecycle(Btc, "determined") with { Result = "yes" });
        Assert.Equal((MarketState.Active, MarketState.Determined), To(_events.ExpectMsg<MarketStateChanged>()));
        Sys.EventStream.Publish(Lifecycle(Btc, "settled"));
        Assert.Equal((MarketState.Determined, MarketState.Settled), To(_events.ExpectMsg<MarketStateChanged>()));
        var settled = _events.ExpectMsg<MarketSettled>();
        Assert.Equal(Price.One, settled.SettlementValue);
        Assert.True(settled.Early);

        AwaitAssert(() => Assert.Equal(7, PersistedEvents("market-catalog").Count));
    }

    [Fact]
    public void MarketCatalogActor_must_call_a_settlement_early_when_the_close_was_first_moved_to_now()
    {
        // An early determination moves the close to the moment of determination, then settles at once: early relative
        // to the close the market was listed with, though not to the moved one.
        _source.Put(TestMarkets.Market(Btc));
        StartCatalog();
        var listedClose = _events.ExpectMsg<MarketListed>().Market.CloseTime;
        Assert.True(listedClose > TestMarkets.Start);

        Sys.EventStream.Publish(Lifecycle(Btc, "close_date_updated") with { CloseTime = TestMarkets.Start });
        Assert.Equal(TestMarkets.Start, _events.ExpectMsg<MarketListed>().Market.CloseTime);
        Sys.EventStream.Publish(Lifecycle(Btc, "determined") with { Result = "no" });
        _events.ExpectMsg<MarketStateChanged>();
        Sys.EventStream.Publish(Lifecycle(Btc, "settled"));
        _events.ExpectMsg<MarketStateChanged>();

        var settled = _events.ExpectMsg<MarketSettled>();
        Assert.Equal(Price.Zero, settled.SettlementValue);
        Assert.True(settled.Early);
    }

    [Fact]
    public void MarketCatalogActor_must_fetch_a_created_market_and_recover_its_state_after_a_restart()
    {
        var catalog = StartCatalog();
        catalog.Tell(new GetMarketCatalog());
        Assert.Empty(ExpectMsg<MarketCatalogSnapshot>().Markets);
        _source.Put(TestMarkets.Market(Eth, MarketState.Initialized));
        Sys.EventStream.Publish(Lifecycle(Eth, "created"));
        Assert.Equal(MarketState.Initialized, _events.ExpectMsg<MarketListed>().Market.State);
        Sys.EventStream.Publish(Lifecycle(Eth, "determined") with { Result = "scalar", SettlementValue = Price.FromUnits(3060) });
        _events.ExpectMsg<MarketStateChanged>();

        Watch(catalog);
        Sys.Stop(catalog);
        ExpectTerminated(catalog);
        catalog = StartCatalog();
        catalog.Tell(new GetMarketCatalog());
        var market = Assert.Single(ExpectMsg<MarketCatalogSnapshot>().Markets);
        Assert.Equal(MarketState.Determined, market.State);
        Assert.Equal(new PriceRange(Price.FromCents(0), Price.FromCents(10), Price.FromUnits(10)), market.Ticks.Ranges[0]);

        // The determined value survives the restart only in the journal's state changes; settlement falls back to it.
        Sys.EventStream.Publish(Lifecycle(Eth, "settled") with { Result = "scalar", SettlementValue = Price.FromUnits(3060) });
        Assert.Equal(Price.FromUnits(3060), _events.FishForMessage<MarketSettled>(_ => true).SettlementValue);
    }

    [Fact]
    public void MarketCatalogActor_must_retry_a_failed_load()
    {
        _source.FailWith = new InvalidOperationException("exchange down");
        _source.Put(TestMarkets.Market(Btc));
        StartCatalog();
        AwaitCondition(() => _source.ListCalls == 1);
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        _source.FailWith = null;
        Clock!.Advance(MarketsSettings.Default.CatalogRetryInterval);
        Assert.Equal(Btc, _events.ExpectMsg<MarketListed>().Market.Ticker.Value);
    }

    [Fact]
    public void MarketCatalogActor_must_close_an_open_market_at_its_close_time_which_no_message_announces()
    {
        _source.Put(TestMarkets.Market(Btc, close: TestMarkets.Start.AddMinutes(15)));
        _source.Put(TestMarkets.Market(Eth, close: TestMarkets.Start.AddMinutes(30)));
        StartCatalog();
        _events.ExpectMsg<MarketListed>();
        _events.ExpectMsg<MarketListed>();

        // Its close moves later before it comes: it is not closed at the old time.
        Clock!.Advance(TimeSpan.FromMinutes(14));
        Sys.EventStream.Publish(Lifecycle(Btc, "close_date_updated") with { CloseTime = TestMarkets.Start.AddMinutes(20) });
        _events.ExpectMsg<MarketListed>();
        Clock.Advance(TimeSpan.FromMinutes(2));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(TimeSpan.FromMinutes(4));
        var btc = _events.ExpectMsg<MarketStateChanged>();
        Assert.Equal((Btc, MarketState.Active, MarketState.Closed, TestMarkets.Start.AddMinutes(20)), (btc.Ticker.Value, btc.From, btc.To, btc.At));
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((Eth, MarketState.Closed), _events.ExpectMsg<MarketStateChanged>() is var eth ? (eth.Ticker.Value, eth.To) : default);
        AwaitAssert(() => Assert.Equal(2, PersistedEvents("market-catalog").OfType<MarketStateChanged>().Count(c => c.To == MarketState.Closed)));

        // Determined later, as the exchange announces it.
        Sys.EventStream.Publish(Lifecycle(Btc, "determined") with { Result = "no" });
        Assert.Equal((MarketState.Closed, MarketState.Determined), To(_events.ExpectMsg<MarketStateChanged>()));
    }

    [Fact]
    public void MarketCatalogActor_must_open_a_market_listed_before_its_open_time_when_that_time_comes()
    {
        // Created ahead of its window (the exchange lists the next ones early); the load lists open markets only.
        _source.Put(TestMarkets.Market(Btc, MarketState.Initialized, close: TestMarkets.Start.AddMinutes(30)) with { OpenTime = TestMarkets.Start.AddMinutes(15) });
        var catalog = StartCatalog();
        catalog.Tell(new GetMarketCatalog());
        Assert.Empty(ExpectMsg<MarketCatalogSnapshot>().Markets);
        Sys.EventStream.Publish(Lifecycle(Btc, "created"));
        Assert.Equal(MarketState.Initialized, _events.ExpectMsg<MarketListed>().Market.State);

        Clock!.Advance(TimeSpan.FromMinutes(14));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var opened = _events.ExpectMsg<MarketStateChanged>();
        Assert.Equal((MarketState.Initialized, MarketState.Active, TestMarkets.Start.AddMinutes(15)), (opened.From, opened.To, opened.At));
        Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal((MarketState.Active, MarketState.Closed), To(_events.ExpectMsg<MarketStateChanged>()));
    }

    private IActorRef StartCatalog() => ActorOf(MarketCatalogActor.Props(_source, null, MarketsSettings.Default));

    private static MarketLifecycleChanged Lifecycle(string ticker, string type) => new(new MarketTicker(ticker), type, null, null, null, null);

    private static (MarketState, MarketState) To(MarketStateChanged change) => (change.From, change.To);
}
