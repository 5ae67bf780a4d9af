using System.Text;
using KalshiActors.Domain.Ports;
using KalshiActors.Hosting.Backtest;
using KalshiActors.Testing;

namespace KalshiActors.Hosting.Tests.Backtest;

public sealed class BacktestRecordingTests
{
    private static IReadOnlyList<RecordedStep> Parse(string text) => BacktestRecording.Parse("rec.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Parse_RecorderLines_DecodeTheFramesAtTheirReceiveTime()
    {
        var steps = Parse(
            """
            {"received_at":"2026-03-02T14:00:00Z","message":{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXA-1","yes_dollars_fp":[["0.4700","10.00"]],"no_dollars_fp":[]}}}
            {"received_at":"2026-03-02T14:00:01.5Z","message":{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"KXA-1","price_dollars":"0.4700","delta_fp":"-2.00","side":"yes"}}}
            {"received_at":"2026-03-02T14:00:02Z","message":"not json at all"}
            """);

        Assert.Equal(3, steps.Count);
        Assert.IsType<BookSnapshotReceived>(Assert.Single(steps[0].MarketData));
        var delta = Assert.IsType<BookDeltaReceived>(Assert.Single(steps[1].MarketData));
        Assert.Equal(-200, delta.Delta.Units);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 0, 1, 500, TimeSpan.Zero), steps[1].At);
        Assert.Empty(steps[2].MarketData);
    }

    [Fact]
    public void Parse_BareFrames_TakeTheirTimeFromTsOrTheLineBefore()
    {
        var steps = Parse(
            """
            {"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXA-1","yes":[[47,10]],"no":[[50,3]]}}
            {"type":"trade","sid":2,"msg":{"trade_id":"t1","market_ticker":"KXA-1","yes_price":50,"no_price":50,"count":3,"taker_side":"yes","ts":1764970801}}
            {"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"KXA-1","price":47,"delta":-5,"side":"yes"}}
            """);

        var at = DateTimeOffset.FromUnixTimeSeconds(1764970801);
        Assert.All(steps, s => Assert.Equal(at, s.At));
        Assert.IsType<TradePrinted>(Assert.Single(steps[1].MarketData));
        Assert.Equal(-500, Assert.IsType<BookDeltaReceived>(Assert.Single(steps[2].MarketData)).Delta.Units);
    }

    [Fact]
    public void Parse_FairValueAndMarketLines_BecomeObservationsAndDescriptions()
    {
        var steps = Parse(
            """
            {"received_at":"2026-03-02T14:00:00Z","market":{"ticker":"KXSIMBTCD-26MAR0215-T99999.99","close_time":"2026-03-02T15:00:00Z","underlying":"BTC"}}
            {"received_at":"2026-03-02T14:00:01Z","fair_value":{"type":"spot","source":"spot","underlying":"BTC","price":"100123.45"}}
            """);

        var market = steps[0].Market!;
        Assert.Equal(99999.99m, market.FloorStrike);
        Assert.Equal("KXSIMBTCD", market.SeriesTicker.Value);
        Assert.Equal("BTC", market.Underlying);
        var spot = Assert.IsType<SpotPriceObserved>(steps[1].FairValue);
        Assert.Equal(100123.45m, spot.Price);
        Assert.Equal(steps[1].At, spot.ReceivedAt);
    }

    [Theory]
    [InlineData("{\"received_at\":\"2026-03-02T14:00:00Z\",\"message\":{\"type\":", "rec.jsonl:2: not valid JSON")]
    [InlineData("[1,2]", "rec.jsonl:2: expected a JSON object per line")]
    [InlineData("{\"hello\":1}", "rec.jsonl:2: neither a recorded message")]
    [InlineData("{\"received_at\":\"yesterday\",\"message\":{}}", "rec.jsonl:2: received_at 'yesterday' is not an RFC 3339 time")]
    [InlineData("{\"received_at\":\"2026-03-02T14:00:00Z\",\"fair_value\":{\"type\":\"spot\",\"price\":\"1\"}}", "rec.jsonl:2: fair_value needs \"underlying\"")]
    public void Parse_BadLine_NamesFileAndLine(string line, string expected)
    {
        var error = Assert.Throws<BacktestDataException>(() => Parse("{\"type\":\"subscribed\",\"id\":1,\"msg\":{\"channel\":\"trade\",\"sid\":2}}\n" + line + "\n"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var error = Assert.Throws<BacktestDataException>(() => BacktestRecording.Load("/nonexistent/recording.jsonl"));

        Assert.Equal("/nonexistent/recording.jsonl: no such file or directory", error.Message);
    }

    [Fact]
    public void SyntheticRecording_RoundTripsThroughTheRecorderFormat()
    {
        var steps = SyntheticMarketData.Generate(new SyntheticOptions(9, Markets: 2, Duration: TimeSpan.FromSeconds(30)));
        var text = SyntheticMarketData.ToJsonl(steps);

        var parsed = Parse(text);

        Assert.Equal(steps.Sum(s => s.MarketData.Count), parsed.Sum(s => s.MarketData.Count));
        Assert.Equal(
            steps.SelectMany(s => s.MarketData).OfType<BookDeltaReceived>().Select(d => (d.Ticker, d.Side, d.Price, d.Delta)),
            parsed.SelectMany(s => s.MarketData).OfType<BookDeltaReceived>().Select(d => (d.Ticker, d.Side, d.Price, d.Delta)));
        // One line per event: a generated step with several events becomes several steps at the same time.
        Assert.Equal(steps.SelectMany(s => s.MarketData.Select(_ => s.At)), parsed.SelectMany(s => s.MarketData.Select(_ => s.At)));
    }

    [SharedDataFact]
    public void Load_SharedFixtures_DecodeEveryMarketDataLine()
    {
        var recording = BacktestRecording.Load(RepositoryLayout.Shared("kalshi", "fixtures", "examples", "HANDWRITTEN_ws_orderbook_gap.jsonl"));

        Assert.Contains(recording.Steps.SelectMany(s => s.MarketData), e => e is SequenceGapDetected);
        Assert.Equal(2, recording.BookDeltas);
    }
}
