namespace KalshiActors.Domain;

/// <summary>Which leg of a binary contract: YES pays $1 if the event happens, NO pays $1 if it does not.</summary>
public enum Side
{
    /// <summary>The YES leg.</summary>
    Yes,

    /// <summary>The NO leg.</summary>
    No,
}

/// <summary>Whether an order acquires or disposes of contracts of its <see cref="Side"/>.</summary>
public enum Action
{
    /// <summary>Acquire contracts.</summary>
    Buy,

    /// <summary>Dispose of contracts.</summary>
    Sell,
}

/// <summary>The side of the YES book an order rests on, the V2 order vocabulary: bid = buy YES, ask = sell YES (= buy NO).</summary>
public enum BookSide
{
    /// <summary>Buy YES at the YES price.</summary>
    Bid,

    /// <summary>Sell YES at the YES price (economically buy NO at 1 - price).</summary>
    Ask,
}

/// <summary>How long an order may rest.</summary>
public enum TimeInForce
{
    /// <summary>Rests until filled or canceled (or until its expiration time, if given).</summary>
    GoodTillCanceled,

    /// <summary>Fills what it can at once and cancels the rest.</summary>
    ImmediateOrCancel,

    /// <summary>Fills completely at once or not at all.</summary>
    FillOrKill,
}

/// <summary>What the exchange does when an order would trade against the same member's resting order.</summary>
public enum SelfTradePrevention
{
    /// <summary>Cancel the incoming order at the self-cross; earlier partial fills stand.</summary>
    TakerAtCross,

    /// <summary>Cancel the resting order and keep matching.</summary>
    Maker,
}

/// <summary>Conversions between the legacy (side, action) vocabulary and the V2 YES-book vocabulary.</summary>
public static class OrderDirection
{
    /// <summary>Buy YES / sell NO rest on the YES bid; buy NO / sell YES on the YES ask.</summary>
    public static BookSide ToBookSide(Side side, Action action) =>
        (side, action) switch
        {
            (Side.Yes, Action.Buy) or (Side.No, Action.Sell) => BookSide.Bid,
            _ => BookSide.Ask,
        };

    /// <summary>The YES price for an order stated on <paramref name="side"/> at <paramref name="legPrice"/>: NO prices become 1 - price.</summary>
    public static Price ToYesPrice(Side side, Price legPrice) => side == Side.Yes ? legPrice : legPrice.Complement;
}
