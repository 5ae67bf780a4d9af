using KalshiActors.Domain;

namespace KalshiActors.Markets.Books;

/// <summary>An order book asks its feed for a fresh snapshot of its market (after a gap, a crossed book or silence).</summary>
internal sealed record RequestBookSnapshot(MarketTicker Ticker, string Reason);
