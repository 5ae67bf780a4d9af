using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Framework;

namespace KalshiActors.Strategies.Tests;

/// <summary>One 15-minute BTC up/down market with a live book and spot observations, shared by the crypto model tests.</summary>
internal static class Btc15mMarketFixture
{
    public static readonly DateTimeOffset Open = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    public static readonly MarketTicker Ticker = new("KXBTC15M-26DEC041215-15");

    public static SpotPriceObserved SpotAt(decimal price, DateTimeOffset at) => new("spot", "KXBTC15M", price, at, at);

    public static MarketInfo Market() => new(
        Ticker, new EventTicker("KXBTC15M-26DEC041215"), new SeriesTicker("KXBTC15M"), "BTC up?", "Crypto", MarketState.Active,
        Open, Open.AddMinutes(15), TickStructure.LinearCent, SeriesFeeParameters.General, 100_000m, null, null, false);

    public static BookUpdated Book(DateTimeOffset at) => new(
        Ticker, 1, new BookTop(Price.FromCents(48), Quantity.FromContracts(100), Price.FromCents(50), Quantity.FromContracts(100)),
        [], [], Price.FromCents(49), Price.FromCents(2), Price.FromCents(49), BookStatus.Live, at, at);

    /// <summary>Fair-value inputs holding one spot observation, fresh for its own underlying only.</summary>
    public sealed class FixedInputs : IFairValueInputs
    {
        public SpotPriceObserved? Spot { get; set; }

        public SpotPriceObserved? FreshSpot(string underlying) => Spot is { } spot && spot.Underlying == underlying ? spot : null;

        public GameStateObserved? FreshGame(EventTicker eventTicker) => null;
    }
}
