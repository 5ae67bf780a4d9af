using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Exchange.Http;

/// <summary>
/// The market catalog from the exchange's REST API: open markets (all pages), their events (mutual exclusivity, series)
/// and series (category, fee type and multiplier), with <c>price_ranges</c> as the tick grid. Events and series are
/// fetched once per distinct ticker per call and cached for the source's lifetime (they rarely change; fee overrides
/// arrive as lifecycle events). The underlying of a market comes from its series via a prefix map (e.g. KXBTC → BTC).
/// </summary>
public sealed class KalshiMarketCatalogSource : IMarketCatalogSource
{
    /// <summary>Series prefixes of the exchange's crypto products and the spot underlying each tracks.</summary>
    public static IReadOnlyDictionary<string, string> DefaultUnderlyings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["KXBTC"] = "BTC",
        ["KXETH"] = "ETH",
        ["KXSOL"] = "SOL",
        ["KXXRP"] = "XRP",
        ["KXDOGE"] = "DOGE",
    };

    private readonly KalshiRestClient _client;
    private readonly IReadOnlyDictionary<string, string> _underlyings;
    private readonly Dictionary<string, EventWire> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesWire> _series = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _cacheLock = new(1, 1);

    /// <summary>Creates the source over <paramref name="client"/>; <paramref name="underlyingsBySeriesPrefix"/> defaults to <see cref="DefaultUnderlyings"/>.</summary>
    public KalshiMarketCatalogSource(KalshiRestClient client, IReadOnlyDictionary<string, string>? underlyingsBySeriesPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _underlyings = underlyingsBySeriesPrefix ?? DefaultUnderlyings;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken)
    {
        var markets = new List<MarketInfo>();
        await foreach (var market in _client.GetMarketsAsync(new MarketsQuery { Status = "open" }, cancellationToken).ConfigureAwait(false))
        {
            markets.Add(await DescribeAsync(market, cancellationToken).ConfigureAwait(false));
        }

        return markets;
    }

    /// <inheritdoc />
    public async Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetMarketAsync(ticker.Value, cancellationToken).ConfigureAwait(false);
            return response.Market is { } market ? await DescribeAsync(market, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (KalshiApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>The catalog state of a REST <c>status</c> (both the object's words and the filter's); unknown words are treated as closed, never as tradable.</summary>
    public static MarketState StateOf(string? status) => status switch
    {
        "initialized" or "unopened" => MarketState.Initialized,
        "active" or "open" => MarketState.Active,
        "inactive" or "paused" => MarketState.Paused,
        "determined" or "disputed" or "amended" => MarketState.Determined,
        "finalized" or "settled" => MarketState.Settled,
        _ => MarketState.Closed,
    };

    /// <summary>The fee type of a series' <c>fee_type</c>.</summary>
    public static FeeType FeeTypeOf(string? feeType) => feeType switch
    {
        null or "" or "quadratic" => FeeType.Quadratic,
        "quadratic_with_maker_fees" => FeeType.QuadraticWithMakerFees,
        "quadratic_with_combo_maker_fees" => FeeType.QuadraticWithComboMakerFees,
        "flat" => FeeType.Flat,
        _ => throw new InvalidFieldValueException("fee_type", feeType, "quadratic, quadratic_with_maker_fees, quadratic_with_combo_maker_fees or flat"),
    };

    private async Task<MarketInfo> DescribeAsync(MarketWire market, CancellationToken cancellationToken)
    {
        var ticker = new MarketTicker(market.Ticker ?? throw new InvalidFieldValueException("market.ticker", "null", "a market ticker"));
        var eventTicker = market.EventTicker ?? throw new InvalidFieldValueException("market.event_ticker", "null", "an event ticker");
        var @event = await EventAsync(eventTicker, cancellationToken).ConfigureAwait(false);
        var seriesTicker = @event?.SeriesTicker ?? eventTicker.Split('-')[0];
        var series = await SeriesAsync(seriesTicker, cancellationToken).ConfigureAwait(false);
        var multiplier = series?.FeeMultiplier ?? 1m;
        return new MarketInfo(
            ticker,
            new EventTicker(eventTicker),
            new SeriesTicker(seriesTicker),
            market.Title ?? @event?.Title ?? ticker.Value,
            series?.Category ?? string.Empty,
            StateOf(market.Status),
            WireMapping.FromRfc3339(market.OpenTime, "market.open_time"),
            WireMapping.FromRfc3339(market.CloseTime, "market.close_time"),
            WireMapping.ToDomain(market.PriceRanges) ?? TickStructure.LinearCent,
            new SeriesFeeParameters(FeeTypeOf(series?.FeeType), (long)Math.Round(multiplier * SeriesFeeParameters.MultiplierUnitsPerOne, MidpointRounding.AwayFromZero)),
            market.FloorStrike,
            market.CapStrike,
            UnderlyingOf(seriesTicker),
            @event?.MutuallyExclusive ?? false);
    }

    private string? UnderlyingOf(string seriesTicker)
    {
        // Longest matching prefix wins, so KXBTCD and KXBTC15M both map through KXBTC unless configured apart.
        string? best = null;
        var bestLength = -1;
        foreach (var (prefix, underlying) in _underlyings)
        {
            if (seriesTicker.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > bestLength)
            {
                best = underlying;
                bestLength = prefix.Length;
            }
        }

        return best;
    }

    private Task<EventWire?> EventAsync(string eventTicker, CancellationToken cancellationToken) =>
        CachedAsync(_events, eventTicker, async ct => (await _client.GetEventAsync(eventTicker, ct).ConfigureAwait(false)).Event, cancellationToken);

    private Task<SeriesWire?> SeriesAsync(string seriesTicker, CancellationToken cancellationToken) =>
        CachedAsync(_series, seriesTicker, async ct => (await _client.GetSeriesAsync(seriesTicker, ct).ConfigureAwait(false)).Series, cancellationToken);

    private async Task<T?> CachedAsync<T>(Dictionary<string, T> cache, string key, Func<CancellationToken, Task<T?>> fetch, CancellationToken cancellationToken)
        where T : class
    {
        await _cacheLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (cache.TryGetValue(key, out var known))
            {
                return known;
            }

            T? fetched;
            try
            {
                fetched = await fetch(cancellationToken).ConfigureAwait(false);
            }
            catch (KalshiApiException e) when (e.StatusCode == 404)
            {
                fetched = null;
            }

            if (fetched is not null)
            {
                cache[key] = fetched;
            }

            return fetched;
        }
        finally
        {
            _cacheLock.Release();
        }
    }
}
