using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Exchange.Wire;

/// <summary>Converts wire fields to Domain values, preferring the fixed-point string and falling back to the legacy integer; errors name the field.</summary>
public static class WireMapping
{
    /// <summary>A price from its dollar string, else from legacy cents; null when both are absent.</summary>
    public static Price? PriceOf(string? dollars, long? cents, string field) =>
        dollars is not null ? Price.ParseDollars(dollars, field) : cents is { } c ? Price.FromCents(c, field) : null;

    /// <summary>A price that must be present.</summary>
    public static Price RequiredPrice(string? dollars, long? cents, string field) =>
        PriceOf(dollars, cents, field) ?? throw new InvalidFieldValueException(field, "<missing>", "a price (dollar string or legacy cents)");

    /// <summary>A quantity from its fixed-point string, else from a legacy integer count; null when both are absent.</summary>
    public static Quantity? QuantityOf(string? fixedPoint, long? contracts, string field) =>
        fixedPoint is not null ? Quantity.Parse(fixedPoint, field) : contracts is { } c ? Quantity.FromContracts(c, field) : null;

    /// <summary>A quantity that must be present.</summary>
    public static Quantity RequiredQuantity(string? fixedPoint, long? contracts, string field) =>
        QuantityOf(fixedPoint, contracts, field) ?? throw new InvalidFieldValueException(field, "<missing>", "a contract count (fixed-point string or legacy integer)");

    /// <summary>Money from its dollar string (6-decimal values rounded up to $0.0001 only if they carry sub-$0.0001 digits), else legacy cents; zero when absent.</summary>
    public static Money MoneyOf(string? dollars, long? cents, string field)
    {
        if (dollars is not null)
        {
            return Money.TryParseDollars(dollars, out var money) ? money : PreciseMoney.ParseDollars(dollars, field).ToMoneyRoundedUp();
        }

        return cents is { } c ? Money.FromCents(c) : Money.Zero;
    }

    /// <summary>The V2 book side from <c>book_side</c>, else from the legacy (side, action) pair.</summary>
    public static BookSide BookSideOf(string? bookSide, string? side, string? action, string field) =>
        bookSide switch
        {
            "bid" => BookSide.Bid,
            "ask" => BookSide.Ask,
            null => OrderDirection.ToBookSide(SideOf(side, field), ActionOf(action ?? "buy", field)),
            _ => throw new InvalidFieldValueException(field, bookSide, "\"bid\" or \"ask\""),
        };

    /// <summary>The leg from "yes"/"no".</summary>
    public static Side SideOf(string? side, string field) =>
        side switch
        {
            "yes" => Side.Yes,
            "no" => Side.No,
            _ => throw new InvalidFieldValueException(field, side ?? "<missing>", "\"yes\" or \"no\""),
        };

    /// <summary>The action from "buy"/"sell".</summary>
    public static Domain.Action ActionOf(string? action, string field) =>
        action switch
        {
            "buy" => Domain.Action.Buy,
            "sell" => Domain.Action.Sell,
            _ => throw new InvalidFieldValueException(field, action ?? "<missing>", "\"buy\" or \"sell\""),
        };

    /// <summary>The wire word for a book side.</summary>
    public static string ToWire(BookSide side) => side == BookSide.Bid ? "bid" : "ask";

    /// <summary>The wire word for a time in force.</summary>
    public static string ToWire(TimeInForce timeInForce) =>
        timeInForce switch
        {
            TimeInForce.GoodTillCanceled => "good_till_canceled",
            TimeInForce.ImmediateOrCancel => "immediate_or_cancel",
            _ => "fill_or_kill",
        };

    /// <summary>The wire word for self-trade prevention.</summary>
    public static string ToWire(SelfTradePrevention prevention) => prevention == SelfTradePrevention.Maker ? "maker" : "taker_at_cross";

    /// <summary>The order status from its wire word.</summary>
    public static OrderStatus StatusOf(string? status, string field) =>
        status switch
        {
            "resting" => OrderStatus.Resting,
            "canceled" => OrderStatus.Canceled,
            "executed" => OrderStatus.Executed,
            _ => throw new InvalidFieldValueException(field, status ?? "<missing>", "\"resting\", \"canceled\" or \"executed\""),
        };

    /// <summary>A time from Unix milliseconds.</summary>
    public static DateTimeOffset? FromUnixMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>A time from an RFC 3339 string.</summary>
    public static DateTimeOffset? FromRfc3339(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidFieldValueException(field, text, "an RFC 3339 timestamp");
    }

