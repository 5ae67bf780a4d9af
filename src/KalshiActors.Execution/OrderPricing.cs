using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Execution;

/// <summary>Where orders are priced, on the YES book: maker quotes from the book, taker limits from the intent.</summary>
internal static class OrderPricing
{
    /// <summary>The YES-book limit of an intent's leg price (buy YES / sell NO become bids, the others asks).</summary>
    public static Price ToYes(Side side, Price legPrice) => OrderDirection.ToYesPrice(side, legPrice);

    /// <summary>The leg price of a YES-book price.</summary>
    public static Price ToLeg(Side side, Price yesPrice) => side == Side.Yes ? yesPrice : yesPrice.Complement;

    /// <summary>A taker's price: the limit itself, moved onto the grid in the direction that never pays more.</summary>
    public static Price? TakerPrice(BookSide side, Price yesLimit, TickStructure ticks) =>
        ticks.Snap(yesLimit, side == BookSide.Bid ? SnapDirection.Down : SnapDirection.Up);

    /// <summary>
    /// A post-only quote: the best price of the others on our side, one tick better when <paramref name="improve"/> and the
    /// spread allows it, never crossing the opposite best and never beyond the limit. Null when no valid price exists.
    /// </summary>
    /// <param name="othersBest">The best price on our side without our own order (null when the side is empty).</param>
    /// <param name="opposite">The best price on the other side (null when empty).</param>
    public static Price? MakerPrice(BookSide side, Price yesLimit, Price? othersBest, Price? opposite, TickStructure ticks, bool improve)
    {
        Price? candidate;
        if (side == BookSide.Bid)
        {
            candidate = othersBest is { } best
                ? (improve ? ticks.Snap(Price.FromUnits(best.Units + 1), SnapDirection.Up) ?? best : best)
                : yesLimit;
            if (opposite is { } ask && candidate >= ask)
            {
                candidate = othersBest is { } b && b < ask ? b : ticks.Snap(Price.FromUnits(ask.Units - 1), SnapDirection.Down);
            }

            if (candidate is null)
            {
                return null;
            }

            var capped = candidate.Value > yesLimit ? yesLimit : candidate.Value;
            var snapped = ticks.Snap(capped, SnapDirection.Down);
            return snapped is { Units: > 0 } ? snapped : null;
        }

        candidate = othersBest is { } bestAsk
            ? (improve ? ticks.Snap(Price.FromUnits(bestAsk.Units - 1), SnapDirection.Down) ?? bestAsk : bestAsk)
            : yesLimit;
        if (opposite is { } bid && candidate <= bid)
        {
            candidate = othersBest is { } a && a > bid ? a : ticks.Snap(Price.FromUnits(bid.Units + 1), SnapDirection.Up);
        }

        if (candidate is null)
        {
            return null;
        }

        var floored = candidate.Value < yesLimit ? yesLimit : candidate.Value;
        var up = ticks.Snap(floored, SnapDirection.Up);
        return up is { } p && p.Units < Price.UnitsPerDollar ? up : null;
    }

    /// <summary>
    /// The best price on <paramref name="side"/> of everyone but us: when the live book shows our own resting order at its
    /// top (and nothing more there), the next level is the others' best.
    /// </summary>
    public static Price? OthersBest(BookUpdated book, BookSide side, Price? ownPrice, Quantity ownResting, bool bookIncludesOwnOrders)
    {
        var levels = BookLevels.SameSide(book, side);
        foreach (var level in levels)
        {
            if (bookIncludesOwnOrders && ownPrice == level.Price && level.Size <= ownResting)
            {
                continue;
            }

            return level.Price;
        }

        // Depth may be empty while the top is known.
        var top = side == BookSide.Bid ? book.Top.YesBid : book.Top.YesAsk;
        var topSize = side == BookSide.Bid ? book.Top.YesBidSize : book.Top.YesAskSize;
        if (levels.Count == 0 && top is { } t && !(bookIncludesOwnOrders && ownPrice == t && topSize <= ownResting))
        {
            return t;
        }

        return null;
    }

    /// <summary>The best price on the side opposite <paramref name="side"/>.</summary>
    public static Price? Opposite(BookUpdated book, BookSide side) => side == BookSide.Bid ? book.Top.YesAsk : book.Top.YesBid;
}
