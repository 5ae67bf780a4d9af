using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Backtest;

/// <summary>The catalog of a backtest: the recording's markets (recorded or derived descriptions), all open for trading.</summary>
internal sealed class RecordedCatalogSource(IReadOnlyList<MarketInfo> markets) : IMarketCatalogSource
{
    private readonly Dictionary<MarketTicker, MarketInfo> _byTicker = markets.ToDictionary(m => m.Ticker);

    /// <inheritdoc />
    public Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MarketInfo>>([.. markets.Where(m => m.State is MarketState.Active or MarketState.Initialized)]);

    /// <inheritdoc />
    public Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken) =>
        Task.FromResult(_byTicker.GetValueOrDefault(ticker));
}
