using KalshiActors.Domain;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Ledger;

/// <summary>Cash, positions, open orders and history of one account (a client API key or a synthetic participant).</summary>
internal sealed class SimAccount(string id, long balanceMicros, bool unlimited)
{
    /// <summary>Account id; the exchange's `user_id`.</summary>
    public string Id { get; } = id;

    /// <summary>Cash in micro-dollars, after fees; settlements add to it.</summary>
    public long BalanceMicros { get; set; } = balanceMicros;

    /// <summary>Synthetic participants trade without collateral checks.</summary>
    public bool Unlimited { get; } = unlimited;

    /// <summary>Unsettled positions by market ticker.</summary>
    public Dictionary<string, SimPosition> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>Orders that still rest, by order id; their cost is reserved from the balance.</summary>
    public Dictionary<string, SimOrder> OpenOrders { get; } = new(StringComparer.Ordinal);

    /// <summary>Every order the account ever sent, oldest first.</summary>
    public List<SimOrder> Orders { get; } = [];

    /// <summary>Every fill, oldest first.</summary>
    public List<FillRecord> Fills { get; } = [];

    /// <summary>Every settlement, oldest first.</summary>
    public List<SettlementRecord> Settlements { get; } = [];

    /// <summary>Money held back for resting orders: each order's own-leg price times its remaining size.</summary>
    public long ReservedMicros => OpenOrders.Values.Sum(o => Units.Cost(o.OwnLegPrice, o.RemainingQuantity));

    /// <summary>Balance free for new orders.</summary>
    public long AvailableMicros => BalanceMicros - ReservedMicros;

    /// <summary>The account's position in a market, created flat on first use.</summary>
    public SimPosition PositionIn(string ticker, string eventTicker)
    {
        if (!Positions.TryGetValue(ticker, out var position))
        {
            position = new SimPosition(ticker, eventTicker);
            Positions[ticker] = position;
        }

        return position;
    }

    /// <summary>
    /// Books a fill for this account: buying YES first closes a NO position (releasing $1 per closed pair, so it
    /// receives 1 - p), then opens YES at p; selling YES mirrors that. Fees come off cash.
    /// </summary>
    public void ApplyFill(SimPosition position, BookSide side, int yesPrice, long quantity, long fee)
    {
        var signed = side == BookSide.Bid ? quantity : -quantity;
        var held = position.Position;
        var closing = side == BookSide.Bid ? Math.Min(quantity, Math.Max(0, -held)) : Math.Min(quantity, Math.Max(0, held));
        var opening = quantity - closing;
        var ownLegPrice = side == BookSide.Bid ? yesPrice : Units.PriceScale - yesPrice;
        var closeProceedsPrice = Units.PriceScale - ownLegPrice;
        if (closing > 0)
        {
            var proceeds = Units.Cost(closeProceedsPrice, closing);
            var basis = closing == Math.Abs(held)
                ? position.CostMicros
                : (long)((Int128)position.CostMicros * closing / Math.Abs(held));
            position.CostMicros -= basis;
            position.RealizedPnlMicros += proceeds - basis;
            BalanceMicros += proceeds;
        }

        if (opening > 0)
        {
            var cost = Units.Cost(ownLegPrice, opening);
            position.CostMicros += cost;
            BalanceMicros -= cost;
        }

        position.Position += signed;
        position.FeesPaidMicros += fee;
        position.VolumeQuantity += quantity;
        position.TotalTradedMicros += Units.Cost(ownLegPrice, quantity);
        BalanceMicros -= fee;
    }
}

/// <summary>An account's holding in one market: positive = YES contracts, negative = NO contracts (1/100 contract).</summary>
internal sealed class SimPosition(string ticker, string eventTicker)
{
    /// <summary>Market ticker.</summary>
    public string Ticker { get; } = ticker;

    /// <summary>Event ticker.</summary>
    public string EventTicker { get; } = eventTicker;

    /// <summary>Signed contracts held.</summary>
    public long Position { get; set; }

    /// <summary>What the current position cost (its own leg), micro-dollars.</summary>
    public long CostMicros { get; set; }

    /// <summary>Profit realised by closing, micro-dollars.</summary>
    public long RealizedPnlMicros { get; set; }

    /// <summary>Trading fees paid in this market, micro-dollars.</summary>
    public long FeesPaidMicros { get; set; }

    /// <summary>Contracts traded in this market.</summary>
    public long VolumeQuantity { get; set; }

    /// <summary>Money traded in this market, micro-dollars.</summary>
    public long TotalTradedMicros { get; set; }

    /// <summary>Last change.</summary>
    public DateTimeOffset LastUpdated { get; set; }
}

/// <summary>One side of a trade as the account that took part sees it (REST fills, WS fill).</summary>
internal sealed record FillRecord(
    string TradeId,
    string OrderId,
    string? ClientOrderId,
    string Ticker,
    int ExchangeIndex,
    BookSide Side,
    int YesPrice,
    long Quantity,
    bool IsTaker,
    long FeeMicros,
    long PostPosition,
    int Subaccount,
    DateTimeOffset Time);

/// <summary>The payout of a settled market to one account (REST settlements).</summary>
internal sealed record SettlementRecord(
    string Ticker,
    string EventTicker,
    int ExchangeIndex,
    string Result,
    long YesCount,
    long YesTotalCostMicros,
    long NoCount,
    long NoTotalCostMicros,
    long RevenueCents,
    long FeeMicros,
    int? ValueCents,
    DateTimeOffset SettledTime);
