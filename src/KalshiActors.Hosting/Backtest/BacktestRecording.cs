using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.WebSocket;

namespace KalshiActors.Hosting.Backtest;

/// <summary>One recorded moment: what arrived at <see cref="At"/> on one line of a recording.</summary>
/// <param name="At">When it was received (the virtual clock moves to this time before it is fed).</param>
/// <param name="Line">The 1-based line of the recording it came from (0 for generated data).</param>
/// <param name="MarketData">Exchange market-data events decoded from the line (may be empty: subscription acks).</param>
/// <param name="FairValue">A recorded fair-value observation, if the line held one.</param>
/// <param name="Market">A recorded market description, if the line held one.</param>
public sealed record RecordedStep(DateTimeOffset At, long Line, IReadOnlyList<MarketDataEvent> MarketData, FairValueObservation? FairValue, MarketInfo? Market);

/// <summary>
/// Recorded market data, parsed once and held in memory in time order. Reads the JSONL that `run --record` writes
/// (<c>{"received_at": ..., "message": {WebSocket frame}}</c>), bare Kalshi WebSocket frames one per line (the shared fixtures,
/// in the current fixed-point and the legacy integer-cent shapes, decoded by the Exchange's stream decoder; their time is
/// the frame's <c>ts_ms</c>, <c>ts</c> or <c>time</c>, else the line before's), and two backtest additions:
/// <c>{"received_at", "fair_value": {"type": "spot", "source", "underlying", "price"}}</c> and
/// <c>{"received_at", "market": {"ticker", "event_ticker", "series_ticker", "status", "close_time", "floor_strike", "underlying"}}</c>.
/// A market seen only in market data gets a description derived from its ticker (general fee table, cent ticks).
/// </summary>
public sealed class BacktestRecording
{
    /// <summary>Where the clock starts when a recording holds no time at all.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private BacktestRecording(string source, IReadOnlyList<RecordedStep> steps, IReadOnlyList<MarketInfo> markets)
    {
        Source = source;
        Steps = steps;
        Markets = markets;
        long deltas = 0;
        long events = 0;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            events += step.MarketData.Count + (step.FairValue is null ? 0 : 1);
            foreach (var e in step.MarketData)
            {
                if (e is BookDeltaReceived)
                {
                    deltas++;
                }
            }

            if (step.FairValue is { } observation)
            {
                sources.Add(observation.Source);
            }
        }

