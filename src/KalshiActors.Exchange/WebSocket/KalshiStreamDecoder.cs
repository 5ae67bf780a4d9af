using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Exchange.WebSocket;

/// <summary>What a server frame that is not market data said about our commands.</summary>
public enum ControlKind
{
    /// <summary>A data frame (or one without a command reply).</summary>
    None,

    /// <summary><c>subscribed</c>: a channel got a sid.</summary>
    Subscribed,

    /// <summary><c>ok</c>: a command succeeded.</summary>
    Ok,

    /// <summary><c>unsubscribed</c>: a sid ended.</summary>
    Unsubscribed,

    /// <summary><c>error</c>: a command or subscription failed.</summary>
    Error,
}

/// <summary>A command reply decoded from a frame.</summary>
public readonly record struct ControlReply(ControlKind Kind, long? CommandId, int? SubscriptionId, string? Channel, int ErrorCode, string? Message);

/// <summary>
/// Turns WebSocket frames (UTF-8 JSON) into Domain market-data events and command replies. Order-book frames take a
/// hand-written <see cref="Utf8JsonReader"/> path that allocates only the event; other channels go through the wire models.
/// Tracks <c>seq</c> per subscription and reports a skip as <see cref="SequenceGapDetected"/> before the frame that revealed it.
/// Not thread-safe: one decoder per connection, fed by its receive loop.
/// </summary>
public sealed class KalshiStreamDecoder
{
    private readonly Dictionary<int, long> _lastSequence = [];
    private readonly Dictionary<int, string> _channels = [];
    private readonly Dictionary<string, MarketTicker> _tickers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MarketTicker>.AlternateLookup<ReadOnlySpan<char>> _tickerLookup;
    private readonly bool _noLevelsInYesPrices;

    /// <summary>Creates a decoder; <paramref name="noLevelsInYesPrices"/> records the <c>use_yes_price</c> flag the subscription was made with.</summary>
    public KalshiStreamDecoder(bool noLevelsInYesPrices)
    {
        _noLevelsInYesPrices = noLevelsInYesPrices;
        _tickerLookup = _tickers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private enum FrameType
    {
        Unknown,
        OrderbookDelta,
        OrderbookSnapshot,
        Ticker,
        Trade,
        Fill,
        UserOrder,
        MarketPosition,
        MarketLifecycle,
        Subscribed,
        Ok,
        Unsubscribed,
        Error,
    }

    /// <summary>The channel of each live subscription id, learned from <c>subscribed</c> replies.</summary>
    public IReadOnlyDictionary<int, string> Channels => _channels;

    /// <summary>Decodes one frame, appending its events to <paramref name="output"/>; returns the command reply it carried, if any.</summary>
    public ControlReply Decode(ReadOnlySpan<byte> frame, ICollection<MarketDataEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var reader = new Utf8JsonReader(frame);
        var type = FrameType.Unknown;
        long? id = null;
        int? sid = null;
        long? seq = null;
        var msgStart = -1;
        var msgEnd = -1;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidFieldValueException("frame", Preview(frame), "a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = Classify(ref reader);
            }
            else if (reader.ValueTextEquals("sid"u8))
            {
                reader.Read();
                sid = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                seq = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                reader.Read();
                msgStart = (int)reader.TokenStartIndex;
                reader.Skip();
                msgEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Skip();
            }
        }

        var msg = msgStart >= 0 ? frame[msgStart..msgEnd] : [];
        switch (type)
        {
            case FrameType.Subscribed:
                return OnSubscribed(msg, id);
            case FrameType.Ok:
            case FrameType.Unsubscribed:
                if (sid is { } replySid && seq is { } replySeq && _lastSequence.TryGetValue(replySid, out var last) && replySeq == last + 1)
                {
                    // Whether replies consume a sequence number is undocumented; accept both behaviours without a false gap.
                    _lastSequence[replySid] = replySeq;
                }

                if (type == FrameType.Unsubscribed && sid is { } gone)
                {
                    _channels.Remove(gone);
                    _lastSequence.Remove(gone);
                }

                return new ControlReply(type == FrameType.Ok ? ControlKind.Ok : ControlKind.Unsubscribed, id, sid, null, 0, null);
            case FrameType.Error:
                return OnError(msg, id, sid, output);
            case FrameType.Unknown:
                return default;
        }

        if (msg.IsEmpty)
        {
            throw new InvalidFieldValueException("msg", Preview(frame), "a data frame with a msg object");
        }

        var subscription = sid ?? 0;
        if (seq is { } sequence)
        {
            if (_lastSequence.TryGetValue(subscription, out var previous) && sequence != previous + 1)
            {
                output.Add(new SequenceGapDetected(subscription, previous + 1, sequence));
            }

            _lastSequence[subscription] = sequence;
        }

        switch (type)
        {
            case FrameType.OrderbookDelta:
                output.Add(DecodeDelta(msg, subscription, seq ?? 0));
                break;
            case FrameType.OrderbookSnapshot:
                output.Add(DecodeSnapshot(msg, subscription, seq ?? 0));
                break;
            case FrameType.Ticker:
                output.Add(MapTicker(Deserialize(msg, KalshiWireContext.Default.TickerMsg)));
                break;
            case FrameType.Trade:
                output.Add(MapTrade(Deserialize(msg, KalshiWireContext.Default.TradeMsg)));
                break;
            case FrameType.Fill:
                output.Add(MapFill(Deserialize(msg, KalshiWireContext.Default.FillMsg)));
                break;
            case FrameType.UserOrder:
                output.Add(MapUserOrder(Deserialize(msg, KalshiWireContext.Default.UserOrderMsg)));
                break;
            case FrameType.MarketPosition:
                output.Add(MapPosition(Deserialize(msg, KalshiWireContext.Default.MarketPositionMsg)));
                break;
            case FrameType.MarketLifecycle:
                output.Add(MapLifecycle(Deserialize(msg, KalshiWireContext.Default.MarketLifecycleMsg)));
                break;
        }

        return default;
    }

