using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiActors.Exchange.Wire;

/// <summary>One band of a market's price grid (<c>price_ranges</c> item).</summary>
public sealed class PriceRangeWire
{
    /// <summary><c>start</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("start")]
    public string? Start { get; set; }

    /// <summary><c>end</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("end")]
    public string? End { get; set; }

    /// <summary><c>step</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("step")]
    public string? Step { get; set; }
}

/// <summary>One leg of a combo (multivariate) market.</summary>
public sealed class MveSelectedLegWire
{
    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>yes_settlement_value_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_settlement_value_dollars")]
    public string? YesSettlementValueDollars { get; set; }
}

/// <summary>A market (<c>GET /markets</c>, <c>/markets/{ticker}</c>): current fixed-point fields and the legacy cent fields of older recordings.</summary>
public sealed class MarketWire
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>market_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_type")]
    public string? MarketType { get; set; }

    /// <summary><c>yes_sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_sub_title")]
    public string? YesSubTitle { get; set; }

    /// <summary><c>no_sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("no_sub_title")]
    public string? NoSubTitle { get; set; }

    /// <summary><c>title</c> as the exchange sends it.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary><c>subtitle</c> as the exchange sends it.</summary>
    [JsonPropertyName("subtitle")]
    public string? Subtitle { get; set; }

    /// <summary><c>created_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("created_time")]
    public string? CreatedTime { get; set; }

    /// <summary><c>updated_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("updated_time")]
    public string? UpdatedTime { get; set; }

    /// <summary><c>open_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("open_time")]
    public string? OpenTime { get; set; }

    /// <summary><c>close_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("close_time")]
    public string? CloseTime { get; set; }

    /// <summary><c>expected_expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("expected_expiration_time")]
    public string? ExpectedExpirationTime { get; set; }

    /// <summary><c>latest_expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("latest_expiration_time")]
    public string? LatestExpirationTime { get; set; }

    /// <summary><c>expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("expiration_time")]
    public string? ExpirationTime { get; set; }

    /// <summary><c>settlement_timer_seconds</c> as the exchange sends it.</summary>
    [JsonPropertyName("settlement_timer_seconds")]
    public long? SettlementTimerSeconds { get; set; }

    /// <summary><c>status</c> as the exchange sends it.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary><c>yes_bid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_bid_dollars")]
    public string? YesBidDollars { get; set; }

    /// <summary><c>yes_bid_size_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_bid_size_fp")]
    public string? YesBidSizeFp { get; set; }

    /// <summary><c>yes_ask_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_ask_dollars")]
    public string? YesAskDollars { get; set; }

    /// <summary><c>yes_ask_size_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_ask_size_fp")]
    public string? YesAskSizeFp { get; set; }

    /// <summary><c>no_bid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_bid_dollars")]
    public string? NoBidDollars { get; set; }

    /// <summary><c>no_ask_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_ask_dollars")]
    public string? NoAskDollars { get; set; }

    /// <summary><c>last_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("last_price_dollars")]
    public string? LastPriceDollars { get; set; }

    /// <summary><c>previous_yes_bid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("previous_yes_bid_dollars")]
    public string? PreviousYesBidDollars { get; set; }

    /// <summary><c>previous_yes_ask_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("previous_yes_ask_dollars")]
    public string? PreviousYesAskDollars { get; set; }

    /// <summary><c>previous_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("previous_price_dollars")]
    public string? PreviousPriceDollars { get; set; }

    /// <summary><c>volume_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_fp")]
    public string? VolumeFp { get; set; }

    /// <summary><c>volume_24h_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_24h_fp")]
    public string? Volume24hFp { get; set; }

    /// <summary><c>open_interest_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("open_interest_fp")]
    public string? OpenInterestFp { get; set; }

    /// <summary><c>notional_value_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("notional_value_dollars")]
    public string? NotionalValueDollars { get; set; }

    /// <summary><c>liquidity_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("liquidity_dollars")]
    public string? LiquidityDollars { get; set; }

    /// <summary><c>result</c> as the exchange sends it.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary><c>can_close_early</c> as the exchange sends it.</summary>
    [JsonPropertyName("can_close_early")]
    public bool? CanCloseEarly { get; set; }

    /// <summary><c>expiration_value</c> as the exchange sends it.</summary>
    [JsonPropertyName("expiration_value")]
    public string? ExpirationValue { get; set; }

    /// <summary><c>settlement_value_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("settlement_value_dollars")]
    public string? SettlementValueDollars { get; set; }

    /// <summary><c>settlement_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("settlement_ts")]
    public string? SettlementTs { get; set; }

    /// <summary><c>occurrence_datetime</c> as the exchange sends it.</summary>
    [JsonPropertyName("occurrence_datetime")]
    public string? OccurrenceDatetime { get; set; }

    /// <summary><c>fee_waiver_expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("fee_waiver_expiration_time")]
    public string? FeeWaiverExpirationTime { get; set; }

    /// <summary><c>early_close_condition</c> as the exchange sends it.</summary>
    [JsonPropertyName("early_close_condition")]
    public string? EarlyCloseCondition { get; set; }

    /// <summary><c>strike_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_type")]
    public string? StrikeType { get; set; }

    /// <summary><c>floor_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("floor_strike")]
    public decimal? FloorStrike { get; set; }

    /// <summary><c>cap_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("cap_strike")]
    public decimal? CapStrike { get; set; }

    /// <summary><c>functional_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("functional_strike")]
    public string? FunctionalStrike { get; set; }

    /// <summary><c>custom_strike</c> as the exchange sends it.</summary>
    [JsonPropertyName("custom_strike")]
    public JsonElement? CustomStrike { get; set; }

    /// <summary><c>rules_primary</c> as the exchange sends it.</summary>
    [JsonPropertyName("rules_primary")]
    public string? RulesPrimary { get; set; }

    /// <summary><c>rules_secondary</c> as the exchange sends it.</summary>
    [JsonPropertyName("rules_secondary")]
    public string? RulesSecondary { get; set; }

    /// <summary><c>mve_collection_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("mve_collection_ticker")]
    public string? MveCollectionTicker { get; set; }

    /// <summary><c>mve_selected_legs</c> as the exchange sends it.</summary>
    [JsonPropertyName("mve_selected_legs")]
    public List<MveSelectedLegWire>? MveSelectedLegs { get; set; }

    /// <summary><c>primary_participant_key</c> as the exchange sends it.</summary>
    [JsonPropertyName("primary_participant_key")]
    public string? PrimaryParticipantKey { get; set; }

    /// <summary><c>price_level_structure</c> as the exchange sends it.</summary>
    [JsonPropertyName("price_level_structure")]
    public string? PriceLevelStructure { get; set; }

    /// <summary><c>price_ranges</c> as the exchange sends it.</summary>
    [JsonPropertyName("price_ranges")]
    public List<PriceRangeWire>? PriceRanges { get; set; }

    /// <summary><c>is_provisional</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_provisional")]
    public bool? IsProvisional { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>yes_bid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_bid")]
    public long? YesBid { get; set; }

    /// <summary><c>yes_ask</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_ask")]
    public long? YesAsk { get; set; }

    /// <summary><c>no_bid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_bid")]
    public long? NoBid { get; set; }

    /// <summary><c>no_ask</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_ask")]
    public long? NoAsk { get; set; }

    /// <summary><c>last_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("last_price")]
    public long? LastPrice { get; set; }

    /// <summary><c>previous_yes_bid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("previous_yes_bid")]
    public long? PreviousYesBid { get; set; }

    /// <summary><c>previous_yes_ask</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("previous_yes_ask")]
    public long? PreviousYesAsk { get; set; }

    /// <summary><c>previous_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("previous_price")]
    public long? PreviousPrice { get; set; }

    /// <summary><c>volume</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("volume")]
    public long? Volume { get; set; }

    /// <summary><c>volume_24h</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("volume_24h")]
    public long? Volume24h { get; set; }

    /// <summary><c>open_interest</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("open_interest")]
    public long? OpenInterest { get; set; }

    /// <summary><c>liquidity</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("liquidity")]
    public long? Liquidity { get; set; }

    /// <summary><c>notional_value</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("notional_value")]
    public long? NotionalValue { get; set; }

    /// <summary><c>tick_size</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("tick_size")]
    public long? TickSize { get; set; }

    /// <summary><c>settlement_value</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("settlement_value")]
    public long? SettlementValue { get; set; }

    /// <summary><c>risk_limit_cents</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("risk_limit_cents")]
    public long? RiskLimitCents { get; set; }

    /// <summary><c>response_price_units</c> as the exchange sends it.</summary>
    [JsonPropertyName("response_price_units")]
    public string? ResponsePriceUnits { get; set; }

    /// <summary><c>category</c> as the exchange sends it.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; set; }

    /// <summary><c>fractional_trading_enabled</c> as the exchange sends it.</summary>
    [JsonPropertyName("fractional_trading_enabled")]
    public bool? FractionalTradingEnabled { get; set; }
}

