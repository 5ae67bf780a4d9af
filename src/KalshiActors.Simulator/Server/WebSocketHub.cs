using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Exchange.Wire;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Server;

/// <summary>
/// Fans exchange events out to WebSocket sessions as channel messages. Every method runs under the exchange lock, so
/// sequence numbers follow the order the books changed in and a snapshot is never overtaken by a delta.
/// </summary>
internal sealed class WebSocketHub(SimulatedExchange exchange) : ISimulatorFeed
{
    // Open sessions; guarded by the exchange lock.
    private readonly List<WebSocketSession> sessions = [];

    // Sequenced messages sent so far across all sessions, for the every-Nth faults.
    private long sequencedCount;

    /// <summary>The exchange.</summary>
    public SimulatedExchange Exchange { get; } = exchange;

    /// <summary>Registers a session (under the exchange lock).</summary>
    public void Add(WebSocketSession session)
    {
        lock (Exchange.Sync)
        {
            sessions.Add(session);
        }
    }

    /// <summary>Forgets a session (under the exchange lock).</summary>
    public void Remove(WebSocketSession session)
    {
        lock (Exchange.Sync)
        {
            sessions.Remove(session);
        }
    }

    /// <summary>Fault: aborts every connection at once, as a network drop would.</summary>
    public int DropAll()
    {
        List<WebSocketSession> dropped;
        lock (Exchange.Sync)
        {
            dropped = [.. sessions];
        }

        foreach (var session in dropped)
        {
            session.Abort();
        }

        return dropped.Count;
    }

    /// <summary>Number of open sessions.</summary>
    public int Count
    {
        get
        {
            lock (Exchange.Sync)
            {
                return sessions.Count;
            }
        }
    }

    /// <summary>Next sequence number of a subscription, applying the skip and duplicate faults; returns how many copies to send.</summary>
    public (long Seq, int Copies) NextSequence(Subscription subscription)
    {
        var faults = Exchange.Faults;
        sequencedCount++;
        if (faults.SkipNextSequence || (faults.SkipSequenceEvery > 0 && sequencedCount % faults.SkipSequenceEvery == 0))
        {
            faults.SkipNextSequence = false;
            subscription.Seq++;
        }

        subscription.Seq++;
        var copies = faults.DuplicateSequenceEvery > 0 && sequencedCount % faults.DuplicateSequenceEvery == 0 ? 2 : 1;
        return (subscription.Seq, copies);
    }

