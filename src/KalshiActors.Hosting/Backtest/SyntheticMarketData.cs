using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Backtest;

/// <summary>What <see cref="SyntheticMarketData"/> generates.</summary>
/// <param name="Seed">Seeds every random draw: the same seed gives the same recording.</param>
/// <param name="Markets">Strike markets on one bitcoin ladder (series KXSIMBTCD, underlying BTC, closing after <paramref name="Duration"/>).</param>
/// <param name="Duration">Recorded time span.</param>
/// <param name="DeltasPerSecond">Order-book deltas per recorded second over all markets.</param>
/// <param name="Series">Series ticker of the ladder (the default EV strategy trades KXSIMBTCD).</param>
public sealed record SyntheticOptions(long Seed, int Markets = 5, TimeSpan? Duration = null, int DeltasPerSecond = 20, string Series = "KXSIMBTCD");

/// <summary>
/// Generates a recording like one `run --record` makes of the simulator's bitcoin ladder, for tests and benchmarks: a spot
/// price on a random walk (60% annualised volatility, one observation a second, recorded as fair_value lines), and per
/// strike market an order book whose quotes follow the digital's fair value with a lag and noise, as deltas (with an
/// occasional public trade). Returned as steps (benchmarks) or written as JSONL in the recorder's format (tests).
/// </summary>
public static class SyntheticMarketData
{
    /// <summary>When generated recordings start.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private const double Volatility = 0.6;
    private const double SecondsPerYear = 365.25 * 86400;

