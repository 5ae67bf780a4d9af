using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>
/// The dashboard bridge's book-update subscription filter: keeps every market's latest book for the API and lets through
/// to the bridge only the updates it acts on.
/// </summary>
/// <remarks>
/// It runs on the publishing book actor's thread (one book publishes a market's updates, one at a time). The bridge does
/// two things with an update: it pushes it to connected clients, and it adds a chart point when the mid differs from the
/// market's last point and a chart spacing has passed since it. So every update goes through while clients are
/// connected, and otherwise only those that make a point, which this filter decides by the same rule (it sees every
/// update, so its last points are the bridge's). Taking every update cost the bridge a turn per delta, and the book's
/// thread a queued work item, with nobody watching.
/// </remarks>
internal sealed class DashboardBookFilter(Func<bool> hasClients, TimeSpan chartSpacing)
{
    private readonly ConcurrentDictionary<MarketTicker, BookUpdated> _latest = new();
    private readonly ConcurrentDictionary<MarketTicker, (DateTimeOffset At, Price Mid)> _points = new();

    /// <summary>Each market's latest book, whether or not it was let through.</summary>
    public IReadOnlyDictionary<MarketTicker, BookUpdated> Latest => _latest;

    /// <summary>
    /// The chart's rule: an update at <paramref name="at"/> adds a point if its market has none yet
    /// (<paramref name="lastAt"/> null), or if its mid differs from the last point's and <paramref name="spacing"/> has
    /// passed since that point.
    /// </summary>
    public static bool MakesPoint(DateTimeOffset? lastAt, bool midDiffers, DateTimeOffset at, TimeSpan spacing) =>
        lastAt is not { } last || (midDiffers && at - last >= spacing);

    /// <summary>Records <paramref name="book"/> as its market's latest; whether the bridge takes it.</summary>
    public bool Takes(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        _latest[book.Ticker] = book;
        if (book.Mid is { } mid)
        {
            var known = _points.TryGetValue(book.Ticker, out var last);
            if (MakesPoint(known ? last.At : null, known && last.Mid != mid, book.ReceivedAt, chartSpacing))
            {
                _points[book.Ticker] = (book.ReceivedAt, mid);
                return true;
            }
        }

        return hasClients();
    }
}
