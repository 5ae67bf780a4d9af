namespace KalshiActors.Domain.Ports;

/// <summary>
/// One market's row in the exchange's listing of open markets (<c>GET /markets</c>): quotes, sizes at the top, activity
/// and timing. A side with nothing resting has a null price and zero size; <see cref="LastPrice"/> and
/// <see cref="PreviousPrice"/> are null when the market has not traded (then, a day ago).
/// </summary>
/// <param name="PreviousPrice">The last traded YES price a day ago, as the listing reports it (null when unknown).</param>
public sealed record MarketListing(
    MarketTicker Ticker,
    EventTicker EventTicker,
    SeriesTicker SeriesTicker,
    string Title,
    DateTimeOffset? OpenTime,
    DateTimeOffset? CloseTime,
    Price? YesBid,
    Quantity YesBidSize,
    Price? YesAsk,
    Quantity YesAskSize,
    Price? LastPrice,
    Price? PreviousPrice,
    Quantity Volume24h,
    Quantity OpenInterest);

/// <summary>One page of the open-market listing; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record MarketListingPage(IReadOnlyList<MarketListing> Markets, string? NextCursor);

/// <summary>The traded YES price at the end of one period (a candlestick's close).</summary>
public sealed record PricePoint(DateTimeOffset At, Price Price);

/// <summary>
/// What the market scanner reads from the exchange: the open markets page by page (so the caller can count and pace
/// requests), a market's recent price history and the time of its last trade. Each call is one REST request drawn from
/// the client's read budget.
/// </summary>
public interface IMarketScanSource
{
    /// <summary>One page of open markets; pass the previous page's cursor (null for the first page).</summary>
    Task<MarketListingPage> GetOpenMarketsPageAsync(string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Hourly closes of the traded price between <paramref name="from"/> and <paramref name="to"/>, oldest first, plus the
    /// latest close before <paramref name="from"/> when there is one (so a price "as of" the start is known); periods
    /// without trades have no point.
    /// </summary>
    Task<IReadOnlyList<PricePoint>> GetPriceHistoryAsync(
        MarketTicker ticker, SeriesTicker series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>When the market last traded; null when it never has.</summary>
    Task<DateTimeOffset?> GetLastTradeTimeAsync(MarketTicker ticker, CancellationToken cancellationToken);
}