    private static FrameType Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("orderbook_delta"u8) ? FrameType.OrderbookDelta
        : reader.ValueTextEquals("orderbook_snapshot"u8) ? FrameType.OrderbookSnapshot
        : reader.ValueTextEquals("ticker"u8) ? FrameType.Ticker
        : reader.ValueTextEquals("trade"u8) ? FrameType.Trade
        : reader.ValueTextEquals("fill"u8) ? FrameType.Fill
        : reader.ValueTextEquals("user_order"u8) ? FrameType.UserOrder
        : reader.ValueTextEquals("market_position"u8) ? FrameType.MarketPosition
        : reader.ValueTextEquals("market_lifecycle_v2"u8) ? FrameType.MarketLifecycle
        : reader.ValueTextEquals("subscribed"u8) ? FrameType.Subscribed
        : reader.ValueTextEquals("ok"u8) ? FrameType.Ok
        : reader.ValueTextEquals("unsubscribed"u8) ? FrameType.Unsubscribed
        : reader.ValueTextEquals("error"u8) ? FrameType.Error
        : FrameType.Unknown;

    private ControlReply OnSubscribed(ReadOnlySpan<byte> msg, long? id)
    {
        var ack = Deserialize(msg, KalshiWireContext.Default.WsSubscribedMsg);
        if (ack.Sid is { } sid && ack.Channel is { } channel)
        {
            _channels[(int)sid] = channel;
            _lastSequence.Remove((int)sid);
        }

        return new ControlReply(ControlKind.Subscribed, id, (int?)ack.Sid, ack.Channel, 0, null);
    }

    private static ControlReply OnError(ReadOnlySpan<byte> msg, long? id, int? sid, ICollection<MarketDataEvent> output)
    {
        var error = msg.IsEmpty ? new WsErrorMsg() : Deserialize(msg, KalshiWireContext.Default.WsErrorMsg);
        var code = (int)(error.Code ?? 0);
        var text = error.Msg ?? "error without message";
        output.Add(new SubscriptionFailed(sid, code, text, IsTerminal: code is 10 or 25));
        return new ControlReply(ControlKind.Error, id, sid, null, code, text);
    }