    /// <summary>The generated steps in time order.</summary>
    public static IReadOnlyList<RecordedStep> Generate(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));
        var duration = options.Duration ?? TimeSpan.FromMinutes(10);
        var close = Start + duration + TimeSpan.FromMinutes(5);
        var steps = new List<RecordedStep>();
        var spot = 100_000.0;
        var markets = new List<SyntheticBook>();
        var eventTicker = $"{options.Series}-26MAR0215";
        for (var i = 0; i < options.Markets; i++)
        {
            var strike = 100_000m + (i - (options.Markets / 2)) * 250m - 0.01m;
            var ticker = new MarketTicker($"{eventTicker}-T{strike.ToString("0.00", CultureInfo.InvariantCulture)}");
            var info = BacktestRecording.Derive(ticker) with
            {
                EventTicker = new EventTicker(eventTicker),
                Title = $"Bitcoin above {strike.ToString("N2", CultureInfo.InvariantCulture)}",
                Category = "crypto",
                OpenTime = Start - TimeSpan.FromHours(1),
                CloseTime = close,
                FloorStrike = strike,
                Underlying = "BTC",
            };
            steps.Add(new RecordedStep(Start, 0, [], null, info));
            markets.Add(new SyntheticBook(ticker, (double)strike));
        }

        long sequence = 0;
        var tradeNumber = 0;
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        var perSecond = Math.Max(1, options.DeltasPerSecond);
        for (var second = 0; second < seconds; second++)
        {
            var at = Start + TimeSpan.FromSeconds(second);
            spot *= Math.Exp(Volatility * Math.Sqrt(1 / SecondsPerYear) * Normal(random) * 4);
            steps.Add(new RecordedStep(at, 0, [], new SpotPriceObserved("spot", "BTC", Math.Round((decimal)spot, 2), at, at), null));
            var years = Math.Max(1.0, (close - at).TotalSeconds) / SecondsPerYear;
            foreach (var book in markets)
            {
                book.Fair = Digital(spot, book.Strike, years);
                if (!book.Snapshotted)
                {
                    book.Center = Cents(book.Fair);
                    steps.Add(new RecordedStep(at, 0, [book.Snapshot(++sequence)], null, null));
                }
            }

            for (var n = 0; n < perSecond; n++)
            {
                var deltaAt = at + TimeSpan.FromTicks(TimeSpan.TicksPerSecond * n / perSecond);
                var book = markets[random.Next(markets.Count)];
                var events = new List<MarketDataEvent>();

                // Quotes follow the fair value a cent at a time, so they lag a fast spot: that lag is the strategies' edge.
                var target = Cents(book.Fair);
                if (target != book.Center && random.NextDouble() < 0.3)
                {
                    book.Recenter(book.Center + Math.Sign(target - book.Center), deltaAt, ref sequence, events);
                }
                else
                {
                    book.Jiggle(random, deltaAt, ref sequence, events);
                }

                if (random.NextDouble() < 0.02)
                {
                    var takerYes = random.Next(2) == 0;
                    var price = Price.FromCents(takerYes ? Math.Min(99, book.Center + 1) : Math.Max(1, book.Center - 1));
                    events.Add(new TradePrinted($"synthetic-{++tradeNumber}", book.Ticker, price, Quantity.FromContracts(random.Next(1, 20)), takerYes ? Side.Yes : Side.No, deltaAt));
                }

                if (events.Count > 0)
                {
                    steps.Add(new RecordedStep(deltaAt, 0, events, null, null));
                }
            }
        }

        return [.. steps.Select((s, i) => (s, i)).OrderBy(p => p.s.At).ThenBy(p => p.i).Select(p => p.s)];
    }

    /// <summary>Writes <paramref name="steps"/> as the recorder's JSONL (WebSocket frames in the current fixed-point shape).</summary>
    public static void WriteJsonl(IEnumerable<RecordedStep> steps, Stream output)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var step in steps)
        {
            if (step.Market is { } market)
            {
                Line(output, step.At, "market", w =>
                {
                    w.WriteString("ticker", market.Ticker.Value);
                    w.WriteString("event_ticker", market.EventTicker.Value);
                    w.WriteString("series_ticker", market.SeriesTicker.Value);
                    w.WriteString("title", market.Title);
                    w.WriteString("status", "active");
                    if (market.CloseTime is { } close)
                    {
                        w.WriteString("close_time", close.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    }

                    if (market.FloorStrike is { } strike)
                    {
                        w.WriteString("floor_strike", strike.ToString(CultureInfo.InvariantCulture));
                    }

                    if (market.Underlying is { } underlying)
                    {
                        w.WriteString("underlying", underlying);
                    }
                });
            }

            if (step.FairValue is SpotPriceObserved spot)
            {
                Line(output, step.At, "fair_value", w =>
                {
                    w.WriteString("type", "spot");
                    w.WriteString("source", spot.Source);
                    w.WriteString("underlying", spot.Underlying);
                    w.WriteString("price", spot.Price.ToString(CultureInfo.InvariantCulture));
                });
            }

            foreach (var e in step.MarketData)
            {
                Line(output, step.At, "message", w => Frame(w, e));
            }
        }
    }

    private static void Frame(Utf8JsonWriter w, MarketDataEvent e)
    {
        switch (e)
        {
            case BookSnapshotReceived s:
                w.WriteString("type", "orderbook_snapshot");
                w.WriteNumber("sid", s.SubscriptionId);
                w.WriteNumber("seq", s.Sequence);
                w.WriteStartObject("msg");
                w.WriteString("market_ticker", s.Ticker.Value);
                Levels(w, "yes_dollars_fp", s.YesBids);
                Levels(w, "no_dollars_fp", s.NoBids);
                w.WriteEndObject();
                break;
            case BookDeltaReceived d:
                w.WriteString("type", "orderbook_delta");
                w.WriteNumber("sid", d.SubscriptionId);
                w.WriteNumber("seq", d.Sequence);
                w.WriteStartObject("msg");
                w.WriteString("market_ticker", d.Ticker.Value);
                w.WriteString("price_dollars", d.Price.ToDollarString());
                w.WriteString("delta_fp", d.Delta.ToFixedString());
                w.WriteString("side", d.Side == Side.Yes ? "yes" : "no");
                if (d.ExchangeTime is { } ts)
                {
                    w.WriteNumber("ts_ms", ts.ToUnixTimeMilliseconds());
                }

                w.WriteEndObject();
                break;
            case TradePrinted t:
                w.WriteString("type", "trade");
                w.WriteNumber("sid", 2);
                w.WriteStartObject("msg");
                w.WriteString("trade_id", t.TradeId);
                w.WriteString("market_ticker", t.Ticker.Value);
                w.WriteString("yes_price_dollars", t.YesPrice.ToDollarString());
                w.WriteString("no_price_dollars", Price.FromUnits(Price.UnitsPerDollar - t.YesPrice.Units).ToDollarString());
                w.WriteString("count_fp", t.Count.ToFixedString());
                if (t.TakerSide is { } taker)
                {
                    w.WriteString("taker_side", taker == Side.Yes ? "yes" : "no");
                }

                if (t.ExchangeTime is { } time)
                {
                    w.WriteNumber("ts", time.ToUnixTimeSeconds());
                    w.WriteNumber("ts_ms", time.ToUnixTimeMilliseconds());
                }

                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"{e.GetType().Name} is not generated", nameof(e));
        }
    }

    private static void Levels(Utf8JsonWriter w, string name, IReadOnlyList<BookLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(level.Price.ToDollarString());
            w.WriteStringValue(level.Size.ToFixedString());
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void Line(Stream output, DateTimeOffset at, string property, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("received_at", at);
            w.WritePropertyName(property);
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    private static string Text(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The recording as JSONL text.</summary>
    public static string ToJsonl(IEnumerable<RecordedStep> steps) => Text(s => WriteJsonl(steps, s));

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // P(S_T >= K) under a driftless lognormal, as the strategies' digital model prices it.
    private static double Digital(double spot, double strike, double years)
    {
        var sigma = Volatility * Math.Sqrt(years);
        var d2 = (Math.Log(spot / strike) - (0.5 * sigma * sigma)) / sigma;
        return 0.5 * (1 + Erf(d2 / Math.Sqrt(2)));
    }

    private static double Erf(double x)
    {
        // Abramowitz-Stegun 7.1.26: plenty for generating quotes.
        var t = 1 / (1 + (0.3275911 * Math.Abs(x)));
        var y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }

    private static int Cents(double probability) => Math.Clamp((int)Math.Round(probability * 100), 3, 97);

    // One market's generated book: YES bids below the centre, NO bids below 100 - centre, five cent levels each.
    private sealed class SyntheticBook(MarketTicker ticker, double strike)
    {
        private const int Depth = 5;
        private readonly SortedDictionary<int, long> _yes = [];
        private readonly SortedDictionary<int, long> _no = [];

        public MarketTicker Ticker { get; } = ticker;

        public double Strike { get; } = strike;

        public double Fair { get; set; }

        public int Center { get; set; }

        public bool Snapshotted { get; private set; }

        public BookSnapshotReceived Snapshot(long sequence)
        {
            Snapshotted = true;
            for (var k = 1; k <= Depth; k++)
            {
                Set(_yes, Center - k, 100 * (10 + (5 * k)));
                Set(_no, 100 - Center - k, 100 * (10 + (5 * k)));
            }

            return new BookSnapshotReceived(Ticker, 1, sequence, Levels(_yes), Levels(_no), false);
        }

        public void Recenter(int center, DateTimeOffset at, ref long sequence, List<MarketDataEvent> events)
        {
            Center = center;
            Reshape(_yes, Side.Yes, Center, at, ref sequence, events);
            Reshape(_no, Side.No, 100 - Center, at, ref sequence, events);
        }

        public void Jiggle(Random random, DateTimeOffset at, ref long sequence, List<MarketDataEvent> events)
        {
            var yes = random.Next(2) == 0;
            var side = yes ? _yes : _no;
            var top = yes ? Center : 100 - Center;
            var price = top - random.Next(1, Depth + 1);
            if (price < 1 || price > 99)
            {
                return;
            }

            var current = side.GetValueOrDefault(price);
            var change = 100L * random.Next(-5, 8);
            var next = Math.Max(100, current + change);
            if (next != current)
            {
                side[price] = next;
                events.Add(Delta(yes ? Side.Yes : Side.No, price, next - current, at, ++sequence));
            }
        }

        // Removes levels at or above the new top and fills the five levels below it.
        private void Reshape(SortedDictionary<int, long> side, Side leg, int top, DateTimeOffset at, ref long sequence, List<MarketDataEvent> events)
        {
            foreach (var price in side.Keys.Where(p => p >= top || p < top - Depth).ToList())
            {
                events.Add(Delta(leg, price, -side[price], at, ++sequence));
                side.Remove(price);
            }

            for (var k = 1; k <= Depth; k++)
            {
                var price = top - k;
                if (price >= 1 && !side.ContainsKey(price))
                {
                    side[price] = 100 * (10 + (5 * k));
                    events.Add(Delta(leg, price, side[price], at, ++sequence));
                }
            }
        }

        private BookDeltaReceived Delta(Side side, int cents, long units, DateTimeOffset at, long sequence) =>
            new(Ticker, 1, sequence, side, Price.FromCents(cents), Quantity.FromUnits(units), null, at);

        private static void Set(SortedDictionary<int, long> side, int price, long units)
        {
            if (price is >= 1 and <= 99)
            {
                side[price] = units;
            }
        }

        private static IReadOnlyList<BookLevel> Levels(SortedDictionary<int, long> side) =>
            [.. side.Select(p => new BookLevel(Price.FromCents(p.Key), Quantity.FromUnits(p.Value)))];
    }
}
