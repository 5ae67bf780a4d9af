using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.WebSocket;
using KalshiActors.Testing;

namespace KalshiActors.Exchange.Tests.WebSocket;

public sealed class StreamDecoderTests
{
    private const string Ticker = "KXBTC15M-26AUG132115-15";

    private static List<MarketDataEvent> Decode(KalshiStreamDecoder decoder, params string[] frames)
    {
        var events = new List<MarketDataEvent>();
        foreach (var frame in frames)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(frame), events);
        }

        return events;
    }

    [Fact]
    public void Decode_current_snapshot_and_delta_give_exact_levels()
    {
        var events = Decode(
            new KalshiStreamDecoder(noLevelsInYesPrices: false),
            $$$"""{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"{{{Ticker}}}","market_id":"m","yes_dollars_fp":[["0.4800","120.00"],["0.4900","35.50"]]}}""",
            $$$"""{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"{{{Ticker}}}","price_dollars":"0.4900","delta_fp":"-35.50","side":"yes","client_order_id":"c-1","ts_ms":1786669512345}}""");

        var snapshot = Assert.IsType<BookSnapshotReceived>(events[0]);
        Assert.Equal(Ticker, snapshot.Ticker.Value);
        Assert.Equal([new BookLevel(Price.ParseDollars("0.48"), Quantity.Parse("120")), new BookLevel(Price.ParseDollars("0.49"), Quantity.Parse("35.5"))], snapshot.YesBids);
        Assert.Empty(snapshot.NoBids);
        var delta = Assert.IsType<BookDeltaReceived>(events[1]);
        Assert.Equal(Side.Yes, delta.Side);
        Assert.Equal(Price.ParseDollars("0.49"), delta.Price);
        Assert.Equal(Quantity.Parse("-35.50"), delta.Delta);
        Assert.Equal(new ClientOrderId("c-1"), delta.ClientOrderId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1786669512345), delta.ExchangeTime);
        Assert.Equal(2, delta.Sequence);
    }

    [Fact]
    public void Decode_legacy_cent_frames_give_same_values_as_fixed_point()
    {
        var events = Decode(
            new KalshiStreamDecoder(false),
            """{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes":[[47,250]],"no":[[49,80]]}}""",
            """{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"T","price":49,"delta":-35,"side":"no"}}""");
        var snapshot = Assert.IsType<BookSnapshotReceived>(events[0]);
        Assert.Equal(new BookLevel(Price.FromCents(47), Quantity.FromContracts(250)), Assert.Single(snapshot.YesBids));
        Assert.Equal(new BookLevel(Price.FromCents(49), Quantity.FromContracts(80)), Assert.Single(snapshot.NoBids));
        var delta = Assert.IsType<BookDeltaReceived>(events[1]);
        Assert.Equal(Price.FromCents(49), delta.Price);
        Assert.Equal(Quantity.FromContracts(-35), delta.Delta);
    }

    [Fact]
    public void Decode_sequence_skip_reports_gap_before_the_frame()
    {
        var events = Decode(
            new KalshiStreamDecoder(false),
            """{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T"}}""",
            """{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"T","price_dollars":"0.48","delta_fp":"1","side":"yes"}}""",
            """{"type":"orderbook_delta","sid":1,"seq":4,"msg":{"market_ticker":"T","price_dollars":"0.48","delta_fp":"1","side":"yes"}}""",
            """{"type":"orderbook_delta","sid":2,"seq":9,"msg":{"market_ticker":"U","price_dollars":"0.48","delta_fp":"1","side":"yes"}}""");
        Assert.Equal(5, events.Count);
        Assert.Equal(new SequenceGapDetected(1, 3, 4), events[2]);
        Assert.IsType<BookDeltaReceived>(events[3]);
        Assert.IsType<BookDeltaReceived>(events[4]);
    }

    [Fact]
    public void Decode_ok_reply_with_next_seq_does_not_cause_false_gap()
    {
        var events = Decode(
            new KalshiStreamDecoder(false),
            """{"type":"orderbook_snapshot","sid":1,"seq":6,"msg":{"market_ticker":"T"}}""",
            """{"id":3,"type":"ok","sid":1,"seq":7,"msg":{"market_tickers":["T","U"]}}""",
            """{"type":"orderbook_snapshot","sid":1,"seq":8,"msg":{"market_ticker":"U"}}""");
        Assert.DoesNotContain(events, e => e is SequenceGapDetected);
    }

    [Fact]
    public void Decode_subscribed_and_terminal_error_are_replies()
    {
        var decoder = new KalshiStreamDecoder(false);
        var events = new List<MarketDataEvent>();
        var ack = decoder.Decode("""{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":5}}"""u8, events);
        Assert.Equal(new ControlReply(ControlKind.Subscribed, 1, 5, "orderbook_delta", 0, null), ack);
        Assert.Equal("orderbook_delta", decoder.Channels[5]);
        var error = decoder.Decode("""{"type":"error","sid":5,"msg":{"code":25,"msg":"buffer overflow"}}"""u8, events);
        Assert.Equal(ControlKind.Error, error.Kind);
        Assert.Equal(new SubscriptionFailed(5, 25, "buffer overflow", true), Assert.Single(events));
    }

    [Fact]
    public void Decode_bad_price_names_the_field()
    {
        var error = Assert.Throws<InvalidFieldValueException>(() => Decode(
            new KalshiStreamDecoder(false),
            """{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","price_dollars":"0.48001","delta_fp":"1","side":"yes"}}"""));
        Assert.Equal("orderbook_delta.price_dollars", error.Field);
    }

    [SharedDataFact]
    public void Decode_every_server_frame_of_the_fixtures_into_typed_events()
    {
        var root = RepositoryLayout.Shared("kalshi", "fixtures");
        var files = new[] { "ws/kalshi_ticker.jsonl", "ws/kalshi_trade.jsonl", "examples/HANDWRITTEN_ws_public_fixedpoint.jsonl", "examples/HANDWRITTEN_ws_private_fixedpoint.jsonl", "examples/HANDWRITTEN_ws_lifecycle.jsonl", "examples/HANDWRITTEN_ws_legacy_cents.jsonl" };
        var counts = new Dictionary<Type, int>();
        foreach (var file in files)
        {
            var decoder = new KalshiStreamDecoder(false);
            var events = Decode(decoder, [.. File.ReadLines(Path.Combine(root, file)).Where(l => l.Trim().Length > 0)]);
            foreach (var e in events)
            {
                counts[e.GetType()] = counts.GetValueOrDefault(e.GetType()) + 1;
            }
        }

        foreach (var expected in new[] { typeof(TickerUpdated), typeof(TradePrinted), typeof(BookSnapshotReceived), typeof(BookDeltaReceived), typeof(OwnFillReceived), typeof(OwnOrderUpdated), typeof(OwnPositionChanged), typeof(MarketLifecycleChanged) })
        {
            Assert.True(counts.GetValueOrDefault(expected) > 0, $"no {expected.Name} decoded from the fixtures");
        }
    }

    [SharedDataFact]
    public void Decode_private_fixture_fill_fee_and_position_are_exact()
    {
        var events = Decode(new KalshiStreamDecoder(false), [.. File.ReadLines(RepositoryLayout.Shared("kalshi", "fixtures", "examples", "HANDWRITTEN_ws_private_fixedpoint.jsonl")).Where(l => l.Trim().Length > 0)]);
        var fill = events.OfType<OwnFillReceived>().First();
        Assert.Equal(Money.ParseDollars("0.21"), fill.Fill.Fee);
        Assert.Equal(Quantity.Parse("12"), fill.Fill.Count);
        Assert.Equal(FeeSchedule.TakerFee(SeriesFeeParameters.General, fill.Fill.YesPrice, fill.Fill.Count, FeeRounding.UpToCentiCent), fill.Fill.Fee);
    }
}