    private BookDeltaReceived DecodeDelta(ReadOnlySpan<byte> msg, int sid, long seq)
    {
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        MarketTicker? ticker = null;
        Price? price = null;
        Quantity? delta = null;
        long? legacyPrice = null;
        long? legacyDelta = null;
        Side? side = null;
        ClientOrderId? clientOrderId = null;
        long? tsMs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                reader.Read();
                ticker = Ticker(ref reader);
            }
            else if (reader.ValueTextEquals("price_dollars"u8))
            {
                reader.Read();
                price = Price.TryParseDollars(reader.ValueSpan, out var p) && !reader.ValueIsEscaped
                    ? p
                    : throw new InvalidFieldValueException("orderbook_delta.price_dollars", reader.GetString() ?? string.Empty, "a dollar string such as \"0.4900\"");
            }
            else if (reader.ValueTextEquals("delta_fp"u8))
            {
                reader.Read();
                delta = Quantity.TryParse(reader.ValueSpan, out var q) && !reader.ValueIsEscaped
                    ? q
                    : throw new InvalidFieldValueException("orderbook_delta.delta_fp", reader.GetString() ?? string.Empty, "a signed count such as \"-35.50\"");
            }
            else if (reader.ValueTextEquals("side"u8))
            {
                reader.Read();
                side = reader.ValueTextEquals("yes"u8) ? Side.Yes
                    : reader.ValueTextEquals("no"u8) ? Side.No
                    : throw new InvalidFieldValueException("orderbook_delta.side", reader.GetString() ?? string.Empty, "\"yes\" or \"no\"");
            }
            else if (reader.ValueTextEquals("ts_ms"u8))
            {
                reader.Read();
                tsMs = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("client_order_id"u8))
            {
                reader.Read();
                clientOrderId = new ClientOrderId(reader.GetString()!);
            }
            else if (reader.ValueTextEquals("price"u8))
            {
                reader.Read();
                legacyPrice = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                legacyDelta = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return new BookDeltaReceived(
            ticker ?? throw Missing("orderbook_delta.market_ticker", msg),
            sid,
            seq,
            side ?? throw Missing("orderbook_delta.side", msg),
            price ?? (legacyPrice is { } cents ? Price.FromCents(cents, "orderbook_delta.price") : throw Missing("orderbook_delta.price_dollars", msg)),
            delta ?? (legacyDelta is { } count ? Quantity.FromContracts(count, "orderbook_delta.delta") : throw Missing("orderbook_delta.delta_fp", msg)),
            clientOrderId,
            tsMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    private BookSnapshotReceived DecodeSnapshot(ReadOnlySpan<byte> msg, int sid, long seq)
    {
        var reader = new Utf8JsonReader(msg);
        reader.Read();
        MarketTicker? ticker = null;
        List<BookLevel>? yesFp = null, noFp = null, yesDollars = null, noDollars = null, yesCents = null, noCents = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("market_ticker"u8))
            {
                reader.Read();
                ticker = Ticker(ref reader);
            }
            else if (reader.ValueTextEquals("yes_dollars_fp"u8))
            {
                yesFp = Levels(ref reader, "yes_dollars_fp");
            }
            else if (reader.ValueTextEquals("no_dollars_fp"u8))
            {
                noFp = Levels(ref reader, "no_dollars_fp");
            }
            else if (reader.ValueTextEquals("yes_dollars"u8))
            {
                yesDollars = Levels(ref reader, "yes_dollars");
            }
            else if (reader.ValueTextEquals("no_dollars"u8))
            {
                noDollars = Levels(ref reader, "no_dollars");
            }
            else if (reader.ValueTextEquals("yes"u8))
            {
                yesCents = Levels(ref reader, "yes");
            }
            else if (reader.ValueTextEquals("no"u8))
            {
                noCents = Levels(ref reader, "no");
            }
            else
            {
                reader.Skip();
            }
        }

        return new BookSnapshotReceived(
            ticker ?? throw Missing("orderbook_snapshot.market_ticker", msg),
            sid,
            seq,
            yesFp ?? yesDollars ?? yesCents ?? [],
            noFp ?? noDollars ?? noCents ?? [],
            _noLevelsInYesPrices);
    }