/// <summary>Body of <c>GET /markets</c>.</summary>
public sealed class GetMarketsResponse
{
    /// <summary><c>markets</c> as the exchange sends it.</summary>
    [JsonPropertyName("markets")]
    public List<MarketWire>? Markets { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>Body of <c>GET /markets/{ticker}</c>.</summary>
public sealed class GetMarketResponse
{
    /// <summary><c>market</c> as the exchange sends it.</summary>
    [JsonPropertyName("market")]
    public MarketWire? Market { get; set; }
}

/// <summary>Legacy order book (<c>orderbook</c>, January 2026): bids per leg in cents and in dollars; empty sides were null.</summary>
public sealed class OrderbookWire
{
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

/// <summary>Current order book (<c>orderbook_fp</c>): YES and NO bids as [price_dollars, count_fp].</summary>
public sealed class OrderbookFpWire
{
    /// <summary><c>yes_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_dollars")]
    public List<WireBookLevel>? YesDollars { get; set; }

    /// <summary><c>no_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_dollars")]
    public List<WireBookLevel>? NoDollars { get; set; }
}

/// <summary>Body of <c>GET /markets/{ticker}/orderbook</c> (either generation).</summary>
public sealed class GetOrderbookResponse
{
    /// <summary><c>orderbook</c> as the exchange sends it.</summary>
    [JsonPropertyName("orderbook")]
    public OrderbookWire? Orderbook { get; set; }

    /// <summary><c>orderbook_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("orderbook_fp")]
    public OrderbookFpWire? OrderbookFp { get; set; }
}

/// <summary>One market's book in <c>GET /markets/orderbooks</c>.</summary>
public sealed class MarketOrderbookWire
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>orderbook_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("orderbook_fp")]
    public OrderbookFpWire? OrderbookFp { get; set; }
}

/// <summary>Body of <c>GET /markets/orderbooks</c>.</summary>
public sealed class GetOrderbooksResponse
{
    /// <summary><c>orderbooks</c> as the exchange sends it.</summary>
    [JsonPropertyName("orderbooks")]
    public List<MarketOrderbookWire>? Orderbooks { get; set; }
}

/// <summary>A public trade (<c>GET /markets/trades</c>).</summary>
public sealed class TradeWire
{
    /// <summary><c>trade_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("trade_id")]
    public string? TradeId { get; set; }

    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count_fp")]
    public string? CountFp { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>no_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_price_dollars")]
    public string? NoPriceDollars { get; set; }

    /// <summary><c>taker_outcome_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_outcome_side")]
    public string? TakerOutcomeSide { get; set; }

    /// <summary><c>taker_book_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_book_side")]
    public string? TakerBookSide { get; set; }

    /// <summary><c>taker_side</c> as the exchange sends it.</summary>
    [JsonPropertyName("taker_side")]
    public string? TakerSide { get; set; }

    /// <summary><c>created_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("created_time")]
    public string? CreatedTime { get; set; }

    /// <summary><c>is_block_trade</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_block_trade")]
    public bool? IsBlockTrade { get; set; }

    /// <summary><c>count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; set; }

    /// <summary><c>yes_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_price")]
    public long? YesPrice { get; set; }

    /// <summary><c>no_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_price")]
    public long? NoPrice { get; set; }

    /// <summary><c>price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price")]
    public decimal? Price { get; set; }
}

/// <summary>Body of <c>GET /markets/trades</c> and <c>/historical/trades</c>.</summary>
public sealed class GetTradesResponse
{
    /// <summary><c>trades</c> as the exchange sends it.</summary>
    [JsonPropertyName("trades")]
    public List<TradeWire>? Trades { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>Open/low/high/close of the YES bid or ask over a candle.</summary>
public sealed class CandleQuoteWire
{
    /// <summary><c>open_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("open_dollars")]
    public string? OpenDollars { get; set; }

    /// <summary><c>low_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("low_dollars")]
    public string? LowDollars { get; set; }

    /// <summary><c>high_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("high_dollars")]
    public string? HighDollars { get; set; }

    /// <summary><c>close_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("close_dollars")]
    public string? CloseDollars { get; set; }

    /// <summary><c>open</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("open")]
    public long? Open { get; set; }

    /// <summary><c>low</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("low")]
    public long? Low { get; set; }

    /// <summary><c>high</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("high")]
    public long? High { get; set; }

    /// <summary><c>close</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("close")]
    public long? Close { get; set; }
}

/// <summary>Traded-price statistics over a candle (null fields when nothing traded).</summary>
public sealed class CandlePriceWire
{
    /// <summary><c>open_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("open_dollars")]
    public string? OpenDollars { get; set; }

    /// <summary><c>low_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("low_dollars")]
    public string? LowDollars { get; set; }

    /// <summary><c>high_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("high_dollars")]
    public string? HighDollars { get; set; }

    /// <summary><c>close_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("close_dollars")]
    public string? CloseDollars { get; set; }

    /// <summary><c>mean_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("mean_dollars")]
    public string? MeanDollars { get; set; }

    /// <summary><c>previous_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("previous_dollars")]
    public string? PreviousDollars { get; set; }

    /// <summary><c>min_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("min_dollars")]
    public string? MinDollars { get; set; }

    /// <summary><c>max_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("max_dollars")]
    public string? MaxDollars { get; set; }

    /// <summary><c>open</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("open")]
    public long? Open { get; set; }

    /// <summary><c>low</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("low")]
    public long? Low { get; set; }

    /// <summary><c>high</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("high")]
    public long? High { get; set; }

    /// <summary><c>close</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("close")]
    public long? Close { get; set; }

    /// <summary><c>mean</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("mean")]
    public long? Mean { get; set; }

    /// <summary><c>previous</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("previous")]
    public long? Previous { get; set; }

    /// <summary><c>min</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("min")]
    public long? Min { get; set; }

    /// <summary><c>max</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("max")]
    public long? Max { get; set; }
}

/// <summary>One candle of <c>GET /series/{s}/markets/{t}/candlesticks</c>.</summary>
public sealed class CandlestickWire
{
    /// <summary><c>end_period_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("end_period_ts")]
    public long? EndPeriodTs { get; set; }

    /// <summary><c>yes_bid</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_bid")]
    public CandleQuoteWire? YesBid { get; set; }

    /// <summary><c>yes_ask</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_ask")]
    public CandleQuoteWire? YesAsk { get; set; }

    /// <summary><c>price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price")]
    public CandlePriceWire? Price { get; set; }

    /// <summary><c>volume_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_fp")]
    public string? VolumeFp { get; set; }

    /// <summary><c>open_interest_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("open_interest_fp")]
    public string? OpenInterestFp { get; set; }

    /// <summary><c>volume</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("volume")]
    public long? Volume { get; set; }

    /// <summary><c>open_interest</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("open_interest")]
    public long? OpenInterest { get; set; }
}

/// <summary>Body of the market candlesticks endpoints.</summary>
public sealed class GetCandlesticksResponse
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>candlesticks</c> as the exchange sends it.</summary>
    [JsonPropertyName("candlesticks")]
    public List<CandlestickWire>? Candlesticks { get; set; }
}

/// <summary>Where a series or event takes its result from.</summary>
public sealed class SettlementSourceWire
{
    /// <summary><c>name</c> as the exchange sends it.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary><c>url</c> as the exchange sends it.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}

/// <summary>An event (<c>GET /events</c>, <c>/events/{event_ticker}</c>).</summary>
public sealed class EventWire
{
    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>series_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("series_ticker")]
    public string? SeriesTicker { get; set; }

