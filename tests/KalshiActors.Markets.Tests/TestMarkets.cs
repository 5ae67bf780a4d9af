using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Markets.Tests;

/// <summary>Market descriptions and a scriptable catalog source for the specs.</summary>
internal static class TestMarkets
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 4, 0, 0, TimeSpan.Zero);

    public static MarketInfo Market(string ticker, MarketState state = MarketState.Active, DateTimeOffset? close = null) => new(
        new MarketTicker(ticker),
        new EventTicker(ticker[..ticker.LastIndexOf('-')]),
        new SeriesTicker(ticker[..ticker.IndexOf('-', StringComparison.Ordinal)]),
        "Title of " + ticker,
        "Crypto",
        state,
        Start.AddMinutes(-15),
        close ?? Start.AddMinutes(15),
        new TickStructure([new PriceRange(Price.FromCents(0), Price.FromCents(10), Price.FromUnits(10)), new PriceRange(Price.FromCents(10), Price.FromCents(100), Price.FromCents(1))]),
        new SeriesFeeParameters(FeeType.Quadratic, 7_000),
        100_000.25m,
        null,
        "BTC",
        MutuallyExclusive: false);
}

/// <summary>A catalog source whose answers (or failures) the test sets.</summary>
internal sealed class ScriptedCatalogSource : IMarketCatalogSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MarketTicker, MarketInfo> _markets = [];

    public int ListCalls { get; private set; }

    public Exception? FailWith { get; set; }

    public void Put(MarketInfo market)
    {
        lock (_lock)
        {
            _markets[market.Ticker] = market;
        }
    }

    public Task<IReadOnlyList<MarketInfo>> GetOpenMarketsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ListCalls++;
            if (FailWith is { } failure)
            {
                return Task.FromException<IReadOnlyList<MarketInfo>>(failure);
            }

            return Task.FromResult<IReadOnlyList<MarketInfo>>([.. _markets.Values.Where(m => m.State == MarketState.Active)]);
        }
    }

    public Task<MarketInfo?> GetMarketAsync(MarketTicker ticker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return FailWith is { } failure
                ? Task.FromException<MarketInfo?>(failure)
                : Task.FromResult(_markets.GetValueOrDefault(ticker));
        }
    }
}
