using KalshiActors.Domain;

namespace KalshiActors.Markets.Books;

/// <summary>
/// How healthy a book's feed was over one window (persisted by the order-book actor and published): messages applied,
/// sequence gaps, resynchronisations, crossed books and silences seen, and the age of exchange-stamped messages on
/// arrival (p50/p99 in microseconds; null when no message carried an exchange time).
/// </summary>
public sealed record BookQualityRecorded(
    MarketTicker Ticker,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Messages,
    int Gaps,
    int Resyncs,
    int Crossings,
    int Silences,
    long? MessageAgeP50Micros,
    long? MessageAgeP99Micros);

/// <summary>Snapshot of an order-book actor's journal counters, so recovery does not replay every quality record.</summary>
internal sealed record OrderBookJournalState(long TotalGaps, long TotalResyncs);