    /// <summary><c>title</c> as the exchange sends it.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary><c>sub_title</c> as the exchange sends it.</summary>
    [JsonPropertyName("sub_title")]
    public string? SubTitle { get; set; }

    /// <summary><c>collateral_return_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("collateral_return_type")]
    public string? CollateralReturnType { get; set; }

    /// <summary><c>mutually_exclusive</c> as the exchange sends it.</summary>
    [JsonPropertyName("mutually_exclusive")]
    public bool? MutuallyExclusive { get; set; }

    /// <summary><c>strike_date</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_date")]
    public string? StrikeDate { get; set; }

    /// <summary><c>strike_period</c> as the exchange sends it.</summary>
    [JsonPropertyName("strike_period")]
    public string? StrikePeriod { get; set; }

    /// <summary><c>markets</c> as the exchange sends it.</summary>
    [JsonPropertyName("markets")]
    public List<MarketWire>? Markets { get; set; }

    /// <summary><c>product_metadata</c> as the exchange sends it.</summary>
    [JsonPropertyName("product_metadata")]
    public JsonElement? ProductMetadata { get; set; }

    /// <summary><c>settlement_sources</c> as the exchange sends it.</summary>
    [JsonPropertyName("settlement_sources")]
    public List<SettlementSourceWire>? SettlementSources { get; set; }

