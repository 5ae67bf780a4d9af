using KalshiActors.Domain.Protocol;

namespace KalshiActors.Domain.Ports;

/// <summary>Where the market catalog comes from: the exchange's REST listing (paged, within rate limits), the simulator's, or a recording.</summary>
public interface IMarketCatalogSource
{
    /// <summary>Every open market with its event, series, tick grid and fee parameters (all pages).</summary>
    Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken);

    /// <summary>One market, whatever its state; null when the exchange does not know it.</summary>
    Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken);
}
