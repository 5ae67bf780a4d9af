using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Markets.Tests.Scanner;

/// <summary>A scan source serving a fixed market set in pages, with scripted price histories and last trades; it counts every call.</summary>
internal sealed class ScriptedScanSource : IMarketScanSource
{
    private readonly Lock _lock = new();
    private List<MarketListing> _listings = [];

    public int PageSize { get; init; } = 3;

    public Dictionary<MarketTicker, List<PricePoint>> Histories { get; } = [];

    public Dictionary<MarketTicker, DateTimeOffset> LastTrades { get; } = [];

    public Exception? FailListingWith { get; set; }

    public int PageCalls { get; private set; }

    public int HistoryCalls { get; private set; }

    public int TradeCalls { get; private set; }

    public void Set(params MarketListing[] listings)
    {
        lock (_lock)
        {
            _listings = [.. listings];
        }
    }

    public Task<MarketListingPage> GetOpenMarketsPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            PageCalls++;
            if (FailListingWith is { } failure)
            {
                return Task.FromException<MarketListingPage>(failure);
            }

            var start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var page = _listings.Skip(start).Take(PageSize).ToList();
            var next = start + PageSize < _listings.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new MarketListingPage(page, next));
        }
    }

    public Task<IReadOnlyList<PricePoint>> GetPriceHistoryAsync(MarketTicker ticker, SeriesTicker series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            HistoryCalls++;
            return Task.FromResult<IReadOnlyList<PricePoint>>(Histories.TryGetValue(ticker, out var points) ? [.. points] : []);
        }
    }

    public Task<DateTimeOffset?> GetLastTradeTimeAsync(MarketTicker ticker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            TradeCalls++;
            return Task.FromResult(LastTrades.TryGetValue(ticker, out var at) ? at : (DateTimeOffset?)null);
        }
    }
}

/// <summary>Listings for the scanner specs; prices in dollars as text so the fixture reads like the exchange's.</summary>
internal static class ScanListings
{
    public static readonly DateTimeOffset Now = TestMarkets.Start;

    public static MarketListing Listing(
        string ticker,
        string? bid,
        string? ask,
        string? last = null,
        string volume24h = "1000",
        string openInterest = "500",
        string bidSize = "100",
        string askSize = "100",
        TimeSpan? closesIn = null,
        string? previous = null) => new(
            new MarketTicker(ticker),
            new EventTicker(ticker[..ticker.LastIndexOf('-')]),
            new SeriesTicker(ticker[..ticker.IndexOf('-', StringComparison.Ordinal)]),
            "Title of " + ticker,
            Now.AddDays(-10),
            Now + (closesIn ?? TimeSpan.FromDays(2)),
            bid is null ? null : Price.ParseDollars(bid),
            bid is null ? Quantity.Zero : Quantity.Parse(bidSize),
            ask is null ? null : Price.ParseDollars(ask),
            ask is null ? Quantity.Zero : Quantity.Parse(askSize),
            last is null ? null : Price.ParseDollars(last),
            previous is null ? null : Price.ParseDollars(previous),
            Quantity.Parse(volume24h),
            Quantity.Parse(openInterest));

    public static List<PricePoint> History(params (TimeSpan Ago, string Price)[] points) =>
        [.. points.OrderByDescending(p => p.Ago).Select(p => new PricePoint(Now - p.Ago, Price.ParseDollars(p.Price)))];
}
