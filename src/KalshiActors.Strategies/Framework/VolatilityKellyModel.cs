using System.Globalization;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// Strategy 2, volatility-Kelly for 15-minute up/down markets: the EWMA volatility of the underlying's log returns
/// (floored at `min-volatility`, trusted after `min-observations` returns) feeds a log-normal digital for P(finish ≥
/// strike); only inside the configured window of the period. Sizing is the actor's fee-adjusted Kelly.
/// </summary>
internal sealed class VolatilityKellyModel : IStrategyModel
{
    // One estimator per underlying; rebuilt from the live feed after a restart (it is market data, not state to persist).
    private readonly Dictionary<string, EwmaVolatility> _volatility = new(StringComparer.Ordinal);

    public void Observe(FairValueObservation observation, StrategyParameters parameters)
    {
        if (observation is not SpotPriceObserved spot || spot.Price <= 0)
        {
            return;
        }

        if (!_volatility.TryGetValue(spot.Underlying, out var ewma))
        {
            ewma = new EwmaVolatility(parameters.EwmaHalfLife);
            _volatility[spot.Underlying] = ewma;
        }

        ewma.HalfLife = parameters.EwmaHalfLife;
        ewma.FixedLambda = parameters.EwmaLambda > 0 ? parameters.EwmaLambda : null;
        ewma.Observe((double)spot.Price, spot.SourceTime);
    }

    public string? UnderlyingOf(MarketInfo market, StrategyParameters parameters) =>
        StrategyModels.HasStrike(market) ? StrategyModels.SpotUnderlying(market, parameters) : null;

    /// <summary>Every spot, even at the last price, moves the EWMA volatility.</summary>
    public bool LearnsFromEverySpot => true;

    /// <summary>The current estimator of <paramref name="underlying"/>, if any.</summary>
    internal EwmaVolatility? VolatilityOf(string underlying) => _volatility.GetValueOrDefault(underlying);

    public ModelEstimate? Estimate(ModelContext context)
    {
        var market = context.Market;
        var parameters = context.Parameters;
        if (!StrategyModels.HasStrike(market) || market.CloseTime is not { } close
            || !parameters.Window.Contains(market.OpenTime, close, context.Now))
        {
            return null;
        }

        var underlying = StrategyModels.SpotUnderlying(market, parameters);
        if (context.Inputs.FreshSpot(underlying) is not { } spot || spot.Price <= 0
            || !_volatility.TryGetValue(underlying, out var ewma) || ewma.Returns < parameters.MinObservations)
        {
            return null;
        }

        var sigma = Math.Max(parameters.MinVolatility, ewma.AnnualVolatility);
        var years = DigitalOption.YearsBetween(context.Now, close);
        if (DigitalOption.ProbabilityOfStrikeMarket((double)spot.Price, market.FloorStrike, market.CapStrike, sigma, years) is not { } p)
        {
            return null;
        }

        var minute = (context.Now - parameters.Window.PeriodStart(market.OpenTime, close)).TotalMinutes;
        return new ModelEstimate(p, [spot.Source], EstimateBasis.Of(() => string.Create(
            CultureInfo.InvariantCulture,
            $"ewma digital: spot {spot.Price} vs strikes [{market.FloorStrike}, {market.CapStrike}), vol {sigma:F3} ({ewma.Returns} returns), minute {minute:F1} of the period")));
    }
}
