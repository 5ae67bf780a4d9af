using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Execution;

/// <summary>Reads a <see cref="BookUpdated"/> as the YES book's two sides: bids and asks, best first, in YES prices.</summary>
internal static class BookLevels
{
    /// <summary>Resting YES bids, best (highest) first.</summary>
    public static IReadOnlyList<BookLevel> Bids(BookUpdated book) => book.YesBids;

    /// <summary>
    /// Resting YES asks, best (lowest) first. The NO bids are converted to YES asks (1 − price) unless they already are in
    /// YES prices, which is recognised by their best level equalling the top's YES ask.
    /// </summary>
    public static IReadOnlyList<BookLevel> Asks(BookUpdated book)
    {
        var noBids = book.NoBids;
        if (noBids.Count == 0)
        {
            return noBids;
        }

        if (book.Top.YesAsk is { } ask && noBids[0].Price == ask && noBids[0].Price.Complement != ask)
        {
            return noBids;
        }

        var asks = new BookLevel[noBids.Count];
        for (var i = 0; i < noBids.Count; i++)
        {
            asks[i] = new BookLevel(noBids[i].Price.Complement, noBids[i].Size);
        }

        return asks;
    }

    /// <summary>The levels an order on <paramref name="side"/> queues in (bids for a bid, asks for an ask).</summary>
    public static IReadOnlyList<BookLevel> SameSide(BookUpdated book, BookSide side) => side == BookSide.Bid ? Bids(book) : Asks(book);

    /// <summary>The levels an order on <paramref name="side"/> would trade against.</summary>
    public static IReadOnlyList<BookLevel> OppositeSide(BookUpdated book, BookSide side) => side == BookSide.Bid ? Asks(book) : Bids(book);

    /// <summary>Visible size at exactly <paramref name="price"/> on a side (zero when no level there).</summary>
    public static Quantity SizeAt(IReadOnlyList<BookLevel> levels, Price price)
    {
        foreach (var level in levels)
        {
            if (level.Price == price)
            {
                return level.Size;
            }
        }

        return Quantity.Zero;
    }
}
