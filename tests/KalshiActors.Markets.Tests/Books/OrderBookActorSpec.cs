using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Books;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Markets.Tests.Books;

public sealed class OrderBookActorSpec : PersistenceTestKit
{
    private static readonly MarketTicker Ticker = new("KXBTC15M-26DEC040430-B100000");
    private static readonly MarketsSettings Settings = new()
    {
        Depth = 2,
        BookStaleAfter = TimeSpan.FromSeconds(60),
        BookCheckInterval = TimeSpan.FromSeconds(10),
        QualityWindow = TimeSpan.FromMinutes(5),
    };

    private readonly TestProbe _updates;
    private readonly TestProbe _statuses;
    private readonly TestProbe _feed;

    public OrderBookActorSpec()
        : base(r => MarketsEvents.Register(r), timeProvider: new ManualTimeProvider(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero)))
    {
        _updates = CreateTestProbe("updates");
        _statuses = CreateTestProbe("statuses");
        _feed = CreateTestProbe("feed");
        Sys.EventStream.Subscribe(_updates.Ref, typeof(BookUpdated));
        Sys.EventStream.Subscribe(_statuses.Ref, typeof(BookStatusChanged));
    }

    [Fact]
    public void OrderBookActor_must_publish_top_depth_mid_spread_and_microprice_after_the_snapshot()
    {
        var book = StartBook();
        book.Tell(Snapshot(seq: 10, yes: [(40, 100), (42, 300), (41, 50)], no: [(55, 100), (50, 10)]));

        var update = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(BookStatus.Live, update.Status);
        Assert.True(update.IsTradable);
        Assert.Equal(Cents(42), update.Top.YesBid);
        Assert.Equal(Contracts(300), update.Top.YesBidSize);
        Assert.Equal(Cents(45), update.Top.YesAsk);
        Assert.Equal(Contracts(100), update.Top.YesAskSize);
        Assert.Equal([new BookLevel(Cents(42), Contracts(300)), new BookLevel(Cents(41), Contracts(50))], update.YesBids);
        Assert.Equal([new BookLevel(Cents(55), Contracts(100)), new BookLevel(Cents(50), Contracts(10))], update.NoBids);
        Assert.Equal(Price.FromUnits(4350), update.Mid);
        Assert.Equal(Cents(3), update.Spread);

        // (0.42 * 100 + 0.45 * 300) / 400 = 0.4425: the heavier bid pulls the microprice towards the ask.
        Assert.Equal(Price.FromUnits(4425), update.Microprice);
        var status = _statuses.ExpectMsg<BookStatusChanged>();
        Assert.Equal((BookStatus.Synchronising, BookStatus.Live), (status.From, status.To));
    }

    [Fact]
    public void OrderBookActor_must_apply_deltas_and_publish_only_when_top_or_depth_changed()
    {
        var book = StartLiveBook();

        // A level below depth 2 changes: nothing published.
        book.Tell(Delta(11, Side.Yes, 40, +5));
        _updates.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // A new best YES bid: published.
        book.Tell(Delta(12, Side.Yes, 43, +20));
        var update = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(Cents(43), update.Top.YesBid);
        Assert.Equal(12, update.Sequence);
        Assert.Equal([new BookLevel(Cents(43), Contracts(20)), new BookLevel(Cents(42), Contracts(300))], update.YesBids);
        Assert.Equal([new BookLevel(Cents(55), Contracts(100)), new BookLevel(Cents(50), Contracts(10))], update.NoBids);

        // The best NO bid empties: the YES ask moves to 1 - 0.50.
        book.Tell(Delta(13, Side.No, 55, -100));
        update = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(Cents(50), update.Top.YesAsk);
        Assert.Equal(Contracts(10), update.Top.YesAskSize);
        Assert.Equal([new BookLevel(Cents(50), Contracts(10))], update.NoBids);
        Assert.Equal([new BookLevel(Cents(43), Contracts(20)), new BookLevel(Cents(42), Contracts(300))], update.YesBids);

        // Size change at the second level (inside depth): published; the untouched NO side is as before.
        book.Tell(Delta(14, Side.Yes, 42, -100));
        update = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(Contracts(200), update.YesBids[1].Size);
        Assert.Equal([new BookLevel(Cents(50), Contracts(10))], update.NoBids);

        // A delta already covered (old sequence) is ignored.
        book.Tell(Delta(14, Side.Yes, 43, +1000));
        _updates.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _statuses.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void OrderBookActor_must_share_the_top_and_the_untouched_side_with_the_next_update_and_rebuild_after_a_snapshot()
    {
        var book = StartLiveBook();
        book.Tell(Delta(11, Side.Yes, 41, +5));
        var first = _updates.ExpectMsg<BookUpdated>();

        // A second-level YES change: the top and the NO side are what the last update published (kept in the book's slot).
        book.Tell(Delta(12, Side.Yes, 41, +5));
        var second = _updates.ExpectMsg<BookUpdated>();
        Assert.Same(first.Top, second.Top);
        Assert.Same(first.NoBids, second.NoBids);
        Assert.NotSame(first.YesBids, second.YesBids);
        Assert.Equal(Contracts(60), second.YesBids[1].Size);

        // A snapshot replaces both sides: nothing of before is shared.
        book.Tell(Snapshot(seq: 20, yes: [(40, 100), (42, 300), (41, 60)], no: [(55, 100), (50, 10)]));
        var afterSnapshot = _updates.ExpectMsg<BookUpdated>();
        Assert.NotSame(second.NoBids, afterSnapshot.NoBids);
        Assert.NotSame(second.YesBids, afterSnapshot.YesBids);
        Assert.Equal(second.NoBids, afterSnapshot.NoBids);
    }

    [Fact]
    public void OrderBookActor_must_go_stale_on_a_sequence_gap_ask_for_a_snapshot_and_return_live_on_it()
    {
        var book = StartLiveBook();

        book.Tell(new SequenceGapDetected(SubscriptionId: 1, ExpectedSequence: 11, ReceivedSequence: 13));
        var stale = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(BookStatus.Stale, stale.Status);
        Assert.False(stale.IsTradable);
        var request = _feed.ExpectMsg<RequestBookSnapshot>();
        Assert.Equal(Ticker, request.Ticker);
        var change = _statuses.ExpectMsg<BookStatusChanged>();
        Assert.Equal((BookStatus.Live, BookStatus.Stale), (change.From, change.To));
        Assert.Contains("gap", change.Reason, StringComparison.Ordinal);

        // Deltas on a stale book are not applied or published.
        book.Tell(Delta(14, Side.Yes, 43, +20));
        _updates.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        book.Tell(Snapshot(seq: 20, yes: [(44, 10)], no: [(50, 10)]));
        var live = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(BookStatus.Live, live.Status);
        Assert.Equal(Cents(44), live.Top.YesBid);
        change = _statuses.ExpectMsg<BookStatusChanged>();
        Assert.Equal((BookStatus.Stale, BookStatus.Live), (change.From, change.To));

        AwaitAssert(() => Assert.Equal(
            [BookStatus.Live, BookStatus.Stale, BookStatus.Live],
            PersistedEvents(ActorNames.Book(Ticker)).OfType<BookStatusChanged>().Select(e => e.To)));
    }

    [Fact]
    public void OrderBookActor_must_go_stale_when_a_delta_crosses_the_book()
    {
        var book = StartLiveBook();

        // YES bid 0.46 against NO bid 0.55 (YES ask 0.45): crossed.
        book.Tell(Delta(11, Side.Yes, 46, +10));
        var stale = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(BookStatus.Stale, stale.Status);
        Assert.Contains("crossed", _statuses.ExpectMsg<BookStatusChanged>().Reason, StringComparison.Ordinal);
        _feed.ExpectMsg<RequestBookSnapshot>();
    }

    [Fact]
    public void OrderBookActor_must_go_stale_when_a_delta_would_leave_a_negative_size()
    {
        var book = StartLiveBook();

        book.Tell(Delta(11, Side.No, 50, -11));
        Assert.Equal(BookStatus.Stale, _updates.ExpectMsg<BookUpdated>().Status);
        _feed.ExpectMsg<RequestBookSnapshot>();
    }

    [Fact]
    public void OrderBookActor_must_read_no_levels_given_at_yes_prices()
    {
        var book = StartBook();
        book.Tell(new BookSnapshotReceived(Ticker, 1, 5, [new BookLevel(Cents(40), Contracts(1))], [new BookLevel(Cents(45), Contracts(2))], NoLevelsInYesPrices: true));

        var update = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal(Cents(45), update.Top.YesAsk);
        Assert.Equal([new BookLevel(Cents(55), Contracts(2))], update.NoBids);
    }

    [Fact]
    public void OrderBookActor_must_go_stale_after_silence_and_repeat_its_snapshot_request_while_stale()
    {
        var book = StartLiveBook();

        Clock!.Advance(TimeSpan.FromSeconds(50));
        _statuses.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(BookStatus.Stale, _updates.ExpectMsg<BookUpdated>().Status);
        Assert.Contains("no message", _statuses.ExpectMsg<BookStatusChanged>().Reason, StringComparison.Ordinal);
        _feed.ExpectMsg<RequestBookSnapshot>();

        Clock.Advance(TimeSpan.FromSeconds(70));
        _feed.ExpectMsg<RequestBookSnapshot>();

        book.Tell(Snapshot(seq: 30, yes: [(40, 1)], no: [(50, 1)]));
        Assert.Equal(BookStatus.Live, _updates.ExpectMsg<BookUpdated>().Status);
    }

    [Fact]
    public void OrderBookActor_must_retire_when_told_its_market_stopped_trading()
    {
        var book = StartLiveBook();
        Watch(book);

        book.Tell(new RetireBook("the market is determined"));

        // Its last update, as closed with the last prices (not tradable), once the change is stored; then it stops and asks
        // for no snapshot, however long the silence.
        var retired = _statuses.ExpectMsg<BookStatusChanged>();
        Assert.Equal(("the market is determined", BookStatus.Live, BookStatus.Closed), (retired.Reason, retired.From, retired.To));
        var last = _updates.ExpectMsg<BookUpdated>();
        Assert.Equal((BookStatus.Closed, Cents(42), Cents(45)), (last.Status, last.Top.YesBid!.Value, last.Top.YesAsk!.Value));
        Assert.False(last.IsTradable);
        ExpectTerminated(book);
        Assert.Contains(PersistedEvents(ActorNames.Book(Ticker)).OfType<BookStatusChanged>(), e => e.To == BookStatus.Closed);
        Clock!.Advance(TimeSpan.FromMinutes(5));
        _feed.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void OrderBookActor_must_record_book_quality_for_the_window()
    {
        var book = StartLiveBook();
        var start = Clock!.GetUtcNow();
        book.Tell(Delta(11, Side.Yes, 40, +1, exchangeTime: start - TimeSpan.FromMilliseconds(3)));
        book.Tell(Delta(12, Side.Yes, 40, +1, exchangeTime: start - TimeSpan.FromMilliseconds(5)));
        book.Tell(new SequenceGapDetected(1, 13, 15));
        _feed.ExpectMsg<RequestBookSnapshot>();
        book.Tell(Snapshot(seq: 20, yes: [(40, 1)], no: [(50, 1)]));
        _statuses.FishForMessage<BookStatusChanged>(s => s.To == BookStatus.Live && s.From == BookStatus.Stale);

        var quality = CreateTestProbe("quality");
        Sys.EventStream.Subscribe(quality.Ref, typeof(BookQualityRecorded));
        Clock.Advance(TimeSpan.FromMinutes(5));

        var recorded = quality.ExpectMsg<BookQualityRecorded>();
        Assert.Equal(Ticker, recorded.Ticker);
        Assert.Equal(1, recorded.Gaps);
        Assert.Equal(1, recorded.Resyncs);
        Assert.Equal(4, recorded.Messages);
        Assert.Equal(3_000, recorded.MessageAgeP50Micros);
        Assert.Equal(5_000, recorded.MessageAgeP99Micros);
        AwaitAssert(() => Assert.Single(PersistedEvents(ActorNames.Book(Ticker)).OfType<BookQualityRecorded>()));
    }

    [Fact]
    public void BookStatusChanged_and_BookQualityRecorded_round_trip_through_the_registry()
    {
        var registry = MarketsEvents.Register(new EventRegistry());
        var at = new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero);
        object[] events =
        [
            new BookStatusChanged(Ticker, BookStatus.Live, BookStatus.Stale, "gap", at),
            new BookStatusChanged(Ticker, BookStatus.Stale, BookStatus.Closed, "the market is settled", at),
            new BookQualityRecorded(Ticker, at, at.AddMinutes(5), 10, 1, 2, 3, 4, 500, null),
            new OrderBookJournalState(3, 4),
        ];
        foreach (var e in events)
        {
            var payload = registry.Serialize(e);
            Assert.Equal(e, registry.Deserialize("p", 1, payload.Manifest, payload.Payload));
        }

        Assert.Equal("BookStatusChanged.v1", registry.ManifestOf(typeof(BookStatusChanged)));
        Assert.Equal("BookQualityRecorded.v1", registry.ManifestOf(typeof(BookQualityRecorded)));
    }

    private IActorRef StartBook() => ActorOf(OrderBookActor.Props(Ticker, Settings, _feed.Ref), ActorNames.Book(Ticker));

    private IActorRef StartLiveBook()
    {
        var book = StartBook();
        book.Tell(Snapshot(seq: 10, yes: [(40, 100), (42, 300), (41, 50)], no: [(55, 100), (50, 10)]));
        _updates.ExpectMsg<BookUpdated>();
        _statuses.ExpectMsg<BookStatusChanged>();
        return book;
    }

    private static BookSnapshotReceived Snapshot(long seq, (int Cents, int Contracts)[] yes, (int Cents, int Contracts)[] no) =>
        new(Ticker, 1, seq, [.. yes.Select(l => new BookLevel(Cents(l.Cents), Contracts(l.Contracts)))], [.. no.Select(l => new BookLevel(Cents(l.Cents), Contracts(l.Contracts)))], NoLevelsInYesPrices: false);

    private static BookDeltaReceived Delta(long seq, Side side, int cents, int contracts, DateTimeOffset? exchangeTime = null) =>
        new(Ticker, 1, seq, side, Cents(cents), Contracts(contracts), null, exchangeTime);

    private static Price Cents(int cents) => Price.FromCents(cents);

    private static Quantity Contracts(int contracts) => Quantity.FromUnits(contracts * Quantity.UnitsPerContract);
}