    /// <summary><c>last_updated_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("last_updated_ts")]
    public string? LastUpdatedTs { get; set; }

    /// <summary><c>fee_type_override</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_type_override")]
    public string? FeeTypeOverride { get; set; }

    /// <summary><c>fee_multiplier_override</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_multiplier_override")]
    public decimal? FeeMultiplierOverride { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>category</c> as the exchange sends it.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; set; }

    /// <summary><c>available_on_brokers</c> as the exchange sends it.</summary>
    [JsonPropertyName("available_on_brokers")]
    public bool? AvailableOnBrokers { get; set; }
}

/// <summary>Body of <c>GET /events/{event_ticker}</c>.</summary>
public sealed class GetEventResponse
{
    /// <summary><c>event</c> as the exchange sends it.</summary>
    [JsonPropertyName("event")]
    public EventWire? Event { get; set; }

    /// <summary><c>markets</c> as the exchange sends it.</summary>
    [JsonPropertyName("markets")]
    public List<MarketWire>? Markets { get; set; }
}

/// <summary>Body of <c>GET /events</c>.</summary>
public sealed class GetEventsResponse
{
    /// <summary><c>events</c> as the exchange sends it.</summary>
    [JsonPropertyName("events")]
    public List<EventWire>? Events { get; set; }

    /// <summary><c>milestones</c> as the exchange sends it.</summary>
    [JsonPropertyName("milestones")]
    public JsonElement? Milestones { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>A series (<c>GET /series/{series_ticker}</c>), carrying the fee type and multiplier.</summary>
public sealed class SeriesWire
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>frequency</c> as the exchange sends it.</summary>
    [JsonPropertyName("frequency")]
    public string? Frequency { get; set; }

    /// <summary><c>title</c> as the exchange sends it.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary><c>category</c> as the exchange sends it.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; set; }

    /// <summary><c>tags</c> as the exchange sends it.</summary>
    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }

    /// <summary><c>settlement_sources</c> as the exchange sends it.</summary>
    [JsonPropertyName("settlement_sources")]
    public List<SettlementSourceWire>? SettlementSources { get; set; }

    /// <summary><c>contract_url</c> as the exchange sends it.</summary>
    [JsonPropertyName("contract_url")]
    public string? ContractUrl { get; set; }

    /// <summary><c>contract_terms_url</c> as the exchange sends it.</summary>
    [JsonPropertyName("contract_terms_url")]
    public string? ContractTermsUrl { get; set; }

    /// <summary><c>product_metadata</c> as the exchange sends it.</summary>
    [JsonPropertyName("product_metadata")]
    public JsonElement? ProductMetadata { get; set; }

    /// <summary><c>fee_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_type")]
    public string? FeeType { get; set; }

    /// <summary><c>fee_multiplier</c> as the exchange sends it.</summary>
    [JsonPropertyName("fee_multiplier")]
    public decimal? FeeMultiplier { get; set; }

    /// <summary><c>additional_prohibitions</c> as the exchange sends it.</summary>
    [JsonPropertyName("additional_prohibitions")]
    public List<string>? AdditionalProhibitions { get; set; }

    /// <summary><c>volume_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("volume_fp")]
    public string? VolumeFp { get; set; }

    /// <summary><c>last_updated_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("last_updated_ts")]
    public string? LastUpdatedTs { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }
}

/// <summary>Body of <c>GET /series/{series_ticker}</c>.</summary>
public sealed class GetSeriesResponse
{
    /// <summary><c>series</c> as the exchange sends it.</summary>
    [JsonPropertyName("series")]
    public SeriesWire? Series { get; set; }
}

/// <summary>Body of <c>GET /series</c>.</summary>
public sealed class GetSeriesListResponse
{
    /// <summary><c>series</c> as the exchange sends it.</summary>
    [JsonPropertyName("series")]
    public List<SeriesWire>? Series { get; set; }
}

/// <summary>Body of <c>GET /exchange/status</c>.</summary>
public sealed class ExchangeStatusWire
{
    /// <summary><c>exchange_active</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_active")]
    public bool? ExchangeActive { get; set; }

    /// <summary><c>trading_active</c> as the exchange sends it.</summary>
    [JsonPropertyName("trading_active")]
    public bool? TradingActive { get; set; }

    /// <summary><c>exchange_estimated_resume_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("exchange_estimated_resume_time")]
    public string? ExchangeEstimatedResumeTime { get; set; }

    /// <summary><c>intra_exchange_transfers_active</c> as the exchange sends it.</summary>
    [JsonPropertyName("intra_exchange_transfers_active")]
    public bool? IntraExchangeTransfersActive { get; set; }

    /// <summary><c>exchange_index_statuses</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index_statuses")]
    public JsonElement? ExchangeIndexStatuses { get; set; }
}

/// <summary>Open and close time (ET, HH:MM) of one trading session of a weekday.</summary>
public sealed class TradingSessionWire
{
    /// <summary><c>open_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("open_time")]
    public string? OpenTime { get; set; }

    /// <summary><c>close_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("close_time")]
    public string? CloseTime { get; set; }
}

/// <summary>A period of regular weekly trading hours.</summary>
public sealed class StandardHoursWire
{
    /// <summary><c>start_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("start_time")]
    public string? StartTime { get; set; }

    /// <summary><c>end_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("end_time")]
    public string? EndTime { get; set; }

