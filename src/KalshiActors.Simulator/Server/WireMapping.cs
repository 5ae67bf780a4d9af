using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Exchange.Wire;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Server;

/// <summary>Turns simulator state into the exchange client's own wire models, so both sides agree on every field name.</summary>
internal static class WireMapping
{
    /// <summary>RFC 3339 with microseconds, as the exchange writes times.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>V2 book side word.</summary>
    public static string BookSideText(BookSide side) => side == BookSide.Bid ? "bid" : "ask";

    /// <summary>Outcome side the order buys: a bid buys YES, an ask buys NO.</summary>
    public static string OutcomeSideText(BookSide side) => side == BookSide.Bid ? "yes" : "no";

    /// <summary>The market as `GET /markets` shows it.</summary>
    public static MarketWire Market(SimMarket market, SimulatorSettings settings)
    {
        var book = market.Book;
        var bid = book.BestBid ?? 0;
        var ask = book.BestAsk ?? Units.PriceScale;
        return new MarketWire
        {
            Ticker = market.Ticker,
            EventTicker = market.EventTicker,
            MarketType = "binary",
            YesSubTitle = market.YesSubTitle,
            NoSubTitle = market.NoSubTitle,
            Title = market.Group.Definition.Title,
            CreatedTime = Rfc3339(market.CreatedAt),
            UpdatedTime = Rfc3339(market.UpdatedAt),
            OpenTime = Rfc3339(market.OpenTime),
            CloseTime = Rfc3339(market.CloseTime),
            ExpectedExpirationTime = Rfc3339(market.CloseTime),
            LatestExpirationTime = Rfc3339(market.CloseTime + TimeSpan.FromDays(7)),
            SettlementTimerSeconds = (long)settings.SettlementTimer.TotalSeconds,
            Status = market.StatusText,
            YesBidDollars = FixedPoint.Dollars(bid),
            YesBidSizeFp = FixedPoint.Count(book.BestBidSize),
            YesAskDollars = FixedPoint.Dollars(ask),
            YesAskSizeFp = FixedPoint.Count(book.BestAskSize),
            NoBidDollars = FixedPoint.Dollars(Units.PriceScale - ask),
            NoAskDollars = FixedPoint.Dollars(Units.PriceScale - bid),
            LastPriceDollars = FixedPoint.Dollars(market.LastPrice),
            PreviousYesBidDollars = "0.0000",
            PreviousYesAskDollars = "0.0000",
            PreviousPriceDollars = "0.0000",
            VolumeFp = FixedPoint.Count(market.Volume),
            Volume24hFp = FixedPoint.Count(market.Volume),
            OpenInterestFp = FixedPoint.Count(market.OpenInterest),
            NotionalValueDollars = "1.0000",
            LiquidityDollars = "0.0000",
            Result = market.Result,
            CanCloseEarly = true,
            ExpirationValue = string.Empty,
            SettlementValueDollars = market.Result.Length == 0 ? null : market.Result == "yes" ? "1.0000" : "0.0000",
            SettlementTs = market.SettledAt is { } settled ? Rfc3339(settled) : null,
            StrikeType = market.StrikeType,
            FloorStrike = market.FloorStrike,
            RulesPrimary = $"Simulated market: resolves YES if {market.YesSubTitle} ({market.Group.Definition.Kind}).",
            RulesSecondary = string.Empty,
            PriceLevelStructure = market.TickSize == 100 ? "linear_cent" : "deci_cent",
            PriceRanges = [new PriceRangeWire { Start = "0.0000", End = "1.0000", Step = FixedPoint.Dollars(market.TickSize) }],
            ExchangeIndex = market.Group.ExchangeIndex,
        };
    }

