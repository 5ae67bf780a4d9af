using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The market catalog from the exchange's REST listing (the real exchange or the simulator, same client): open markets
/// with their event (mutual exclusivity), series (category, fee schedule) and tick grid, filtered to the node's markets.
/// </summary>
/// <param name="client">The REST client.</param>
/// <param name="trades">Whether the node trades a ticker.</param>
/// <param name="underlyingOf">The spot underlying's name for a series (what the spot feed reports it as).</param>
internal sealed class KalshiMarketCatalogSource(KalshiRestClient client, Func<string, bool> trades, Func<string, string> underlyingOf) : IMarketCatalogSource
{
    // Events and series change rarely; one read each per node lifetime is enough for grouping and fees.
    private readonly ConcurrentDictionary<string, EventWire?> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SeriesWire?> _series = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken)
    {
        var markets = new List<MarketInfo>();
        await foreach (var wire in client.GetMarketsAsync(new MarketsQuery { Status = "open" }, cancellationToken).ConfigureAwait(false))
        {
            if (wire.Ticker is { } ticker && trades(ticker))
            {
                markets.Add(await ToDomainAsync(wire, cancellationToken).ConfigureAwait(false));
            }
        }

        return markets;
    }

    public async Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetMarketAsync(ticker.Value, cancellationToken).ConfigureAwait(false);
            return response.Market is { } wire ? await ToDomainAsync(wire, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (KalshiApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    private async Task<MarketInfo> ToDomainAsync(MarketWire wire, CancellationToken cancellationToken)
    {
        var eventTicker = wire.EventTicker ?? wire.Ticker!;
        var @event = await EventAsync(eventTicker, cancellationToken).ConfigureAwait(false);
        var seriesTicker = @event?.SeriesTicker ?? SeriesOf(eventTicker);
        var series = await SeriesAsync(seriesTicker, cancellationToken).ConfigureAwait(false);
        var feeType = FeeTypeOf(@event?.FeeTypeOverride ?? series?.FeeType);
        var multiplier = @event?.FeeMultiplierOverride ?? series?.FeeMultiplier ?? 1m;
        return new MarketInfo(
            new MarketTicker(wire.Ticker!),
            new EventTicker(eventTicker),
            new SeriesTicker(seriesTicker),
            wire.Title ?? @event?.Title ?? wire.Ticker!,
            series?.Category ?? @event?.Category ?? "Unknown",
            StateOf(wire.Status),
            WireMapping.FromRfc3339(wire.OpenTime, "open_time"),
            WireMapping.FromRfc3339(wire.CloseTime, "close_time"),
            WireMapping.ToDomain(wire.PriceRanges) ?? TickStructure.LinearCent,
            new SeriesFeeParameters(feeType, (long)decimal.Round(multiplier * SeriesFeeParameters.MultiplierUnitsPerOne)),
            wire.FloorStrike,
            wire.CapStrike,
            wire.FloorStrike is null && wire.CapStrike is null ? null : underlyingOf(seriesTicker),
            @event?.MutuallyExclusive ?? false);
    }

    private async Task<EventWire?> EventAsync(string eventTicker, CancellationToken cancellationToken)
    {
        if (_events.TryGetValue(eventTicker, out var cached))
        {
            return cached;
        }

        EventWire? found;
        try
        {
            found = (await client.GetEventAsync(eventTicker, cancellationToken).ConfigureAwait(false)).Event;
        }
        catch (KalshiApiException e) when (e.StatusCode == 404)
        {
            found = null;
        }

        _events[eventTicker] = found;
        return found;
    }

    private async Task<SeriesWire?> SeriesAsync(string seriesTicker, CancellationToken cancellationToken)
    {
        if (_series.TryGetValue(seriesTicker, out var cached))
        {
            return cached;
        }

        SeriesWire? found;
        try
        {
            found = (await client.GetSeriesAsync(seriesTicker, cancellationToken).ConfigureAwait(false)).Series;
        }
        catch (KalshiApiException e) when (e.StatusCode == 404)
        {
            found = null;
        }

        _series[seriesTicker] = found;
        return found;
    }

    private static string SeriesOf(string eventTicker)
    {
        var dash = eventTicker.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? eventTicker[..dash] : eventTicker;
    }

    internal static FeeType FeeTypeOf(string? wire) => wire switch
    {
        "quadratic_with_maker_fees" => FeeType.QuadraticWithMakerFees,
        "quadratic_with_combo_maker_fees" => FeeType.QuadraticWithComboMakerFees,
        "flat" => FeeType.Flat,
        _ => FeeType.Quadratic,
    };

    internal static MarketState StateOf(string? status) => status switch
    {
        "initialized" or "unopened" => MarketState.Initialized,
        "active" or "open" => MarketState.Active,
        "inactive" or "paused" => MarketState.Paused,
        "closed" => MarketState.Closed,
        "determined" => MarketState.Determined,
        "finalized" or "settled" => MarketState.Settled,
        _ => MarketState.Initialized,
    };
}

/// <summary>The name a real exchange series' spot underlying goes by (MarketInfo.Underlying and the spot feeds agree on it).</summary>
internal static class UnderlyingNames
{
    private static readonly string[] Known = ["BTC", "ETH", "SOL", "XRP", "DOGE"];

    /// <summary>`KXBTC15M` → `BTC`; a series naming no known coin is its own underlying.</summary>
    public static string ForSeries(string seriesTicker) =>
        Known.FirstOrDefault(k => seriesTicker.Contains(k, StringComparison.OrdinalIgnoreCase)) ?? seriesTicker;
}
