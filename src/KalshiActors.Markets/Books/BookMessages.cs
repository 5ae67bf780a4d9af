using KalshiActors.Domain;

namespace KalshiActors.Markets.Books;

/// <summary>An order book asks its feed for a fresh snapshot of its market (after a gap, a crossed book or silence).</summary>
internal sealed record RequestBookSnapshot(MarketTicker Ticker, string Reason);

/// <summary>The market stopped trading: the book publishes its last update, as <see cref="Domain.Protocol.BookStatus.Closed"/>, and stops.</summary>
internal sealed record RetireBook(string Reason);

/// <summary>
/// Cluster mode: the node no longer holds the market's shard. The book publishes its last update, as
/// <see cref="Domain.Protocol.BookStatus.HandedOff"/>, and stops without writing: its stream is the new owner's now.
/// </summary>
internal sealed record HandOffBook(string Reason);

/// <summary>A book tells its parent it retired (before it stops), so the parent routes nothing more to its market.</summary>
internal sealed record BookRetired(MarketTicker Ticker);