    /// <summary>The event as `GET /events` shows it.</summary>
    public static EventWire Event(MarketGroup group, bool withMarkets, SimulatorSettings settings) => new()
    {
        EventTicker = group.EventTicker,
        SeriesTicker = group.SeriesTicker,
        Title = group.Definition.Title,
        SubTitle = group.Definition.Title,
        CollateralReturnType = group.MutuallyExclusive ? "MECNET" : string.Empty,
        MutuallyExclusive = group.MutuallyExclusive,
        StrikePeriod = string.Empty,
        Markets = withMarkets ? [.. group.Markets.Select(m => Market(m, settings))] : null,
        ExchangeIndex = group.ExchangeIndex,
    };

    /// <summary>The series as `GET /series/{ticker}` shows it.</summary>
    public static SeriesWire Series(MarketDefinition definition) => new()
    {
        Ticker = definition.Series,
        Frequency = definition.Kind == MarketKind.Crypto15m ? "fifteen_min" : "custom",
        Title = definition.Title,
        Category = definition.Kind switch
        {
            MarketKind.Crypto15m or MarketKind.Ladder => "Crypto",
            MarketKind.Game => "Sports",
            _ => "Simulated",
        },
        Tags = [],
        SettlementSources = [],
        ContractUrl = string.Empty,
        ContractTermsUrl = string.Empty,
        FeeType = definition.FeeType,
        FeeMultiplier = definition.FeeMultiplier,
        AdditionalProhibitions = [],
        ExchangeIndex = definition.ExchangeIndex,
    };

    /// <summary>Book levels of one side as `[price, count]`, ascending (best bid last), NO side in NO prices unless asked for YES prices.</summary>
    public static List<WireBookLevel> Levels(OrderBook book, BookSide side, bool useYesPrice, int depth)
    {
        var levels = book.Depth(side);
        IEnumerable<(int Price, long Quantity)> ordered = side == BookSide.Bid || useYesPrice
            ? levels
            : levels.Select(l => (Units.PriceScale - l.Price, l.Quantity)).OrderBy(l => l.Item1);
        if (side == BookSide.Ask && useYesPrice)
        {
            ordered = levels.OrderByDescending(l => l.Price);
        }

        var list = ordered.ToList();
        if (depth > 0 && list.Count > depth)
        {
            list = list.Skip(list.Count - depth).ToList();
        }

        return [.. list.Select(l => WireBookLevel.FixedPoint(FixedPoint.Dollars(l.Price), FixedPoint.Count(l.Quantity)))];
    }

    /// <summary>The order as `GET /portfolio/orders` shows it.</summary>
    public static OrderWire Order(SimOrder order) => new()
    {
        OrderId = order.OrderId,
        UserId = order.AccountId,
        ClientOrderId = order.ClientOrderId ?? string.Empty,
        Ticker = order.Ticker,
        OutcomeSide = OutcomeSideText(order.Side),
        BookSide = BookSideText(order.Side),
        Side = OutcomeSideText(order.Side),
        Action = "buy",
        Type = "limit",
        Status = StatusText(order.Status),
        YesPriceDollars = FixedPoint.Dollars(order.Price),
        NoPriceDollars = FixedPoint.Dollars(order.NoPrice),
        FillCountFp = FixedPoint.Count(order.FilledQuantity),
        RemainingCountFp = FixedPoint.Count(order.RemainingQuantity),
        InitialCountFp = FixedPoint.Count(order.InitialQuantity),
        TakerFillCostDollars = FixedPoint.Micros(order.TakerFillCost),
        MakerFillCostDollars = FixedPoint.Micros(order.MakerFillCost),
        TakerFeesDollars = FixedPoint.Micros(order.TakerFees),
        MakerFeesDollars = FixedPoint.Micros(order.MakerFees),
        ExpirationTime = order.ExpiresAt is { } expires ? Rfc3339(expires) : null,
        CreatedTime = Rfc3339(order.CreatedAt),
        LastUpdateTime = Rfc3339(order.LastUpdatedAt),
        SelfTradePreventionType = order.SelfTradePrevention == SelfTradePrevention.Maker ? "maker" : "taker_at_cross",
        CancelOrderOnPause = order.CancelOnPause,
        SubaccountNumber = order.Subaccount,
    };