    /// <summary><c>monday</c> as the exchange sends it.</summary>
    [JsonPropertyName("monday")]
    public List<TradingSessionWire>? Monday { get; set; }

    /// <summary><c>tuesday</c> as the exchange sends it.</summary>
    [JsonPropertyName("tuesday")]
    public List<TradingSessionWire>? Tuesday { get; set; }

    /// <summary><c>wednesday</c> as the exchange sends it.</summary>
    [JsonPropertyName("wednesday")]
    public List<TradingSessionWire>? Wednesday { get; set; }

    /// <summary><c>thursday</c> as the exchange sends it.</summary>
    [JsonPropertyName("thursday")]
    public List<TradingSessionWire>? Thursday { get; set; }

    /// <summary><c>friday</c> as the exchange sends it.</summary>
    [JsonPropertyName("friday")]
    public List<TradingSessionWire>? Friday { get; set; }

    /// <summary><c>saturday</c> as the exchange sends it.</summary>
    [JsonPropertyName("saturday")]
    public List<TradingSessionWire>? Saturday { get; set; }

    /// <summary><c>sunday</c> as the exchange sends it.</summary>
    [JsonPropertyName("sunday")]
    public List<TradingSessionWire>? Sunday { get; set; }
}

/// <summary>A scheduled maintenance window.</summary>
public sealed class MaintenanceWindowWire
{
    /// <summary><c>start_datetime</c> as the exchange sends it.</summary>
    [JsonPropertyName("start_datetime")]
    public string? StartDatetime { get; set; }

    /// <summary><c>end_datetime</c> as the exchange sends it.</summary>
    [JsonPropertyName("end_datetime")]
    public string? EndDatetime { get; set; }
}

/// <summary>The exchange's trading hours and maintenance windows.</summary>
public sealed class ScheduleWire
{
    /// <summary><c>standard_hours</c> as the exchange sends it.</summary>
    [JsonPropertyName("standard_hours")]
    public List<StandardHoursWire>? StandardHours { get; set; }

    /// <summary><c>maintenance_windows</c> as the exchange sends it.</summary>
    [JsonPropertyName("maintenance_windows")]
    public List<MaintenanceWindowWire>? MaintenanceWindows { get; set; }
}

/// <summary>Body of <c>GET /exchange/schedule</c>.</summary>
public sealed class GetExchangeScheduleResponse
{
    /// <summary><c>schedule</c> as the exchange sends it.</summary>
    [JsonPropertyName("schedule")]
    public ScheduleWire? Schedule { get; set; }
}

/// <summary>Body of <c>GET /historical/cutoff</c>: data older than these times is served by the historical endpoints.</summary>
public sealed class HistoricalCutoffResponse
{
    /// <summary><c>market_settled_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_settled_ts")]
    public string? MarketSettledTs { get; set; }

    /// <summary><c>trades_created_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("trades_created_ts")]
    public string? TradesCreatedTs { get; set; }

    /// <summary><c>orders_updated_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders_updated_ts")]
    public string? OrdersUpdatedTs { get; set; }
}

/// <summary>Body of <c>POST /portfolio/events/orders</c> (V2): direction on the YES book, price is the YES price.</summary>
public sealed class CreateOrderV2Request
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count")]
    public string? Count { get; set; }

    /// <summary><c>price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price")]
    public string? Price { get; set; }

    /// <summary><c>expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("expiration_time")]
    public long? ExpirationTime { get; set; }

    /// <summary><c>time_in_force</c> as the exchange sends it.</summary>
    [JsonPropertyName("time_in_force")]
    public string? TimeInForce { get; set; }

    /// <summary><c>post_only</c> as the exchange sends it.</summary>
    [JsonPropertyName("post_only")]
    public bool? PostOnly { get; set; }

    /// <summary><c>self_trade_prevention_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("self_trade_prevention_type")]
    public string? SelfTradePreventionType { get; set; }

    /// <summary><c>cancel_order_on_pause</c> as the exchange sends it.</summary>
    [JsonPropertyName("cancel_order_on_pause")]
    public bool? CancelOrderOnPause { get; set; }

    /// <summary><c>reduce_only</c> as the exchange sends it.</summary>
    [JsonPropertyName("reduce_only")]
    public bool? ReduceOnly { get; set; }

    /// <summary><c>subaccount</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount")]
    public long? Subaccount { get; set; }

    /// <summary><c>order_group_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_group_id")]
    public string? OrderGroupId { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }
}

/// <summary>Body of a 201 from <c>POST /portfolio/events/orders</c>.</summary>
public sealed class CreateOrderV2Response
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>fill_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("fill_count")]
    public string? FillCount { get; set; }

    /// <summary><c>remaining_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("remaining_count")]
    public string? RemainingCount { get; set; }

    /// <summary><c>average_fill_price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fill_price")]
    public string? AverageFillPrice { get; set; }

    /// <summary><c>average_fee_paid</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fee_paid")]
    public string? AverageFeePaid { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }
}

/// <summary>Body of <c>DELETE /portfolio/events/orders/{order_id}</c>.</summary>
public sealed class CancelOrderV2Response
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>reduced_by</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("reduced_by")]
    public string? ReducedBy { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }
}

/// <summary>Body of <c>POST /portfolio/events/orders/{order_id}/amend</c>; count is the new total (filled + remaining).</summary>
public sealed class AmendOrderV2Request
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>side</c> as the exchange sends it.</summary>
    [JsonPropertyName("side")]
    public string? Side { get; set; }

    /// <summary><c>price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price")]
    public string? Price { get; set; }

    /// <summary><c>count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count")]
    public string? Count { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>updated_client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("updated_client_order_id")]
    public string? UpdatedClientOrderId { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }
}

