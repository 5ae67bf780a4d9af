using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiActors.Exchange.Wire;

/// <summary>Parameters of a WebSocket command (subscribe, unsubscribe, update_subscription).</summary>
public sealed class WsCommandParams
{
    /// <summary><c>channels</c> as the exchange sends it.</summary>
    [JsonPropertyName("channels")]
    public List<string>? Channels { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>market_tickers</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_tickers")]
    public List<string>? MarketTickers { get; set; }

    /// <summary><c>market_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_id")]
    public string? MarketId { get; set; }

    /// <summary><c>market_ids</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ids")]
    public List<string>? MarketIds { get; set; }

    /// <summary><c>send_initial_snapshot</c> as the exchange sends it.</summary>
    [JsonPropertyName("send_initial_snapshot")]
    public bool? SendInitialSnapshot { get; set; }

    /// <summary><c>skip_ticker_ack</c> as the exchange sends it.</summary>
    [JsonPropertyName("skip_ticker_ack")]
    public bool? SkipTickerAck { get; set; }

    /// <summary><c>use_yes_price</c> as the exchange sends it.</summary>
    [JsonPropertyName("use_yes_price")]
    public bool? UseYesPrice { get; set; }

    /// <summary><c>sid</c> as the exchange sends it.</summary>
    [JsonPropertyName("sid")]
    public long? Sid { get; set; }

    /// <summary><c>sids</c> as the exchange sends it.</summary>
    [JsonPropertyName("sids")]
    public List<long>? Sids { get; set; }

    /// <summary><c>action</c> as the exchange sends it.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary><c>shard_factor</c> as the exchange sends it.</summary>
    [JsonPropertyName("shard_factor")]
    public long? ShardFactor { get; set; }

    /// <summary><c>shard_key</c> as the exchange sends it.</summary>
    [JsonPropertyName("shard_key")]
    public long? ShardKey { get; set; }

    /// <summary><c>index_ids</c> as the exchange sends it.</summary>
    [JsonPropertyName("index_ids")]
    public List<string>? IndexIds { get; set; }

    /// <summary><c>underlying_tickers</c> as the exchange sends it.</summary>
    [JsonPropertyName("underlying_tickers")]
    public List<string>? UnderlyingTickers { get; set; }
}

/// <summary>A client-to-server command: <c>{"id", "cmd", "params"}</c>.</summary>
public sealed class WsCommand
{
    /// <summary><c>id</c> as the exchange sends it.</summary>
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    /// <summary><c>cmd</c> as the exchange sends it.</summary>
    [JsonPropertyName("cmd")]
    public string? Cmd { get; set; }

    /// <summary><c>params</c> as the exchange sends it.</summary>
    [JsonPropertyName("params")]
    public WsCommandParams? Params { get; set; }
}

/// <summary>Every server-to-client frame: type, command id, subscription id, sequence and the type-specific msg.</summary>
public sealed class WsEnvelope
{
    /// <summary><c>type</c> as the exchange sends it.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary><c>id</c> as the exchange sends it.</summary>
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    /// <summary><c>sid</c> as the exchange sends it.</summary>
    [JsonPropertyName("sid")]
    public long? Sid { get; set; }

    /// <summary><c>seq</c> as the exchange sends it.</summary>
    [JsonPropertyName("seq")]
    public long? Seq { get; set; }

    /// <summary><c>msg</c> as the exchange sends it.</summary>
    [JsonPropertyName("msg")]
    public JsonElement? Msg { get; set; }
}

/// <summary><c>subscribed</c>: the sid the server gave a channel.</summary>
public sealed class WsSubscribedMsg
{
    /// <summary><c>channel</c> as the exchange sends it.</summary>
    [JsonPropertyName("channel")]
    public string? Channel { get; set; }