    /// <summary>The V2 create body for a Domain order.</summary>
    public static CreateOrderV2Request ToWire(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new CreateOrderV2Request
        {
            Ticker = order.Ticker.Value,
            ClientOrderId = order.ClientOrderId.Value,
            Side = ToWire(order.Side),
            Count = order.Count.ToFixedString(),
            Price = order.YesPrice.ToDollarString(),
            TimeInForce = ToWire(order.TimeInForce),
            SelfTradePreventionType = ToWire(order.SelfTradePrevention),
            ExpirationTime = order.ExpiresAt?.ToUnixTimeSeconds(),
            PostOnly = order.PostOnly ? true : null,
            ReduceOnly = order.ReduceOnly ? true : null,
            CancelOrderOnPause = order.CancelOnPause ? true : null,
            Subaccount = order.Subaccount,
        };
    }

    /// <summary>A Domain order state from an order read back.</summary>
    public static OrderState ToDomain(OrderWire order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderState(
            new OrderId(order.OrderId!),
            string.IsNullOrEmpty(order.ClientOrderId) ? null : new ClientOrderId(order.ClientOrderId),
            new MarketTicker(order.Ticker!),
            BookSideOf(order.BookSide, order.Side, order.Action, "book_side"),
            RequiredPrice(order.YesPriceDollars, order.YesPrice, "yes_price_dollars"),
            StatusOf(order.Status, "status"),
            QuantityOf(order.InitialCountFp, order.InitialCount, "initial_count_fp") ?? Quantity.Zero,
            QuantityOf(order.FillCountFp, order.FillCount, "fill_count_fp") ?? Quantity.Zero,
            QuantityOf(order.RemainingCountFp, order.RemainingCount, "remaining_count_fp") ?? Quantity.Zero,
            MoneyOf(order.TakerFeesDollars, order.TakerFees, "taker_fees_dollars"),
            MoneyOf(order.MakerFeesDollars, order.MakerFees, "maker_fees_dollars"),
            FromRfc3339(order.CreatedTime, "created_time"),
            FromRfc3339(order.LastUpdateTime, "last_update_time"));
    }

    /// <summary>A Domain fill from a REST fill.</summary>
    public static FillRecord ToDomain(FillWire fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var ticker = fill.MarketTicker ?? fill.Ticker;
        return new FillRecord(
            fill.TradeId ?? fill.FillId ?? throw new InvalidFieldValueException("trade_id", "<missing>", "a trade id"),
            new OrderId(fill.OrderId!),
            new MarketTicker(ticker!),
            BookSideOf(fill.BookSide, fill.Side, fill.Action, "book_side"),
            RequiredPrice(fill.YesPriceDollars ?? fill.YesPriceFixed, fill.YesPrice, "yes_price_dollars"),
            RequiredQuantity(fill.CountFp, fill.Count, "count_fp"),
            fill.IsTaker ?? false,
            MoneyOf(fill.FeeCost, null, "fee_cost"),
            FromRfc3339(fill.CreatedTime, "created_time") ?? (fill.Ts is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null));
    }

    /// <summary>A Domain position from a REST market position.</summary>
    public static PositionRecord ToDomain(MarketPositionWire position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new PositionRecord(
            new MarketTicker(position.Ticker!),
            QuantityOf(position.PositionFp, position.Position, "position_fp") ?? Quantity.Zero,
            MoneyOf(position.MarketExposureDollars, position.MarketExposure, "market_exposure_dollars"),
            MoneyOf(position.RealizedPnlDollars, position.RealizedPnl, "realized_pnl_dollars"),
            MoneyOf(position.FeesPaidDollars, position.FeesPaid, "fees_paid_dollars"));
    }

    /// <summary>Domain price bands from a market's <c>price_ranges</c>.</summary>
    public static TickStructure? ToDomain(List<PriceRangeWire>? ranges) =>
        ranges is null || ranges.Count == 0
            ? null
            : new TickStructure(ranges.Select(r => new PriceRange(
                Price.ParseDollars(r.Start ?? string.Empty, "price_ranges.start"),
                Price.ParseDollars(r.End ?? string.Empty, "price_ranges.end"),
                Price.ParseDollars(r.Step ?? string.Empty, "price_ranges.step"))));
}