/// <summary>Body answering an amend.</summary>
public sealed class AmendOrderV2Response
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>remaining_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("remaining_count")]
    public string? RemainingCount { get; set; }

    /// <summary><c>fill_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("fill_count")]
    public string? FillCount { get; set; }

    /// <summary><c>average_fill_price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fill_price")]
    public string? AverageFillPrice { get; set; }

    /// <summary><c>average_fee_paid</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fee_paid")]
    public string? AverageFeePaid { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }
}

/// <summary>Body of <c>POST /portfolio/events/orders/{order_id}/decrease</c>: exactly one of reduce_by / reduce_to.</summary>
public sealed class DecreaseOrderV2Request
{
    /// <summary><c>reduce_by</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("reduce_by")]
    public string? ReduceBy { get; set; }

    /// <summary><c>reduce_to</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("reduce_to")]
    public string? ReduceTo { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }
}

/// <summary>Body answering a decrease.</summary>
public sealed class DecreaseOrderV2Response
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>remaining_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("remaining_count")]
    public string? RemainingCount { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }
}

/// <summary>The exchange's error object (<c>code</c>, <c>message</c>, <c>details</c>; <c>service</c> before 2026-08-06).</summary>
public sealed class ErrorDetailWire
{
    /// <summary><c>code</c> as the exchange sends it.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary><c>message</c> as the exchange sends it.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary><c>details</c> as the exchange sends it.</summary>
    [JsonPropertyName("details")]
    public string? Details { get; set; }

    /// <summary><c>service</c> as the exchange sends it.</summary>
    [JsonPropertyName("service")]
    public string? Service { get; set; }
}

/// <summary>Body of <c>POST /portfolio/events/orders/batched</c>.</summary>
public sealed class BatchCreateOrdersV2Request
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<CreateOrderV2Request>? Orders { get; set; }
}

/// <summary>One item of a batch-create answer: the order's figures or an error.</summary>
public sealed class BatchCreateOrderV2Result
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>fill_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("fill_count")]
    public string? FillCount { get; set; }

    /// <summary><c>remaining_count</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("remaining_count")]
    public string? RemainingCount { get; set; }

    /// <summary><c>average_fill_price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fill_price")]
    public string? AverageFillPrice { get; set; }

    /// <summary><c>average_fee_paid</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("average_fee_paid")]
    public string? AverageFeePaid { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>error</c> as the exchange sends it.</summary>
    [JsonPropertyName("error")]
    public ErrorDetailWire? Error { get; set; }
}

/// <summary>Body answering a batch create.</summary>
public sealed class BatchCreateOrdersV2Response
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<BatchCreateOrderV2Result>? Orders { get; set; }
}

/// <summary>One order to cancel in a batch.</summary>
public sealed class BatchCancelOrderV2Item
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>subaccount</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount")]
    public long? Subaccount { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }
}

/// <summary>Body of <c>DELETE /portfolio/events/orders/batched</c>.</summary>
public sealed class BatchCancelOrdersV2Request
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<BatchCancelOrderV2Item>? Orders { get; set; }
}

/// <summary>One item of a batch-cancel answer.</summary>
public sealed class BatchCancelOrderV2Result
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>reduced_by</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("reduced_by")]
    public string? ReducedBy { get; set; }

    /// <summary><c>ts_ms</c>: Unix milliseconds.</summary>
    [JsonPropertyName("ts_ms")]
    public long? TsMs { get; set; }

    /// <summary><c>error</c> as the exchange sends it.</summary>
    [JsonPropertyName("error")]
    public ErrorDetailWire? Error { get; set; }
}

/// <summary>Body answering a batch cancel.</summary>
public sealed class BatchCancelOrdersV2Response
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<BatchCancelOrderV2Result>? Orders { get; set; }
}

/// <summary>An order read back (<c>GET /portfolio/orders</c>), current fields plus the legacy v1 cent/count fields.</summary>
public sealed class OrderWire
{
    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>user_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

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

    /// <summary><c>type</c> as the exchange sends it.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary><c>status</c> as the exchange sends it.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>no_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_price_dollars")]
    public string? NoPriceDollars { get; set; }

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

    /// <summary><c>expiration_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("expiration_time")]
    public string? ExpirationTime { get; set; }

    /// <summary><c>created_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("created_time")]
    public string? CreatedTime { get; set; }

    /// <summary><c>last_update_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("last_update_time")]
    public string? LastUpdateTime { get; set; }

    /// <summary><c>self_trade_prevention_type</c> as the exchange sends it.</summary>
    [JsonPropertyName("self_trade_prevention_type")]
    public string? SelfTradePreventionType { get; set; }

    /// <summary><c>order_group_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_group_id")]
    public string? OrderGroupId { get; set; }

    /// <summary><c>cancel_order_on_pause</c> as the exchange sends it.</summary>
    [JsonPropertyName("cancel_order_on_pause")]
    public bool? CancelOrderOnPause { get; set; }

