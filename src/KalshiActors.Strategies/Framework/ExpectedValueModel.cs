using System.Globalization;
using System.Runtime.InteropServices;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// Strategy 1, expected value on both legs: P(YES) from a fair-value feed, either a log-normal digital on the spot
/// (markets with a floor and/or cap strike: ladders, ranges and up/down windows, at the configured volatility) or the game win-probability
/// model (game markets, whose ticker ends with the team the YES leg backs). The actor trades the leg whose edge after
/// the fee clears `min-edge`.
/// </summary>
internal sealed class ExpectedValueModel : IStrategyModel
{
    // The input list of the last estimate, handed out again while the source is the same: an estimate is made on every
    // book update of every traded market, nearly always from the same feed, and the list is only read after.
    private string[]? _lastInputFeeds;

    // Each market's last digital estimate and what it was made from: the estimate is a function of the spot observation,
    // the market, the volatility and the time only, so while none of them changed (every update of a market within one
    // instant of a backtest's virtual clock) the same estimate is handed out again instead of being computed and allocated.
    // Kept as structs in the dictionary's own entry array rather than as an object per market: each update stores a young
    // estimate, and 2,000 scattered per-market objects holding young ones were 2,000 cards for every ephemeral collection
    // to scan, where the entry array packs several markets into each card.
    private readonly Dictionary<MarketTicker, LastDigital> _lastDigital = [];

    public void Observe(FairValueObservation observation, StrategyParameters parameters)
    {
    }

    public string? UnderlyingOf(MarketInfo market, StrategyParameters parameters) =>
        StrategyModels.HasStrike(market) ? StrategyModels.SpotUnderlying(market, parameters) : null;

    public ModelEstimate? Estimate(ModelContext context)
    {
        // The basis lines are a static formatter and the values it reads: a lambda would capture them in an object (and a
        // delegate) allocated on every call, and this runs on every book update of every market the instance trades.
        var market = context.Market;
        if (StrategyModels.HasStrike(market) && market.CloseTime is { } close)
        {
            var underlying = StrategyModels.SpotUnderlying(market, context.Parameters);
            if (context.Inputs.FreshSpot(underlying) is not { } spot || spot.Price <= 0)
            {
                return null;
            }

            var volatility = context.Parameters.Volatility;
            if (_lastDigital.Count >= MaxRememberedMarkets && !_lastDigital.ContainsKey(market.Ticker))
            {
                // Markets come and go; forgetting them all now and then keeps a long-running instance's memory bounded.
                _lastDigital.Clear();
            }

            // One lookup for the check and the store (nothing below touches the dictionary while the ref is held).
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastDigital, market.Ticker, out var remembered);
            if (remembered
                && ReferenceEquals(last.Spot, spot) && ReferenceEquals(last.Market, market) && last.Now == context.Now && last.Volatility.Equals(volatility))
            {
                return last.Estimate;
            }

            var years = DigitalOption.YearsBetween(context.Now, close);
            ModelEstimate? estimate = DigitalOption.ProbabilityOfStrikeMarket((double)spot.Price, market.FloorStrike, market.CapStrike, volatility, years) is { } p
                ? Digital(p, InputFeedsOf(spot.Source), spot, market, volatility, years)
                : null;
            last = new LastDigital(spot, market, context.Now, volatility, estimate);
            return estimate;
        }

        if (context.Inputs.FreshGame(market.EventTicker) is { } game)
        {
            var team = TeamOf(market);
            var home = context.Parameters.Game.HomeWins(game);
            double? p = string.Equals(team, game.HomeTeam, StringComparison.OrdinalIgnoreCase) ? home
                : string.Equals(team, game.AwayTeam, StringComparison.OrdinalIgnoreCase) ? 1 - home
                : null;
            return p is { } probability ? Game(probability, InputFeedsOf(game.Source), game, team) : null;
        }

        return null;
    }

    private string[] InputFeedsOf(string source)
    {
        if (_lastInputFeeds is not { } last || !string.Equals(last[0], source, StringComparison.Ordinal))
        {
            _lastInputFeeds = last = [source];
        }

        return last;
    }

    private static ModelEstimate Digital(double probability, string[] inputFeeds, SpotPriceObserved spot, MarketInfo market, double volatility, double years) =>
        new(probability, inputFeeds, new EstimateBasis(DigitalBasis, spot, market, volatility, years));

    private static string DigitalBasis(EstimateBasis basis)
    {
        var (spot, market, volatility, years) = ((SpotPriceObserved)basis.First!, (MarketInfo)basis.Second!, basis.X, basis.Y);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"digital: spot {spot.Price} vs strikes [{market.FloorStrike}, {market.CapStrike}), vol {volatility:F3}, {years * DigitalOption.DaysPerYear * 1440:F1} min left");
    }

    private static ModelEstimate Game(double probability, string[] inputFeeds, GameStateObserved game, string team) =>
        new(probability, inputFeeds, new EstimateBasis(GameBasis, game, team));

    private static string GameBasis(EstimateBasis basis)
    {
        var (game, team) = ((GameStateObserved)basis.First!, (string)basis.Second!);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"game: {game.HomeTeam} {game.HomeScore} - {game.AwayScore} {game.AwayTeam}, {GameWinProbability.MinutesLeft(game):F1} min left, possession {game.Possession}; P({team})");
    }

    private const int MaxRememberedMarkets = 4096;

    /// <summary>One market's last digital estimate and its inputs (compared by reference: observations and markets are immutable).</summary>
    private readonly record struct LastDigital(SpotPriceObserved? Spot, MarketInfo? Market, DateTimeOffset Now, double Volatility, ModelEstimate? Estimate);

    /// <summary>The team a game market's YES leg backs: the ticker's part after "&lt;event&gt;-".</summary>
    internal static string TeamOf(MarketInfo market)
    {
        var ticker = market.Ticker.Value;
        var prefix = market.EventTicker.Value + "-";
        return ticker.StartsWith(prefix, StringComparison.Ordinal) ? ticker[prefix.Length..] : ticker[(ticker.LastIndexOf('-') + 1)..];
    }
}
