using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Exchange.Http;

/// <summary>
/// The scanner's view of the exchange's REST API: open markets from <c>GET /markets?status=open</c> one page at a time,
/// hourly candlesticks for price history and the newest trade of the public tape for the last trade time. Every call is
/// one request through <see cref="KalshiRestClient"/>, so its read-budget limiter paces the scan.
/// </summary>
public sealed class KalshiMarketScanSource : IMarketScanSource
{
    private const int HourMinutes = 60;

    private readonly KalshiRestClient _client;

    /// <summary>Creates the source over <paramref name="client"/>.</summary>
    public KalshiMarketScanSource(KalshiRestClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public async Task<MarketListingPage> GetOpenMarketsPageAsync(string? cursor, CancellationToken cancellationToken)
    {
        var response = await _client.GetMarketsPageAsync(new MarketsQuery { Status = "open" }, cursor, cancellationToken).ConfigureAwait(false);
        var markets = (response.Markets ?? []).Select(ToListing).ToList();
        return new MarketListingPage(markets, string.IsNullOrEmpty(response.Cursor) ? null : response.Cursor);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PricePoint>> GetPriceHistoryAsync(
        MarketTicker ticker, SeriesTicker series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var response = await _client.GetMarketCandlesticksAsync(
            series.Value, ticker.Value, from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds(), HourMinutes, includeLatestBeforeStart: true, cancellationToken).ConfigureAwait(false);
        var points = new List<PricePoint>();
        foreach (var candle in response.Candlesticks ?? [])
        {
            // A period without trades carries no close: it says nothing about the traded price.
            if (candle.EndPeriodTs is { } end && WireMapping.PriceOf(candle.Price?.CloseDollars, candle.Price?.Close, "candlestick.price.close") is { } close)
            {
                points.Add(new PricePoint(DateTimeOffset.FromUnixTimeSeconds(end), close));
            }
        }

        return [.. points.OrderBy(p => p.At)];
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetLastTradeTimeAsync(MarketTicker ticker, CancellationToken cancellationToken)
    {
        var response = await _client.GetTradesPageAsync(new PortfolioQuery { Ticker = ticker.Value }, null, 1, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? latest = null;
        foreach (var trade in response.Trades ?? [])
        {
            if (WireMapping.FromRfc3339(trade.CreatedTime, "trade.created_time") is { } at && (latest is null || at > latest))
            {
                latest = at;
            }
        }

        return latest;
    }

    /// <summary>The listing row of a <c>GET /markets</c> market; zero prices (the exchange's "none") become null.</summary>
    public static MarketListing ToListing(MarketWire market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var ticker = market.Ticker ?? throw new InvalidFieldValueException("market.ticker", "null", "a market ticker");
        var eventTicker = market.EventTicker ?? throw new InvalidFieldValueException("market.event_ticker", "null", "an event ticker");
        var bid = Traded(WireMapping.PriceOf(market.YesBidDollars, market.YesBid, "market.yes_bid_dollars"));
        var ask = WireMapping.PriceOf(market.YesAskDollars, market.YesAsk, "market.yes_ask_dollars");

        // An empty ask side is shown as $1 (nothing to buy below it).
        ask = ask is { } a && a.Units > 0 && a.Units < Price.UnitsPerDollar ? a : null;
        return new MarketListing(
            new MarketTicker(ticker),
            new EventTicker(eventTicker),
            new SeriesTicker(eventTicker.Split('-')[0]),
            market.Title ?? ticker,
            WireMapping.FromRfc3339(market.OpenTime, "market.open_time"),
            WireMapping.FromRfc3339(market.CloseTime, "market.close_time"),
            bid,
            bid is null ? Quantity.Zero : WireMapping.QuantityOf(market.YesBidSizeFp, null, "market.yes_bid_size_fp") ?? Quantity.Zero,
            ask,
            ask is null ? Quantity.Zero : WireMapping.QuantityOf(market.YesAskSizeFp, null, "market.yes_ask_size_fp") ?? Quantity.Zero,
            Traded(WireMapping.PriceOf(market.LastPriceDollars, market.LastPrice, "market.last_price_dollars")),
            Traded(WireMapping.PriceOf(market.PreviousPriceDollars, market.PreviousPrice, "market.previous_price_dollars")),
            WireMapping.QuantityOf(market.Volume24hFp, market.Volume24h, "market.volume_24h_fp") ?? Quantity.Zero,
            WireMapping.QuantityOf(market.OpenInterestFp, market.OpenInterest, "market.open_interest_fp") ?? Quantity.Zero);
    }

    private static Price? Traded(Price? price) => price is { Units: > 0 } p ? p : null;
}
