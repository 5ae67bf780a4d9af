using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench pipeline`'s market listing: the synthetic markets, all open.</summary>
internal sealed class PipelineBenchCatalog(IReadOnlyList<MarketInfo> markets) : IMarketCatalogSource
{
    /// <inheritdoc />
    public Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken) => Task.FromResult(markets);

    /// <inheritdoc />
    public Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken) =>
        Task.FromResult(markets.FirstOrDefault(m => m.Ticker == ticker));
}
