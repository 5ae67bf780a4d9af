using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>
/// The dashboard bridge's book-update subscription filter: keeps every market's latest book for the API and lets through
/// to the bridge only the updates it acts on.
/// </summary>
/// <remarks>
/// It runs on the publishing book actor's thread (one book publishes a market's updates, one at a time). While clients
/// are connected every update goes through, since each is pushed to them; otherwise a market's first update, the first
/// after a change of status and the first a chart spacing after the last one let through, which is all the chart and
/// the status need. Taking every update cost the bridge a turn per delta, and the book's thread a queued work item, with
/// nobody watching.
/// </remarks>
internal sealed class DashboardBookFilter(Func<bool> hasClients, TimeSpan chartSpacing)
{
    private readonly ConcurrentDictionary<MarketTicker, BookUpdated> _latest = new();
    private readonly ConcurrentDictionary<MarketTicker, (DateTimeOffset At, BookStatus Status)> _letThrough = new();

    /// <summary>Each market's latest book, whether or not it was let through.</summary>
    public IReadOnlyDictionary<MarketTicker, BookUpdated> Latest => _latest;

    /// <summary>Records <paramref name="book"/> as its market's latest; whether the bridge takes it.</summary>
    public bool Takes(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        _latest[book.Ticker] = book;
        if (!hasClients()
            && _letThrough.TryGetValue(book.Ticker, out var last)
            && last.Status == book.Status
            && book.ReceivedAt - last.At < chartSpacing)
        {
            return false;
        }

        _letThrough[book.Ticker] = (book.ReceivedAt, book.Status);
        return true;
    }
}
