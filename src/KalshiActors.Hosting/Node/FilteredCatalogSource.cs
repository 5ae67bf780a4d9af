using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Node;

/// <summary>The catalog limited to the markets the node trades (`kalshi-actors.node.markets`, prefix match on the ticker).</summary>
internal sealed class FilteredCatalogSource(IMarketCatalogSource inner, Func<string, bool> trades) : IMarketCatalogSource
{
    public async Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken) =>
        [.. (await inner.GetOpenMarketsAsync(cancellationToken).ConfigureAwait(false)).Where(m => trades(m.Ticker.Value))];

    public async Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken) =>
        trades(ticker.Value) ? await inner.GetMarketAsync(ticker, cancellationToken).ConfigureAwait(false) : null;
}