        BookDeltas = deltas;
        Events = events;
        FairValueSources = [.. sources];
    }

    /// <summary>The file or directory the recording was read from (or a generator's description).</summary>
    public string Source { get; }

    /// <summary>The steps in time order (stable: lines with the same time keep their order).</summary>
    public IReadOnlyList<RecordedStep> Steps { get; }

    /// <summary>Every market of the recording, by ticker (recorded descriptions first, derived ones otherwise).</summary>
    public IReadOnlyList<MarketInfo> Markets { get; }

    /// <summary>How many steps (recorded lines) the recording holds.</summary>
    public int StepCount => Steps.Count;

    /// <summary>How many markets the recording holds.</summary>
    public int MarketCount => Markets.Count;

    /// <summary>Order-book deltas in the recording.</summary>
    public long BookDeltas { get; }

    /// <summary>Market-data events plus fair-value observations.</summary>
    public long Events { get; }

    /// <summary>The fair-value feeds the recording carries (one feed actor each).</summary>
    public IReadOnlyList<string> FairValueSources { get; }

    /// <summary>The first step's time (the virtual clock's start).</summary>
    public DateTimeOffset Start => Steps.Count > 0 ? Steps[0].At : DefaultStart;

    /// <summary>The last step's time.</summary>
    public DateTimeOffset End => Steps.Count > 0 ? Steps[^1].At : DefaultStart;

    /// <summary>A recording made of generated steps (tests, benchmarks).</summary>
    public static BacktestRecording FromSteps(string source, IEnumerable<RecordedStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var ordered = steps.Select((s, i) => (s, i)).OrderBy(p => p.s.At).ThenBy(p => p.i).Select(p => p.s).ToList();
        return new BacktestRecording(source, ordered, MarketsOf(ordered));
    }

    /// <summary>
    /// Reads <paramref name="path"/> (a .jsonl file, or a directory whose *.jsonl files are read in name order), keeping the
    /// steps in [<paramref name="from"/>, <paramref name="to"/>). Throws <see cref="BacktestDataException"/> naming the file
    /// and line of anything it cannot read.
    /// </summary>
    public static BacktestRecording Load(string path, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IReadOnlyList<string> files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal)];
            if (files.Count == 0)
            {
                throw new BacktestDataException(path, 0, "the directory holds no *.jsonl recording");
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new BacktestDataException(path, 0, "no such file or directory");
        }

        var steps = new List<RecordedStep>();
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            steps.AddRange(Parse(file, stream));
        }

        if (steps.Count == 0)
        {
            throw new BacktestDataException(path, 0, "the recording is empty");
        }

        var kept = steps
            .Select((s, i) => (s, i))
            .Where(p => (from is null || p.s.At >= from) && (to is null || p.s.At < to))
            .OrderBy(p => p.s.At)
            .ThenBy(p => p.i)
            .Select(p => p.s)
            .ToList();
        return new BacktestRecording(Path.GetFullPath(path), kept, MarketsOf(kept));
    }

    /// <summary>Parses one JSONL stream (<paramref name="name"/> is used in errors); steps in line order.</summary>
    public static IReadOnlyList<RecordedStep> Parse(string name, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var decoder = new KalshiStreamDecoder(noLevelsInYesPrices: false);
        var steps = new List<(DateTimeOffset? At, RecordedStep Step)>();
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, 1 << 16);
        long lineNumber = 0;
        DateTimeOffset? last = null;
        string? text;
        try
        {
            text = reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            throw new BacktestDataException(name, 1, "not UTF-8 text", e);
        }

        while (text is not null)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                var (at, step) = ParseLine(name, lineNumber, Encoding.UTF8.GetBytes(text), decoder);
                last = at ?? last;
                steps.Add((at ?? last, step));
            }

            try
            {
                text = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new BacktestDataException(name, lineNumber + 1, "not UTF-8 text", e);
            }
        }

        // Lines before the first time the recording states (a snapshot without ts) happen at that first time.
        var first = steps.FirstOrDefault(s => s.At is not null).At ?? DefaultStart;
        return [.. steps.Select(s => s.Step with { At = s.At ?? first })];
    }

    private static (DateTimeOffset? At, RecordedStep Step) ParseLine(string name, long line, byte[] bytes, KalshiStreamDecoder decoder)
    {
        DateTimeOffset? receivedAt = null;
        ReadOnlyMemory<byte>? frame = null;
        FairValueObservation? fairValue = null;
        MarketInfo? market = null;
        var bare = false;
        var nonJsonMessage = false;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BacktestDataException(name, line, "expected a JSON object per line");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                switch (property)
                {
                    case "received_at" when reader.TokenType == JsonTokenType.String:
                        receivedAt = ParseTime(reader.GetString()!) ?? throw new BacktestDataException(name, line, $"received_at '{reader.GetString()}' is not an RFC 3339 time");
                        break;
                    case "message" when reader.TokenType == JsonTokenType.StartObject:
                        reader.Skip();
                        frame = bytes.AsMemory(start, (int)reader.BytesConsumed - start);
                        break;
                    case "message" when reader.TokenType == JsonTokenType.String:
                        // The recorder keeps a frame that was not JSON as text; it carries no market data.
                        nonJsonMessage = true;
                        break;
                    case "fair_value" when reader.TokenType == JsonTokenType.StartObject:
                        reader.Skip();
                        fairValue = ParseFairValue(name, line, bytes.AsMemory(start, (int)reader.BytesConsumed - start));
                        break;
                    case "market" when reader.TokenType == JsonTokenType.StartObject:
                        reader.Skip();
                        market = ParseMarket(name, line, bytes.AsMemory(start, (int)reader.BytesConsumed - start));
                        break;
                    case "type":
                        bare = true;
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new BacktestDataException(name, line, $"not valid JSON ({e.Message})", e);
        }

        if (fairValue is not null && receivedAt is { } observedAt)
        {
            fairValue = fairValue with { ReceivedAt = observedAt };
        }

        if (bare && frame is null && !nonJsonMessage && receivedAt is null)
        {
            frame = bytes;
            receivedAt = FrameTime(bytes);
        }

        if (frame is null && fairValue is null && market is null && !nonJsonMessage)
        {
            throw new BacktestDataException(
                name,
                line,
                "neither a recorded message ({\"received_at\", \"message\"}), a Kalshi WebSocket frame ({\"type\", \"msg\"}), a \"fair_value\" nor a \"market\" line");
        }

        if (fairValue is not null && receivedAt is null)
        {
            throw new BacktestDataException(name, line, "a fair_value line needs received_at");
        }

        var events = new List<MarketDataEvent>();
        if (frame is { } f)
        {
            try
            {
                decoder.Decode(f.Span, events);
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or KalshiActorsException or OverflowException)
            {
                throw new BacktestDataException(name, line, $"cannot decode the WebSocket frame: {e.Message}", e);
            }
        }

        return (receivedAt, new RecordedStep(receivedAt ?? DefaultStart, line, events, fairValue, market));
    }

    // ts_ms (ms since the epoch), ts (seconds, or RFC 3339 on book frames) or time, inside msg.
    private static DateTimeOffset? FrameTime(byte[] frame)
    {
        using var document = JsonDocument.Parse(frame);
        if (!document.RootElement.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (msg.TryGetProperty("ts_ms", out var ms) && ms.TryGetInt64(out var millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        if (msg.TryGetProperty("ts", out var ts))
        {
            if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            if (ts.ValueKind == JsonValueKind.String && ParseTime(ts.GetString()!) is { } parsed)
            {
                return parsed;
            }
        }

        return msg.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.String ? ParseTime(time.GetString()!) : null;
    }

    private static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

    private static FairValueObservation ParseFairValue(string name, long line, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var type = String(root, "type") ?? "spot";
        if (!string.Equals(type, "spot", StringComparison.Ordinal))
        {
            throw new BacktestDataException(name, line, $"fair_value type '{type}' is not supported (only \"spot\")");
        }

        var source = String(root, "source") ?? "spot";
        var underlying = String(root, "underlying") ?? throw new BacktestDataException(name, line, "fair_value needs \"underlying\"");
        var priceText = String(root, "price") ?? throw new BacktestDataException(name, line, "fair_value needs \"price\" (a decimal string)");
        if (!decimal.TryParse(priceText, NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
        {
            throw new BacktestDataException(name, line, $"fair_value price '{priceText}' is not a decimal");
        }

        var sourceTime = String(root, "source_time") is { } t ? ParseTime(t) : null;
        return new SpotPriceObserved(source, underlying, price, sourceTime ?? DefaultStart, DefaultStart);
    }

    private static MarketInfo ParseMarket(string name, long line, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var ticker = String(root, "ticker") ?? throw new BacktestDataException(name, line, "market needs \"ticker\"");
        try
        {
            var derived = Derive(new MarketTicker(ticker));
            var state = (String(root, "status") ?? "active") switch
            {
                "initialized" or "unopened" => MarketState.Initialized,
                "active" or "open" => MarketState.Active,
                "closed" => MarketState.Closed,
                "determined" => MarketState.Determined,
                "settled" or "finalized" => MarketState.Settled,
                var other => throw new BacktestDataException(name, line, $"market status '{other}' is not one of initialized, active, closed, determined, settled"),
            };
            return derived with
            {
                EventTicker = String(root, "event_ticker") is { } e ? new EventTicker(e) : derived.EventTicker,
                SeriesTicker = String(root, "series_ticker") is { } s ? new SeriesTicker(s) : derived.SeriesTicker,
                Title = String(root, "title") ?? derived.Title,
                State = state,
                CloseTime = String(root, "close_time") is { } c ? ParseTime(c) : null,
                FloorStrike = String(root, "floor_strike") is { } f ? decimal.Parse(f, NumberStyles.Number, CultureInfo.InvariantCulture) : derived.FloorStrike,
                Underlying = String(root, "underlying") ?? derived.Underlying,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new BacktestDataException(name, line, $"market '{ticker}': {e.Message}", e);
        }
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<MarketInfo> MarketsOf(IReadOnlyList<RecordedStep> steps)
    {
        var markets = new SortedDictionary<string, MarketInfo>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step.Market is { } market)
            {
                markets[market.Ticker.Value] = market;
            }
        }

        foreach (var step in steps)
        {
            foreach (var e in step.MarketData)
            {
                var ticker = e switch
                {
                    BookSnapshotReceived s => s.Ticker,
                    BookDeltaReceived d => d.Ticker,
                    TradePrinted t => t.Ticker,
                    TickerUpdated t => t.Ticker,
                    _ => (MarketTicker?)null,
                };
                if (ticker is { } t2 && !markets.ContainsKey(t2.Value))
                {
                    markets[t2.Value] = Derive(t2);
                }
            }
        }

        return [.. markets.Values];
    }

    /// <summary>
    /// A description from the ticker alone: series = the part before the first '-', event = all but the last part, an
    /// active market on the general fee table and cent ticks; a last part "T&lt;number&gt;" is the floor strike.
    /// </summary>
    public static MarketInfo Derive(MarketTicker ticker)
    {
        var text = ticker.Value;
        var firstDash = text.IndexOf('-', StringComparison.Ordinal);
        var lastDash = text.LastIndexOf('-');
        var series = firstDash > 0 ? text[..firstDash] : text;
        var eventTicker = lastDash > 0 ? text[..lastDash] : text;
        decimal? strike = null;
        if (lastDash > 0 && lastDash + 1 < text.Length && text[lastDash + 1] == 'T'
            && decimal.TryParse(text.AsSpan(lastDash + 2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            strike = parsed;
        }

        return new MarketInfo(
            ticker,
            new EventTicker(eventTicker),
            new SeriesTicker(series),
            text,
            "recorded",
            MarketState.Active,
            null,
            null,
            TickStructure.LinearCent,
            SeriesFeeParameters.General,
            strike,
            null,
            null,
            false);
    }
}