    /// <summary><c>sid</c> as the exchange sends it.</summary>
    [JsonPropertyName("sid")]
    public long? Sid { get; set; }
}

/// <summary><c>error</c>: a numbered command or subscription failure.</summary>
public sealed class WsErrorMsg
{
    /// <summary><c>code</c> as the exchange sends it.</summary>
    [JsonPropertyName("code")]
    public long? Code { get; set; }

    /// <summary><c>msg</c> as the exchange sends it.</summary>
    [JsonPropertyName("msg")]
    public string? Msg { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>market_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_id")]
    public string? MarketId { get; set; }
}

/// <summary><c>ok</c> answering update_subscription: the markets now on the subscription.</summary>
public sealed class WsOkMsg
{
    /// <summary><c>market_tickers</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_tickers")]
    public List<string>? MarketTickers { get; set; }

    /// <summary><c>market_ids</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ids")]
    public List<string>? MarketIds { get; set; }
}

/// <summary>One item of the <c>ok</c> answering list_subscriptions.</summary>
public sealed class WsSubscriptionInfo
{
    /// <summary><c>channel</c> as the exchange sends it.</summary>
    [JsonPropertyName("channel")]
    public string? Channel { get; set; }

    /// <summary><c>sid</c> as the exchange sends it.</summary>
    [JsonPropertyName("sid")]
    public long? Sid { get; set; }
}

/// <summary><c>orderbook_snapshot</c>: the whole book of a market; current <c>*_dollars_fp</c> and legacy cent shapes; absent key = empty side.</summary>
public sealed class OrderbookSnapshotMsg
{
    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>market_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_id")]
    public string? MarketId { get; set; }

    /// <summary><c>yes_dollars_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_dollars_fp")]
    public List<WireBookLevel>? YesDollarsFp { get; set; }

    /// <summary><c>no_dollars_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("no_dollars_fp")]
    public List<WireBookLevel>? NoDollarsFp { get; set; }

    /// <summary><c>yes</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes")]
    public List<WireBookLevel>? Yes { get; set; }

    /// <summary><c>no</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no")]
    public List<WireBookLevel>? No { get; set; }

    /// <summary><c>yes_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_dollars")]
    public List<WireBookLevel>? YesDollars { get; set; }

    /// <summary><c>no_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_dollars")]
    public List<WireBookLevel>? NoDollars { get; set; }
}

/// <summary><c>orderbook_delta</c>: signed change of resting size at one price of one leg.</summary>
public sealed class OrderbookDeltaMsg
{
    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>market_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_id")]
    public string? MarketId { get; set; }

    /// <summary><c>price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price_dollars")]
    public string? PriceDollars { get; set; }

    /// <summary><c>delta_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("delta_fp")]
    public string? DeltaFp { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>subaccount</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount")]
    public long? Subaccount { get; set; }

    /// <summary><c>ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("ts")]
    public string? Ts { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("price")]
    public long? Price { get; set; }

    /// <summary><c>delta</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("delta")]
    public long? Delta { get; set; }
}

/// <summary><c>ticker</c>: top of book and activity of a market.</summary>
public sealed class TickerMsg
{
    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>market_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_id")]
    public string? MarketId { get; set; }

    /// <summary><c>price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price_dollars")]
    public string? PriceDollars { get; set; }

    /// <summary><c>yes_bid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_bid_dollars")]
    public string? YesBidDollars { get; set; }

    /// <summary><c>yes_ask_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_ask_dollars")]
    public string? YesAskDollars { get; set; }

    /// <summary><c>yes_bid_size_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_bid_size_fp")]
    public string? YesBidSizeFp { get; set; }

    /// <summary><c>yes_ask_size_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_ask_size_fp")]
    public string? YesAskSizeFp { get; set; }

    /// <summary><c>last_trade_size_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("last_trade_size_fp")]
    public string? LastTradeSizeFp { get; set; }

    /// <summary><c>volume_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_fp")]
    public string? VolumeFp { get; set; }

    /// <summary><c>open_interest_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("open_interest_fp")]
    public string? OpenInterestFp { get; set; }

