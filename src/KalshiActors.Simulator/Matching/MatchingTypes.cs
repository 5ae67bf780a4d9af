using KalshiActors.Domain;
namespace KalshiActors.Simulator.Matching;

/// <summary>The exchange's order status words.</summary>
internal enum OrderStatus
{
    Resting,
    Canceled,
    Executed,
}

/// <summary>Why an order request was refused; the REST layer turns these into the exchange's error codes.</summary>
internal enum OrderRejectReason
{
    None,
    InvalidOrder,
    InvalidOrderSize,
    InvalidPrice,
    PostOnlyCross,
    ReduceOnlyNoPosition,
    InsufficientBalance,
    MarketInactive,
    OrderNotFound,
    OrderSideMismatch,
    OrderTickerMismatch,
    FillOrKillInsufficientLiquidity,
    RejectedByFault,
}

/// <summary>Why a resting order left the book without filling (the exchange's cancel reasons).</summary>
internal enum CancelReason
{
    None,
    UserRequested,
    ImmediateOrCancelRemainder,
    FillOrKillUnfilled,
    SelfTradePrevention,
    Expired,
    MarketClosed,
}

/// <summary>Integer units the engine books in, matching the exchange's finest grid.</summary>
internal static class Units
{
    /// <summary>Price ticks per dollar: prices are in 1/10,000 dollar.</summary>
    public const int PriceScale = 10_000;

    /// <summary>Quantity units per contract: quantities are in 1/100 contract.</summary>
    public const long QuantityScale = 100;

    /// <summary>Ledger money units per dollar: price x quantity is exact in 1/1,000,000 dollar.</summary>
    public const long MicrosPerDollar = 1_000_000;

    /// <summary>Cost in micro-dollars of <paramref name="quantity"/> (1/100 contract) at <paramref name="price"/> (1/10,000 dollar).</summary>
    public static long Cost(int price, long quantity) => price * quantity;
}
