using System.Globalization;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// Strategy 6, in-game win probability: game markets (the ticker ends with the team its YES leg backs) priced by the
/// <see cref="LogisticWinProbability"/> model of score difference, time left, possession and field position from the
/// game-state feed, only while the game is in progress and at least `min-minutes-left` remain; the actor trades the leg
/// whose edge after the fee against the market price clears `min-edge`.
/// </summary>
internal sealed class InGameModel : IStrategyModel
{
    public void Observe(FairValueObservation observation, StrategyParameters parameters)
    {
    }

    public string? UnderlyingOf(MarketInfo market, StrategyParameters parameters) => null;

    public ModelEstimate? Estimate(ModelContext context)
    {
        var market = context.Market;
        if (context.Inputs.FreshGame(market.EventTicker) is not { Phase: GamePhase.InProgress } game)
        {
            return null;
        }

        var model = context.Parameters.InGame;
        var minutes = GameWinProbability.MinutesLeft(game);
        if (minutes < model.MinMinutesLeft)
        {
            return null;
        }

        var team = ExpectedValueModel.TeamOf(market);
        var home = model.HomeWins(game);
        double? p = string.Equals(team, game.HomeTeam, StringComparison.OrdinalIgnoreCase) ? home
            : string.Equals(team, game.AwayTeam, StringComparison.OrdinalIgnoreCase) ? 1 - home
            : null;
        return p is { } probability
            ? new ModelEstimate(probability, [game.Source], EstimateBasis.Of(() => string.Create(
                CultureInfo.InvariantCulture,
                $"in-game logistic: {game.HomeTeam} {game.HomeScore} - {game.AwayScore} {game.AwayTeam}, {minutes:F1} min left, possession {game.Possession}, yards to end zone {game.YardsToEndzone?.ToString(CultureInfo.InvariantCulture) ?? "-"}, effective lead {model.EffectiveLead(game):F2}; P({team})")))
            : null;
    }
}