    /// <summary><c>subaccount_number</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount_number")]
    public long? SubaccountNumber { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>yes_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_price")]
    public long? YesPrice { get; set; }

    /// <summary><c>no_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_price")]
    public long? NoPrice { get; set; }

    /// <summary><c>fill_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("fill_count")]
    public long? FillCount { get; set; }

    /// <summary><c>remaining_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("remaining_count")]
    public long? RemainingCount { get; set; }

    /// <summary><c>initial_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("initial_count")]
    public long? InitialCount { get; set; }

    /// <summary><c>taker_fill_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("taker_fill_cost")]
    public long? TakerFillCost { get; set; }

    /// <summary><c>maker_fill_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("maker_fill_cost")]
    public long? MakerFillCost { get; set; }

    /// <summary><c>taker_fees</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("taker_fees")]
    public long? TakerFees { get; set; }

    /// <summary><c>maker_fees</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("maker_fees")]
    public long? MakerFees { get; set; }

    /// <summary><c>queue_position</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("queue_position")]
    public long? QueuePosition { get; set; }
}

/// <summary>Body of <c>GET /portfolio/orders</c> and <c>/historical/orders</c>.</summary>
public sealed class GetOrdersResponse
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<OrderWire>? Orders { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>Body of <c>GET /portfolio/orders/{id}</c> and of the legacy v1 create/decrease.</summary>
public sealed class GetOrderResponse
{
    /// <summary><c>order</c> as the exchange sends it.</summary>
    [JsonPropertyName("order")]
    public OrderWire? Order { get; set; }
}

/// <summary>Body of the legacy v1 <c>DELETE /portfolio/orders/{id}</c> (recordings only).</summary>
public sealed class LegacyCancelOrderResponse
{
    /// <summary><c>order</c> as the exchange sends it.</summary>
    [JsonPropertyName("order")]
    public OrderWire? Order { get; set; }

    /// <summary><c>reduced_by</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("reduced_by")]
    public long? ReducedBy { get; set; }

    /// <summary><c>reduced_by_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("reduced_by_fp")]
    public string? ReducedByFp { get; set; }
}

/// <summary>Body of the legacy v1 amend (recordings only).</summary>
public sealed class LegacyAmendOrderResponse
{
    /// <summary><c>old_order</c> as the exchange sends it.</summary>
    [JsonPropertyName("old_order")]
    public OrderWire? OldOrder { get; set; }

    /// <summary><c>order</c> as the exchange sends it.</summary>
    [JsonPropertyName("order")]
    public OrderWire? Order { get; set; }
}

/// <summary>One item of the legacy v1 batch create answer.</summary>
public sealed class LegacyBatchCreateOrderResult
{
    /// <summary><c>order</c> as the exchange sends it.</summary>
    [JsonPropertyName("order")]
    public OrderWire? Order { get; set; }

    /// <summary><c>error</c> as the exchange sends it.</summary>
    [JsonPropertyName("error")]
    public ErrorDetailWire? Error { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }
}

/// <summary>Body of the legacy v1 batch create (recordings only).</summary>
public sealed class LegacyBatchCreateOrdersResponse
{
    /// <summary><c>orders</c> as the exchange sends it.</summary>
    [JsonPropertyName("orders")]
    public List<LegacyBatchCreateOrderResult>? Orders { get; set; }
}

/// <summary>One of our fills (<c>GET /portfolio/fills</c>).</summary>
public sealed class FillWire
{
    /// <summary><c>fill_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("fill_id")]
    public string? FillId { get; set; }

    /// <summary><c>trade_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("trade_id")]
    public string? TradeId { get; set; }

    /// <summary><c>order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; set; }

    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>market_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_ticker")]
    public string? MarketTicker { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

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

    /// <summary><c>count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("count_fp")]
    public string? CountFp { get; set; }

    /// <summary><c>yes_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_price_dollars")]
    public string? YesPriceDollars { get; set; }

    /// <summary><c>no_price_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_price_dollars")]
    public string? NoPriceDollars { get; set; }

    /// <summary><c>is_taker</c> as the exchange sends it.</summary>
    [JsonPropertyName("is_taker")]
    public bool? IsTaker { get; set; }

    /// <summary><c>created_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("created_time")]
    public string? CreatedTime { get; set; }

    /// <summary><c>fee_cost</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fee_cost")]
    public string? FeeCost { get; set; }

    /// <summary><c>subaccount_number</c> as the exchange sends it.</summary>
    [JsonPropertyName("subaccount_number")]
    public long? SubaccountNumber { get; set; }

    /// <summary><c>ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("ts")]
    public long? Ts { get; set; }

    /// <summary><c>client_order_id</c> as the exchange sends it.</summary>
    [JsonPropertyName("client_order_id")]
    public string? ClientOrderId { get; set; }

    /// <summary><c>count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; set; }

    /// <summary><c>yes_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_price")]
    public long? YesPrice { get; set; }

    /// <summary><c>no_price</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_price")]
    public long? NoPrice { get; set; }

    /// <summary><c>yes_price_fixed</c> as the exchange sends it.</summary>
    [JsonPropertyName("yes_price_fixed")]
    public string? YesPriceFixed { get; set; }

    /// <summary><c>no_price_fixed</c> as the exchange sends it.</summary>
    [JsonPropertyName("no_price_fixed")]
    public string? NoPriceFixed { get; set; }

    /// <summary><c>price</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("price")]
    public decimal? Price { get; set; }
}

/// <summary>Body of <c>GET /portfolio/fills</c> and <c>/historical/fills</c>.</summary>
public sealed class GetFillsResponse
{
    /// <summary><c>fills</c> as the exchange sends it.</summary>
    [JsonPropertyName("fills")]
    public List<FillWire>? Fills { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>An unsettled position in one market; positive = YES, negative = NO.</summary>
public sealed class MarketPositionWire
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>position_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("position_fp")]
    public string? PositionFp { get; set; }

    /// <summary><c>market_exposure_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("market_exposure_dollars")]
    public string? MarketExposureDollars { get; set; }

    /// <summary><c>total_traded_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("total_traded_dollars")]
    public string? TotalTradedDollars { get; set; }

    /// <summary><c>realized_pnl_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("realized_pnl_dollars")]
    public string? RealizedPnlDollars { get; set; }

    /// <summary><c>fees_paid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fees_paid_dollars")]
    public string? FeesPaidDollars { get; set; }

    /// <summary><c>last_updated_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("last_updated_ts")]
    public string? LastUpdatedTs { get; set; }

    /// <summary><c>position</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("position")]
    public long? Position { get; set; }

    /// <summary><c>market_exposure</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("market_exposure")]
    public long? MarketExposure { get; set; }

    /// <summary><c>total_traded</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("total_traded")]
    public long? TotalTraded { get; set; }

    /// <summary><c>realized_pnl</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("realized_pnl")]
    public long? RealizedPnl { get; set; }

    /// <summary><c>fees_paid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("fees_paid")]
    public long? FeesPaid { get; set; }

    /// <summary><c>resting_orders_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("resting_orders_count")]
    public long? RestingOrdersCount { get; set; }
}

/// <summary>Our exposure aggregated over one event.</summary>
public sealed class EventPositionWire
{
    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>total_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("total_cost_dollars")]
    public string? TotalCostDollars { get; set; }

    /// <summary><c>total_cost_shares_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("total_cost_shares_fp")]
    public string? TotalCostSharesFp { get; set; }

    /// <summary><c>event_exposure_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("event_exposure_dollars")]
    public string? EventExposureDollars { get; set; }

    /// <summary><c>realized_pnl_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("realized_pnl_dollars")]
    public string? RealizedPnlDollars { get; set; }

    /// <summary><c>fees_paid_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fees_paid_dollars")]
    public string? FeesPaidDollars { get; set; }

    /// <summary><c>total_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("total_cost")]
    public long? TotalCost { get; set; }

    /// <summary><c>total_cost_shares</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("total_cost_shares")]
    public long? TotalCostShares { get; set; }

    /// <summary><c>event_exposure</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("event_exposure")]
    public long? EventExposure { get; set; }

    /// <summary><c>realized_pnl</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("realized_pnl")]
    public long? RealizedPnl { get; set; }

    /// <summary><c>fees_paid</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("fees_paid")]
    public long? FeesPaid { get; set; }
}

/// <summary>Body of <c>GET /portfolio/positions</c>.</summary>
public sealed class GetPositionsResponse
{
    /// <summary><c>market_positions</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_positions")]
    public List<MarketPositionWire>? MarketPositions { get; set; }

    /// <summary><c>event_positions</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_positions")]
    public List<EventPositionWire>? EventPositions { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}

/// <summary>Balance on one exchange shard.</summary>
public sealed class BalanceBreakdownWire
{
    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>balance</c> as the exchange sends it.</summary>
    [JsonPropertyName("balance")]
    public string? Balance { get; set; }
}

/// <summary>Body of <c>GET /portfolio/balance</c>; balance and portfolio_value stay integer cents.</summary>
public sealed class GetBalanceResponse
{
    /// <summary><c>balance</c> as the exchange sends it.</summary>
    [JsonPropertyName("balance")]
    public long? Balance { get; set; }

    /// <summary><c>balance_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("balance_dollars")]
    public string? BalanceDollars { get; set; }

    /// <summary><c>portfolio_value</c> as the exchange sends it.</summary>
    [JsonPropertyName("portfolio_value")]
    public long? PortfolioValue { get; set; }

    /// <summary><c>updated_ts</c> as the exchange sends it.</summary>
    [JsonPropertyName("updated_ts")]
    public long? UpdatedTs { get; set; }

    /// <summary><c>balance_breakdown</c> as the exchange sends it.</summary>
    [JsonPropertyName("balance_breakdown")]
    public List<BalanceBreakdownWire>? BalanceBreakdown { get; set; }
}

/// <summary>One settled position (<c>GET /portfolio/settlements</c>); revenue and value are integer cents.</summary>
public sealed class SettlementWire
{
    /// <summary><c>ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("ticker")]
    public string? Ticker { get; set; }

    /// <summary><c>event_ticker</c> as the exchange sends it.</summary>
    [JsonPropertyName("event_ticker")]
    public string? EventTicker { get; set; }

    /// <summary><c>exchange_index</c> as the exchange sends it.</summary>
    [JsonPropertyName("exchange_index")]
    public long? ExchangeIndex { get; set; }

    /// <summary><c>market_result</c> as the exchange sends it.</summary>
    [JsonPropertyName("market_result")]
    public string? MarketResult { get; set; }

    /// <summary><c>yes_count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("yes_count_fp")]
    public string? YesCountFp { get; set; }

    /// <summary><c>yes_total_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("yes_total_cost_dollars")]
    public string? YesTotalCostDollars { get; set; }

    /// <summary><c>no_count_fp</c>: fixed-point contract count string, e.g. "10.00".</summary>
    [JsonPropertyName("no_count_fp")]
    public string? NoCountFp { get; set; }

    /// <summary><c>no_total_cost_dollars</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("no_total_cost_dollars")]
    public string? NoTotalCostDollars { get; set; }

    /// <summary><c>revenue</c> as the exchange sends it.</summary>
    [JsonPropertyName("revenue")]
    public long? Revenue { get; set; }

    /// <summary><c>settled_time</c>: RFC 3339 timestamp.</summary>
    [JsonPropertyName("settled_time")]
    public string? SettledTime { get; set; }

    /// <summary><c>fee_cost</c>: fixed-point dollar string, e.g. "0.5600".</summary>
    [JsonPropertyName("fee_cost")]
    public string? FeeCost { get; set; }

    /// <summary><c>value</c> as the exchange sends it.</summary>
    [JsonPropertyName("value")]
    public long? Value { get; set; }

    /// <summary><c>yes_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_count")]
    public long? YesCount { get; set; }

    /// <summary><c>yes_total_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("yes_total_cost")]
    public long? YesTotalCost { get; set; }

    /// <summary><c>no_count</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_count")]
    public long? NoCount { get; set; }

    /// <summary><c>no_total_cost</c>: legacy integer (cents, whole contracts or centi-cents) from recordings before 2026-03-12.</summary>
    [JsonPropertyName("no_total_cost")]
    public long? NoTotalCost { get; set; }
}

/// <summary>Body of <c>GET /portfolio/settlements</c>.</summary>
public sealed class GetSettlementsResponse
{
    /// <summary><c>settlements</c> as the exchange sends it.</summary>
    [JsonPropertyName("settlements")]
    public List<SettlementWire>? Settlements { get; set; }

    /// <summary><c>cursor</c> as the exchange sends it.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }
}
