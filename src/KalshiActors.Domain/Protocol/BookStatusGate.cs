using System.Collections.Concurrent;

namespace KalshiActors.Domain.Protocol;

/// <summary>
/// A book-update subscription filter for a subscriber that keeps only each book's status: it lets through a book's first
/// update and the first after each change of status, and declines the rest.
/// </summary>
/// <remarks>
/// The filter runs on the publishing book actor's thread and records there the status it last let through. One book actor
/// publishes a market's updates, one at a time, so a market's entry is never raced; a subscriber's fresh incarnation
/// takes a fresh gate and hears every book again. The subscriber must also take <see cref="BookStatusChanged"/>, which
/// carries a change the next update would repeat.
/// </remarks>
public sealed class BookStatusGate
{
    private readonly ConcurrentDictionary<MarketTicker, BookStatus> _letThrough = new();

    /// <summary>Whether <paramref name="book"/> is its market's first update or the first with a different status.</summary>
    public bool ChangesStatus(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (_letThrough.TryGetValue(book.Ticker, out var status) && status == book.Status)
        {
            return false;
        }

        _letThrough[book.Ticker] = book.Status;
        return true;
    }
}