    /// <summary>Serialises one envelope `{type, sid, seq?, msg}` (or with `id` for command replies).</summary>
    public static byte[] Envelope<T>(string type, long? id, long? sid, long? seq, T message, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            if (id is { } commandId)
            {
                writer.WriteNumber("id", commandId);
            }

            if (sid is { } subscriptionId)
            {
                writer.WriteNumber("sid", subscriptionId);
            }

            if (seq is { } sequence)
            {
                writer.WriteNumber("seq", sequence);
            }

            if (message is not null)
            {
                writer.WritePropertyName("msg");
                JsonSerializer.Serialize(writer, message, typeInfo);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The current book of a market as an `orderbook_snapshot` for one subscription.</summary>
    public void SendSnapshot(WebSocketSession session, Subscription subscription, SimMarket market)
    {
        var levelsYes = WireMapping.Levels(market.Book, BookSide.Bid, subscription.UseYesPrice, 0);
        var levelsNo = WireMapping.Levels(market.Book, BookSide.Ask, subscription.UseYesPrice, 0);
        var message = new OrderbookSnapshotMsg
        {
            MarketTicker = market.Ticker,
            MarketId = market.MarketId,
            YesDollarsFp = levelsYes.Count > 0 ? levelsYes : null,
            NoDollarsFp = levelsNo.Count > 0 ? levelsNo : null,
        };
        var (seq, copies) = NextSequence(subscription);
        var bytes = Envelope("orderbook_snapshot", null, subscription.Sid, seq, message, KalshiWireContext.Default.OrderbookSnapshotMsg);
        for (var i = 0; i < copies; i++)
        {
            session.Enqueue(bytes);
        }
    }

    /// <summary>A `ticker` message for the market's current state.</summary>
    public static TickerMsg Ticker(SimMarket market, DateTimeOffset time)
    {
        var book = market.Book;
        return new TickerMsg
        {
            MarketTicker = market.Ticker,
            MarketId = market.MarketId,
            PriceDollars = FixedPoint.Dollars(market.LastPrice),
            YesBidDollars = FixedPoint.Dollars(book.BestBid ?? 0),
            YesAskDollars = FixedPoint.Dollars(book.BestAsk ?? Units.PriceScale),
            YesBidSizeFp = FixedPoint.Count(book.BestBidSize),
            YesAskSizeFp = FixedPoint.Count(book.BestAskSize),
            VolumeFp = FixedPoint.Count(market.Volume),
            OpenInterestFp = FixedPoint.Count(market.OpenInterest),
            DollarVolume = market.Volume / Units.QuantityScale,
            DollarOpenInterest = market.OpenInterest / Units.QuantityScale,
            Ts = time.ToUnixTimeSeconds(),
            TsMs = time.ToUnixTimeMilliseconds(),
            Time = WireMapping.Rfc3339(time),
        };
    }

    /// <inheritdoc />
    public void BookChanged(SimMarket market, BookSide side, int price, long delta, DateTimeOffset time)
    {
        foreach (var session in sessions)
        {
            foreach (var subscription in session.Matching("orderbook_delta", market.Ticker))
            {
                var shownPrice = side == BookSide.Bid || subscription.UseYesPrice ? price : Units.PriceScale - price;
                var message = new OrderbookDeltaMsg
                {
                    MarketTicker = market.Ticker,
                    MarketId = market.MarketId,
                    PriceDollars = FixedPoint.Dollars(shownPrice),
                    DeltaFp = FixedPoint.Count(delta),
                    Side = side == BookSide.Bid ? "yes" : "no",
                    Ts = WireMapping.Rfc3339(time),
                    TsMs = time.ToUnixTimeMilliseconds(),
                };
                var (seq, copies) = NextSequence(subscription);
                var bytes = Envelope("orderbook_delta", null, subscription.Sid, seq, message, KalshiWireContext.Default.OrderbookDeltaMsg);
                for (var i = 0; i < copies; i++)
                {
                    session.Enqueue(bytes);
                }
            }
        }
    }

    /// <inheritdoc />
    public void TickerChanged(SimMarket market, DateTimeOffset time)
    {
        foreach (var session in sessions)
        {
            foreach (var subscription in session.Matching("ticker", market.Ticker))
            {
                session.Enqueue(Envelope("ticker", null, subscription.Sid, null, Ticker(market, time), KalshiWireContext.Default.TickerMsg));
            }
        }
    }

    /// <inheritdoc />
    public void TradePrinted(SimMarket market, string tradeId, int yesPrice, long quantity, BookSide takerSide, DateTimeOffset time)
    {
        foreach (var session in sessions)
        {
            foreach (var subscription in session.Matching("trade", market.Ticker))
            {
                var message = new TradeMsg
                {
                    TradeId = tradeId,
                    MarketTicker = market.Ticker,
                    YesPriceDollars = FixedPoint.Dollars(yesPrice),
                    NoPriceDollars = FixedPoint.Dollars(Units.PriceScale - yesPrice),
                    CountFp = FixedPoint.Count(quantity),
                    TakerOutcomeSide = WireMapping.OutcomeSideText(takerSide),
                    TakerBookSide = WireMapping.BookSideText(takerSide),
                    TakerSide = WireMapping.OutcomeSideText(takerSide),
                    IsBlockTrade = false,
                    Ts = time.ToUnixTimeSeconds(),
                    TsMs = time.ToUnixTimeMilliseconds(),
                };
                session.Enqueue(Envelope("trade", null, subscription.Sid, null, message, KalshiWireContext.Default.TradeMsg));
            }
        }
    }

    /// <inheritdoc />
    public void Filled(SimAccount account, FillRecord fill)
    {
        foreach (var session in sessions)
        {
            if (!session.BelongsTo(account.Id))
            {
                continue;
            }

            foreach (var subscription in session.Matching("fill", fill.Ticker))
            {
                var message = new FillMsg
                {
                    TradeId = fill.TradeId,
                    OrderId = fill.OrderId,
                    MarketTicker = fill.Ticker,
                    ExchangeIndex = fill.ExchangeIndex,
                    IsTaker = fill.IsTaker,
                    OutcomeSide = WireMapping.OutcomeSideText(fill.Side),
                    BookSide = WireMapping.BookSideText(fill.Side),
                    Side = WireMapping.OutcomeSideText(fill.Side),
                    Action = "buy",
                    PurchasedSide = WireMapping.OutcomeSideText(fill.Side),
                    YesPriceDollars = FixedPoint.Dollars(fill.YesPrice),
                    CountFp = FixedPoint.Count(fill.Quantity),
                    FeeCost = FixedPoint.Micros(fill.FeeMicros),
                    PostPositionFp = FixedPoint.Count(fill.PostPosition),
                    ClientOrderId = fill.ClientOrderId,
                    Subaccount = fill.Subaccount,
                    Ts = fill.Time.ToUnixTimeSeconds(),
                    TsMs = fill.Time.ToUnixTimeMilliseconds(),
                };
                session.Enqueue(Envelope("fill", null, subscription.Sid, null, message, KalshiWireContext.Default.FillMsg));
            }
        }
    }

    /// <inheritdoc />
    public void OrderChanged(SimAccount account, SimOrder order)
    {
        foreach (var session in sessions)
        {
            if (!session.BelongsTo(account.Id))
            {
                continue;
            }

            foreach (var subscription in session.Matching("user_orders", order.Ticker))
            {
                var message = new UserOrderMsg
                {
                    OrderId = order.OrderId,
                    UserId = order.AccountId,
                    Ticker = order.Ticker,
                    Status = WireMapping.StatusText(order.Status),
                    OutcomeSide = WireMapping.OutcomeSideText(order.Side),
                    BookSide = WireMapping.BookSideText(order.Side),
                    Side = WireMapping.OutcomeSideText(order.Side),
                    IsYes = order.Side == BookSide.Bid,
                    YesPriceDollars = FixedPoint.Dollars(order.Price),
                    FillCountFp = FixedPoint.Count(order.FilledQuantity),
                    RemainingCountFp = FixedPoint.Count(order.RemainingQuantity),
                    InitialCountFp = FixedPoint.Count(order.InitialQuantity),
                    TakerFillCostDollars = FixedPoint.Micros(order.TakerFillCost),
                    MakerFillCostDollars = FixedPoint.Micros(order.MakerFillCost),
                    TakerFeesDollars = FixedPoint.Micros(order.TakerFees),
                    MakerFeesDollars = FixedPoint.Micros(order.MakerFees),
                    ClientOrderId = order.ClientOrderId,
                    SelfTradePreventionType = order.SelfTradePrevention == SelfTradePrevention.Maker ? "maker" : "taker_at_cross",
                    CreatedTime = WireMapping.Rfc3339(order.CreatedAt),
                    CreatedTsMs = order.CreatedAt.ToUnixTimeMilliseconds(),
                    LastUpdateTime = WireMapping.Rfc3339(order.LastUpdatedAt),
                    LastUpdatedTsMs = order.LastUpdatedAt.ToUnixTimeMilliseconds(),
                    ExpirationTime = order.ExpiresAt is { } expires ? WireMapping.Rfc3339(expires) : null,
                    ExpirationTsMs = order.ExpiresAt?.ToUnixTimeMilliseconds(),
                    SubaccountNumber = order.Subaccount,
                };
                session.Enqueue(Envelope("user_order", null, subscription.Sid, null, message, KalshiWireContext.Default.UserOrderMsg));
            }
        }
    }

    /// <inheritdoc />
    public void PositionChanged(SimAccount account, SimPosition position)
    {
        foreach (var session in sessions)
        {
            if (!session.BelongsTo(account.Id))
            {
                continue;
            }

            foreach (var subscription in session.Matching("market_positions", position.Ticker))
            {
                var message = new MarketPositionMsg
                {
                    UserId = account.Id,
                    MarketTicker = position.Ticker,
                    PositionFp = FixedPoint.Count(position.Position),
                    PositionCostDollars = FixedPoint.Micros(position.CostMicros),
                    RealizedPnlDollars = FixedPoint.Micros(position.RealizedPnlMicros),
                    FeesPaidDollars = FixedPoint.Micros(position.FeesPaidMicros),
                    PositionFeeCostDollars = FixedPoint.Micros(position.FeesPaidMicros),
                    VolumeFp = FixedPoint.Count(position.VolumeQuantity),
                    Subaccount = 0,
                };
                session.Enqueue(Envelope("market_position", null, subscription.Sid, null, message, KalshiWireContext.Default.MarketPositionMsg));
            }
        }
    }

    /// <inheritdoc />
    public void Lifecycle(SimMarket market, string eventType, DateTimeOffset time)
    {
        var message = new MarketLifecycleMsg { MarketTicker = market.Ticker, EventType = eventType };
        switch (eventType)
        {
            case "created":
                message.ExchangeIndex = market.Group.ExchangeIndex;
                message.OpenTs = market.OpenTime.ToUnixTimeSeconds();
                message.CloseTs = market.CloseTime.ToUnixTimeSeconds();
                message.PriceLevelStructure = market.TickSize == 100 ? "linear_cent" : "deci_cent";
                message.PriceRanges = [new PriceRangeWire { Start = "0.0000", End = "1.0000", Step = FixedPoint.Dollars(market.TickSize) }];
                message.AdditionalMetadata = new LifecycleMetadataWire
                {
                    Title = market.Group.Definition.Title,
                    YesSubTitle = market.YesSubTitle,
                    NoSubTitle = market.NoSubTitle,
                    CanCloseEarly = true,
                    EventTicker = market.EventTicker,
                    ExpectedExpirationTs = market.CloseTime.ToUnixTimeSeconds(),
                    StrikeType = market.StrikeType,
                    FloorStrike = market.FloorStrike,
                };
                break;
            case "activated":
                message.IsDeactivated = false;
                break;
            case "close_date_updated":
                message.CloseTs = market.CloseTime.ToUnixTimeSeconds();
                break;
            case "determined":
                message.Result = market.Result;
                message.DeterminationTs = time.ToUnixTimeSeconds();
                message.SettlementValue = market.Result == "yes" ? "1.0000" : "0.0000";
                break;
            case "settled":
                message.SettledTs = time.ToUnixTimeSeconds();
                break;
        }

        foreach (var session in sessions)
        {
            foreach (var subscription in session.Matching("market_lifecycle_v2", market.Ticker))
            {
                session.Enqueue(Envelope("market_lifecycle_v2", null, subscription.Sid, null, message, KalshiWireContext.Default.MarketLifecycleMsg));
            }
        }
    }
}

/// <summary>One subscription of a session: its channel, market filter (null = all) and sequence counter.</summary>
internal sealed class Subscription(long sid, string channel, HashSet<string>? markets, bool useYesPrice)
{
    /// <summary>Subscription id.</summary>
    public long Sid { get; } = sid;

    /// <summary>Channel name.</summary>
    public string Channel { get; } = channel;

    /// <summary>Markets it covers; null = every market.</summary>
    public HashSet<string>? Markets { get; } = markets;

    /// <summary>Last sequence number sent.</summary>
    public long Seq { get; set; }

    /// <summary>NO-side book levels in YES prices.</summary>
    public bool UseYesPrice { get; } = useYesPrice;
}