    // A level is [price, count]; each item is a fixed-point string (current) or an integer in cents / whole contracts (legacy).
    private static List<BookLevel>? Levels(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var levels = new List<BookLevel>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var price = reader.TokenType == JsonTokenType.Number
                ? Price.FromCents(reader.GetInt64(), field)
                : Price.TryParseDollars(reader.ValueSpan, out var p) ? p : throw new InvalidFieldValueException(field, reader.GetString() ?? string.Empty, "a dollar string such as \"0.4800\"");
            reader.Read();
            var size = reader.TokenType == JsonTokenType.Number
                ? Quantity.FromContracts(reader.GetInt64(), field)
                : Quantity.TryParse(reader.ValueSpan, out var q) ? q : throw new InvalidFieldValueException(field, reader.GetString() ?? string.Empty, "a count such as \"120.00\"");
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new InvalidFieldValueException(field, "level with more than two items", "[price, count]");
            }

            levels.Add(new BookLevel(price, size));
        }

        return levels;
    }

    private MarketTicker Ticker(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 256)
        {
            return new MarketTicker(reader.GetString()!);
        }

        Span<char> chars = stackalloc char[reader.ValueSpan.Length];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        var text = chars[..length];
        if (_tickerLookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var ticker = new MarketTicker(text.ToString());
        _tickers[ticker.Value] = ticker;
        return ticker;
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> msg, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(msg, type) ?? throw new InvalidFieldValueException("msg", "null", $"a {typeof(T).Name} object");

    private static InvalidFieldValueException Missing(string field, ReadOnlySpan<byte> msg) =>
        new(field, Preview(msg), "the field to be present");

    private static string Preview(ReadOnlySpan<byte> bytes) =>
        Encoding.UTF8.GetString(bytes.Length <= 200 ? bytes : bytes[..200]);

    private static TickerUpdated MapTicker(TickerMsg t) =>
        new(
            new MarketTicker(t.MarketTicker!),
            WireMapping.PriceOf(t.PriceDollars, t.Price, "ticker.price_dollars"),
            WireMapping.PriceOf(t.YesBidDollars, t.YesBid, "ticker.yes_bid_dollars"),
            WireMapping.PriceOf(t.YesAskDollars, t.YesAsk, "ticker.yes_ask_dollars"),
            WireMapping.QuantityOf(t.YesBidSizeFp, null, "ticker.yes_bid_size_fp"),
            WireMapping.QuantityOf(t.YesAskSizeFp, null, "ticker.yes_ask_size_fp"),
            WireMapping.QuantityOf(t.VolumeFp, t.Volume, "ticker.volume_fp"),
            WireMapping.QuantityOf(t.OpenInterestFp, t.OpenInterest, "ticker.open_interest_fp"),
            WireMapping.FromUnixMs(t.TsMs) ?? (t.Ts is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null));

    private static TradePrinted MapTrade(TradeMsg t) =>
        new(
            t.TradeId ?? throw new InvalidFieldValueException("trade.trade_id", "<missing>", "a trade id"),
            new MarketTicker(t.MarketTicker!),
            WireMapping.RequiredPrice(t.YesPriceDollars, t.YesPrice, "trade.yes_price_dollars"),
            WireMapping.RequiredQuantity(t.CountFp, t.Count, "trade.count_fp"),
            (t.TakerOutcomeSide ?? t.TakerSide) is { } taker ? WireMapping.SideOf(taker, "trade.taker_outcome_side") : null,
            WireMapping.FromUnixMs(t.TsMs) ?? (t.Ts is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null));

    private static OwnFillReceived MapFill(FillMsg f)
    {
        var fill = new FillRecord(
            f.TradeId ?? throw new InvalidFieldValueException("fill.trade_id", "<missing>", "a trade id"),
            new OrderId(f.OrderId!),
            new MarketTicker(f.MarketTicker!),
            WireMapping.BookSideOf(f.BookSide, f.Side, f.Action, "fill.book_side"),
            WireMapping.RequiredPrice(f.YesPriceDollars, f.YesPrice, "fill.yes_price_dollars"),
            WireMapping.RequiredQuantity(f.CountFp, f.Count, "fill.count_fp"),
            f.IsTaker ?? false,
            WireMapping.MoneyOf(f.FeeCost, null, "fill.fee_cost"),
            WireMapping.FromUnixMs(f.TsMs) ?? (f.Ts is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null));
        return new OwnFillReceived(
            fill,
            string.IsNullOrEmpty(f.ClientOrderId) ? null : new ClientOrderId(f.ClientOrderId),
            WireMapping.QuantityOf(f.PostPositionFp, f.PostPosition, "fill.post_position_fp") ?? Quantity.Zero);
    }

    private static OwnOrderUpdated MapUserOrder(UserOrderMsg o) =>
        new(new OrderState(
            new OrderId(o.OrderId!),
            string.IsNullOrEmpty(o.ClientOrderId) ? null : new ClientOrderId(o.ClientOrderId),
            new MarketTicker(o.Ticker!),
            WireMapping.BookSideOf(o.BookSide, o.Side ?? (o.IsYes == false ? "no" : "yes"), "buy", "user_order.book_side"),
            WireMapping.RequiredPrice(o.YesPriceDollars, null, "user_order.yes_price_dollars"),
            WireMapping.StatusOf(o.Status, "user_order.status"),
            WireMapping.QuantityOf(o.InitialCountFp, null, "user_order.initial_count_fp") ?? Quantity.Zero,
            WireMapping.QuantityOf(o.FillCountFp, null, "user_order.fill_count_fp") ?? Quantity.Zero,
            WireMapping.QuantityOf(o.RemainingCountFp, null, "user_order.remaining_count_fp") ?? Quantity.Zero,
            WireMapping.MoneyOf(o.TakerFeesDollars, null, "user_order.taker_fees_dollars"),
            WireMapping.MoneyOf(o.MakerFeesDollars, null, "user_order.maker_fees_dollars"),
            WireMapping.FromUnixMs(o.CreatedTsMs) ?? WireMapping.FromRfc3339(o.CreatedTime, "user_order.created_time"),
            WireMapping.FromUnixMs(o.LastUpdatedTsMs) ?? WireMapping.FromRfc3339(o.LastUpdateTime, "user_order.last_update_time")));

    // Before April 2026 position_cost, realized_pnl and fees_paid were integer centi-cents (= Money units).
    private static OwnPositionChanged MapPosition(MarketPositionMsg p) =>
        new(new PositionRecord(
            new MarketTicker(p.MarketTicker!),
            WireMapping.QuantityOf(p.PositionFp, p.Position, "market_position.position_fp") ?? Quantity.Zero,
            p.PositionCostDollars is { } cost ? WireMapping.MoneyOf(cost, null, "market_position.position_cost_dollars") : Money.FromUnits(p.PositionCost ?? 0),
            p.RealizedPnlDollars is { } pnl ? WireMapping.MoneyOf(pnl, null, "market_position.realized_pnl_dollars") : Money.FromUnits(p.RealizedPnl ?? 0),
            p.FeesPaidDollars is { } fees ? WireMapping.MoneyOf(fees, null, "market_position.fees_paid_dollars") : Money.FromUnits(p.FeesPaid ?? 0)));

    private static MarketLifecycleChanged MapLifecycle(MarketLifecycleMsg l) =>
        new(
            new MarketTicker(l.MarketTicker!),
            l.EventType ?? "unknown",
            string.IsNullOrEmpty(l.Result) ? null : l.Result,
            l.SettlementValue is { } value ? Price.ParseDollars(value, "market_lifecycle_v2.settlement_value") : null,
            WireMapping.ToDomain(l.PriceRanges),
            l.CloseTs is { } close ? DateTimeOffset.FromUnixTimeSeconds(close) : null);
}