    /// <summary><c>dollar_volume</c> as the exchange sends it.</summary>
    [JsonPropertyName("dollar_volume")]
    public long? DollarVolume { get; set; }

    /// <summary><c>dollar_open_interest</c> as the exchange sends it.</summary>
    [JsonPropertyName("dollar_open_interest")]
    public long? DollarOpenInterest { get; set; }

    /// <summary><c>ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("ts")]
    public long? Ts { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>time</c> as the exchange sends it.</summary>
    [JsonPropertyName("time")]
    public string? Time { get; set; }

    /// <summary><c>price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("price")]
    public long? Price { get; set; }

    /// <summary><c>yes_bid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_bid")]
    public long? YesBid { get; set; }

    /// <summary><c>yes_ask</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_ask")]
    public long? YesAsk { get; set; }

    /// <summary><c>volume</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("volume")]
    public long? Volume { get; set; }

    /// <summary><c>open_interest</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("open_interest")]
    public long? OpenInterest { get; set; }

    /// <summary><c>Clock</c> as the exchange sends it.</summary>
    [JsonPropertyName("Clock")]
    public long? Clock { get; set; }
}

/// <summary><c>trade</c>: a public trade.</summary>
public sealed class TradeMsg
{
    /// <summary><c>trade_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("trade_id")]
    public string? TradeId { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>no_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_price_dollars")]
    public string? NoPriceDollars { get; set; }

    /// <summary><c>count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count_fp")]
    public string? CountFp { get; set; }

    /// <summary><c>taker_outcome_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_outcome_side")]
    public string? TakerOutcomeSide { get; set; }

    /// <summary><c>taker_book_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_book_side")]
    public string? TakerBookSide { get; set; }

    /// <summary><c>taker_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_side")]
    public string? TakerSide { get; set; }

    /// <summary><c>is_block_trade</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_block_trade")]
    public bool? IsBlockTrade { get; set; }

    /// <summary><c>ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("ts")]
    public long? Ts { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>yes_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_price")]
    public long? YesPrice { get; set; }

    /// <summary><c>no_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_price")]
    public long? NoPrice { get; set; }

    /// <summary><c>count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; set; }
}

/// <summary><c>fill</c>: one of our fills.</summary>
public sealed class FillMsg
{
    /// <summary><c>trade_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("trade_id")]
    public string? TradeId { get; set; }

    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>is_taker</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_taker")]
    public bool? IsTaker { get; set; }

    /// <summary><c>outcome_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("outcome_side")]
    public string? OutcomeSide { get; set; }

    /// <summary><c>book_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("book_side")]
    public string? BookSide { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>action</c> as the exchange sends it.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary><c>purchased_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("purchased_side")]
    public string? PurchasedSide { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count_fp")]
    public string? CountFp { get; set; }

    /// <summary><c>fee_cost</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fee_cost")]
    public string? FeeCost { get; set; }

    /// <summary><c>post_position_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("post_position_fp")]
    public string? PostPositionFp { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>subaccount</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount")]
    public long? Subaccount { get; set; }

    /// <summary><c>ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("ts")]
    public long? Ts { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>yes_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_price")]
    public long? YesPrice { get; set; }

    /// <summary><c>count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; set; }

    /// <summary><c>post_position</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("post_position")]
    public long? PostPosition { get; set; }
}

/// <summary><c>user_order</c>: one of our orders changed.</summary>
public sealed class UserOrderMsg
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>user_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>status</c> as the exchange sends it.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary><c>outcome_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("outcome_side")]
    public string? OutcomeSide { get; set; }

    /// <summary><c>book_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("book_side")]
    public string? BookSide { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>is_yes</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_yes")]
    public bool? IsYes { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>fill_count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("fill_count_fp")]
    public string? FillCountFp { get; set; }

    /// <summary><c>remaining_count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("remaining_count_fp")]
    public string? RemainingCountFp { get; set; }

    /// <summary><c>initial_count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("initial_count_fp")]
    public string? InitialCountFp { get; set; }

    /// <summary><c>taker_fill_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("taker_fill_cost_dollars")]
    public string? TakerFillCostDollars { get; set; }

    /// <summary><c>maker_fill_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("maker_fill_cost_dollars")]
    public string? MakerFillCostDollars { get; set; }

    /// <summary><c>taker_fees_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("taker_fees_dollars")]
    public string? TakerFeesDollars { get; set; }

    /// <summary><c>maker_fees_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("maker_fees_dollars")]
    public string? MakerFeesDollars { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>order_group_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_group_id")]
    public string? OrderGroupId { get; set; }

    /// <summary><c>self_trade_prevention_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("self_trade_prevention_type")]
    public string? SelfTradePreventionType { get; set; }

    /// <summary><c>created_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("created_time")]
    public string? CreatedTime { get; set; }

    /// <summary><c>created_ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("created_ts_ms")]
    public long? CreatedTsMs { get; set; }

    /// <summary><c>last_update_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("last_update_time")]
    public string? LastUpdateTime { get; set; }

    /// <summary><c>last_updated_ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("last_updated_ts_ms")]
    public long? LastUpdatedTsMs { get; set; }

    /// <summary><c>expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("expiration_time")]
    public string? ExpirationTime { get; set; }

    /// <summary><c>expiration_ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("expiration_ts_ms")]
    public long? ExpirationTsMs { get; set; }

    /// <summary><c>subaccount_number</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount_number")]
    public long? SubaccountNumber { get; set; }
}

/// <summary><c>market_position</c>: one of our positions changed.</summary>
public sealed class MarketPositionMsg
{
    /// <summary><c>user_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>position_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("position_fp")]
    public string? PositionFp { get; set; }

    /// <summary><c>position_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("position_cost_dollars")]
    public string? PositionCostDollars { get; set; }

    /// <summary><c>realized_pnl_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("realized_pnl_dollars")]
    public string? RealizedPnlDollars { get; set; }

    /// <summary><c>fees_paid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fees_paid_dollars")]
    public string? FeesPaidDollars { get; set; }

    /// <summary><c>position_fee_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("position_fee_cost_dollars")]
    public string? PositionFeeCostDollars { get; set; }

    /// <summary><c>volume_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_fp")]
    public string? VolumeFp { get; set; }

    /// <summary><c>subaccount</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount")]
    public long? Subaccount { get; set; }

    /// <summary><c>position</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("position")]
    public long? Position { get; set; }

    /// <summary><c>position_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("position_cost")]
    public long? PositionCost { get; set; }

    /// <summary><c>realized_pnl</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("realized_pnl")]
    public long? RealizedPnl { get; set; }

    /// <summary><c>fees_paid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("fees_paid")]
    public long? FeesPaid { get; set; }

    /// <summary><c>volume</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("volume")]
    public long? Volume { get; set; }
}

/// <summary><c>additional_metadata</c> of a market_lifecycle_v2 <c>created</c> event.</summary>
public sealed class LifecycleMetadataWire
{
    /// <summary><c>name</c> as the exchange sends it.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary><c>title</c> as the exchange sends it.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary><c>yes_sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_sub_title")]
    public string? YesSubTitle { get; set; }

    /// <summary><c>no_sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("no_sub_title")]
    public string? NoSubTitle { get; set; }

    /// <summary><c>rules_primary</c> as the exchange sends it.</summary>
    [JsonPropertyName("rules_primary")]
    public string? RulesPrimary { get; set; }

    /// <summary><c>rules_secondary</c> as the exchange sends it.</summary>
    [JsonPropertyName("rules_secondary")]
    public string? RulesSecondary { get; set; }

    /// <summary><c>can_close_early</c> as the exchange sends it.</summary>
    [JsonPropertyName("can_close_early")]
    public bool? CanCloseEarly { get; set; }

    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>expected_expiration_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("expected_expiration_ts")]
    public long? ExpectedExpirationTs { get; set; }

    /// <summary><c>strike_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_type")]
    public string? StrikeType { get; set; }

    /// <summary><c>floor_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("floor_strike")]
    public decimal? FloorStrike { get; set; }

    /// <summary><c>cap_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("cap_strike")]
    public decimal? CapStrike { get; set; }

    /// <summary><c>custom_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("custom_strike")]
    public JsonElement? CustomStrike { get; set; }
}

/// <summary><c>market_lifecycle_v2</c>: a market was created, (de)activated, re-dated, determined, settled or re-ticked.</summary>
public sealed class MarketLifecycleMsg
{
    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>event_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_type")]
    public string? EventType { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>open_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("open_ts")]
    public long? OpenTs { get; set; }

    /// <summary><c>close_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("close_ts")]
    public long? CloseTs { get; set; }

    /// <summary><c>additional_metadata</c> as the exchange sends it.</summary>
    [JsonPropertyName("additional_metadata")]
    public LifecycleMetadataWire? AdditionalMetadata { get; set; }

    /// <summary><c>result</c> as the exchange sends it.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary><c>determination_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("determination_ts")]
    public long? DeterminationTs { get; set; }

    /// <summary><c>settlement_value</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("settlement_value")]
    public string? SettlementValue { get; set; }

    /// <summary><c>settled_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("settled_ts")]
    public long? SettledTs { get; set; }

    /// <summary><c>is_deactivated</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_deactivated")]
    public bool? IsDeactivated { get; set; }

    /// <summary><c>price_level_structure</c> as the exchange sends it.</summary>
    [JsonPropertyName("price_level_structure")]
    public string? PriceLevelStructure { get; set; }

    /// <summary><c>price_ranges</c> as the exchange sends it.</summary>
    [JsonPropertyName("price_ranges")]
    public List<PriceRangeWire>? PriceRanges { get; set; }

    /// <summary><c>strike_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_type")]
    public string? StrikeType { get; set; }

    /// <summary><c>floor_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("floor_strike")]
    public decimal? FloorStrike { get; set; }

    /// <summary><c>cap_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("cap_strike")]
    public decimal? CapStrike { get; set; }

    /// <summary><c>custom_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("custom_strike")]
    public JsonElement? CustomStrike { get; set; }

    /// <summary><c>yes_sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_sub_title")]
    public string? YesSubTitle { get; set; }
}

/// <summary><c>event_lifecycle</c>: an event was created or changed.</summary>
public sealed class EventLifecycleMsg
{
    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>title</c> as the exchange sends it.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary><c>subtitle</c> as the exchange sends it.</summary>
    [JsonPropertyName("subtitle")]
    public string? Subtitle { get; set; }

    /// <summary><c>collateral_return_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("collateral_return_type")]
    public string? CollateralReturnType { get; set; }

    /// <summary><c>series_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("series_ticker")]
    public string? SeriesTicker { get; set; }

    /// <summary><c>strike_date</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_date")]
    public long? StrikeDate { get; set; }

    /// <summary><c>strike_period</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_period")]
    public string? StrikePeriod { get; set; }
}

/// <summary><c>event_fee_update</c>: an event's fee override changed (null = cleared).</summary>
public sealed class EventFeeUpdateMsg
{
    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>fee_type_override</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_type_override")]
    public string? FeeTypeOverride { get; set; }

    /// <summary><c>fee_multiplier_override</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_multiplier_override")]
    public decimal? FeeMultiplierOverride { get; set; }
}

/// <summary><c>order_group_updates</c>: an order group changed.</summary>
public sealed class OrderGroupUpdateMsg
{
    /// <summary><c>event_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_type")]
    public string? EventType { get; set; }

    /// <summary><c>order_group_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_group_id")]
    public string? OrderGroupId { get; set; }

    /// <summary><c>contracts_limit_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("contracts_limit_fp")]
    public string? ContractsLimitFp { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }
}
