using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio.Json;
using KalshiActors.Portfolio.Ledger;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio;

/// <summary>A fill was booked into the portfolio (from the event stream or caught up from the journal's "fill" tag).</summary>
/// <param name="TradeId">The exchange's unique id of the fill; a second fill with the same id is never booked.</param>
/// <param name="ClientOrderId">The order it belongs to.</param>
/// <param name="Ticker">The market.</param>
/// <param name="StrategyId">The strategy whose order filled.</param>
/// <param name="Side">The leg traded.</param>
/// <param name="Action">Bought or sold.</param>
/// <param name="Price">The leg price.</param>
/// <param name="Count">Contracts filled.</param>
/// <param name="Fee">The exchange's fee for the fill.</param>
/// <param name="IsTaker">Whether the fill took liquidity.</param>
/// <param name="CaughtUp">True when found in the journal rather than received live (a crash sat between the router and us).</param>
/// <param name="At">When the fill happened.</param>
public sealed record FillBooked(
    string TradeId,
    ClientOrderId ClientOrderId,
    MarketTicker Ticker,
    string StrategyId,
    Side Side,
    Action Action,
    Price Price,
    Quantity Count,
    Money Fee,
    bool IsTaker,
    bool CaughtUp,
    DateTimeOffset At);

/// <summary>A market settled and its position was paid (<see cref="SettlementValue"/> per YES contract; early when before close).</summary>
public sealed record SettlementBooked(MarketTicker Ticker, Price SettlementValue, bool Early, DateTimeOffset At);

/// <summary>Cash was put in (starting cash from settings, or the exchange's balance in live mode); negative withdraws.</summary>
public sealed record CashDeposited([property: JsonConverter(typeof(MicroDollarsJsonConverter))] long AmountMicros, string Reason, DateTimeOffset At);

/// <summary>A trading day started; its P&amp;L counts from <see cref="OpeningEquityMicros"/>, taken when <see cref="OpeningDepositsMicros"/> had been deposited.</summary>
public sealed record TradingDayStarted(
    DateOnly Day,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long OpeningEquityMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long OpeningDepositsMicros,
    DateTimeOffset At);

/// <summary>A point of the equity curve (marked figures at that moment; the peak is restored from the latest one).</summary>
public sealed record EquitySnapshotTaken(
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long CashMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long EquityMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long PeakEquityMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long RealizedMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long UnrealizedMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long FeesMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long DailyPnlMicros,
    int OpenPositions,
    DateTimeOffset At);

/// <summary>Our position in a market differs from the exchange's (signed: YES positive, NO negative); published as an AlertRaised.</summary>
public sealed record PositionDiscrepancyFound(MarketTicker Ticker, Quantity Ours, Quantity Exchange, DateTimeOffset At);

/// <summary>The portfolio's state for fast recovery: the ledger, the trade ids already booked, and whether starting cash was booked.</summary>
public sealed record PortfolioSnapshot(LedgerState Ledger, IReadOnlyList<string> BookedTradeIds, bool CashInitialized);

/// <summary>Source-generated JSON contracts of the portfolio's events and snapshot.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FillBooked))]
[JsonSerializable(typeof(SettlementBooked))]
[JsonSerializable(typeof(CashDeposited))]
[JsonSerializable(typeof(TradingDayStarted))]
[JsonSerializable(typeof(EquitySnapshotTaken))]
[JsonSerializable(typeof(PositionDiscrepancyFound))]
[JsonSerializable(typeof(PortfolioSnapshot))]
public sealed partial class PortfolioJsonContext : JsonSerializerContext
{
}

/// <summary>The manifests the portfolio owns.</summary>
public static class PortfolioEvents
{
    // Its most frequent event read by hand (RecordJsonConverter): same bytes written, same outcomes read.
    private static readonly JsonTypeInfo<FillBooked> FillBookedContract =
        new FillBookedJsonConverter(PortfolioJsonContext.Default.FillBooked).CreateTypeInfo();

    /// <summary>Registers every portfolio event and snapshot manifest.</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("FillBooked.v1", FillBookedContract)
            .Register("SettlementBooked.v1", PortfolioJsonContext.Default.SettlementBooked)
            .Register("CashDeposited.v1", PortfolioJsonContext.Default.CashDeposited)
            .Register("PortfolioTradingDayStarted.v1", PortfolioJsonContext.Default.TradingDayStarted)
            .Register("EquitySnapshotTaken.v1", PortfolioJsonContext.Default.EquitySnapshotTaken)
            .Register("PositionDiscrepancyFound.v1", PortfolioJsonContext.Default.PositionDiscrepancyFound)
            .Register("PortfolioSnapshot.v1", PortfolioJsonContext.Default.PortfolioSnapshot);
    }
}