    /// <summary>The order status word.</summary>
    public static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.Resting => "resting",
        OrderStatus.Canceled => "canceled",
        _ => "executed",
    };

    /// <summary>A fill as `GET /portfolio/fills` shows it.</summary>
    public static FillWire Fill(FillRecord fill) => new()
    {
        FillId = fill.TradeId,
        TradeId = fill.TradeId,
        OrderId = fill.OrderId,
        Ticker = fill.Ticker,
        MarketTicker = fill.Ticker,
        ExchangeIndex = fill.ExchangeIndex,
        OutcomeSide = OutcomeSideText(fill.Side),
        BookSide = BookSideText(fill.Side),
        Side = OutcomeSideText(fill.Side),
        Action = "buy",
        CountFp = FixedPoint.Count(fill.Quantity),
        YesPriceDollars = FixedPoint.Dollars(fill.YesPrice),
        NoPriceDollars = FixedPoint.Dollars(Units.PriceScale - fill.YesPrice),
        IsTaker = fill.IsTaker,
        CreatedTime = Rfc3339(fill.Time),
        FeeCost = FixedPoint.Micros(fill.FeeMicros),
        SubaccountNumber = fill.Subaccount,
        Ts = fill.Time.ToUnixTimeSeconds(),
    };

    /// <summary>A position as `GET /portfolio/positions` shows it.</summary>
    public static MarketPositionWire Position(SimPosition position, int exchangeIndex) => new()
    {
        Ticker = position.Ticker,
        ExchangeIndex = exchangeIndex,
        PositionFp = FixedPoint.Count(position.Position),
        MarketExposureDollars = FixedPoint.Micros(position.CostMicros),
        TotalTradedDollars = FixedPoint.Micros(position.TotalTradedMicros),
        RealizedPnlDollars = FixedPoint.Micros(position.RealizedPnlMicros),
        FeesPaidDollars = FixedPoint.Micros(position.FeesPaidMicros),
        LastUpdatedTs = Rfc3339(position.LastUpdated),
    };

    /// <summary>A settlement as `GET /portfolio/settlements` shows it.</summary>
    public static SettlementWire Settlement(SettlementRecord settlement) => new()
    {
        Ticker = settlement.Ticker,
        EventTicker = settlement.EventTicker,
        ExchangeIndex = settlement.ExchangeIndex,
        MarketResult = settlement.Result,
        YesCountFp = FixedPoint.Count(settlement.YesCount),
        YesTotalCostDollars = FixedPoint.Micros(settlement.YesTotalCostMicros),
        NoCountFp = FixedPoint.Count(settlement.NoCount),
        NoTotalCostDollars = FixedPoint.Micros(settlement.NoTotalCostMicros),
        Revenue = settlement.RevenueCents,
        SettledTime = Rfc3339(settlement.SettledTime),
        FeeCost = FixedPoint.Micros(settlement.FeeMicros),
        Value = settlement.ValueCents,
    };

    /// <summary>A public trade as `GET /markets/trades` shows it.</summary>
    public static TradeWire Trade(TradeRecord trade) => new()
    {
        TradeId = trade.TradeId,
        Ticker = trade.Ticker,
        CountFp = FixedPoint.Count(trade.Quantity),
        YesPriceDollars = FixedPoint.Dollars(trade.YesPrice),
        NoPriceDollars = FixedPoint.Dollars(Units.PriceScale - trade.YesPrice),
        TakerOutcomeSide = OutcomeSideText(trade.TakerSide),
        TakerBookSide = BookSideText(trade.TakerSide),
        TakerSide = OutcomeSideText(trade.TakerSide),
        CreatedTime = Rfc3339(trade.Time),
        IsBlockTrade = false,
    };
}
