using KalshiActors.Domain.Ports;

namespace KalshiActors.Strategies.Models;

/// <summary>
/// In-game win probability as a logistic model of the game state (the `in-game` strategy):
/// <code>
///   P(home wins) = 1 / (1 + exp(−k · L / √(m + c)))
///   L = margin + s · V + H · m / M
/// </code>
/// with margin = home − away points, m = regulation minutes left, M = regulation minutes of a game, s = +1 when the home
/// team has the ball, −1 for the away team, 0 when unknown; V = the value of having the ball: from field position when
/// the feed gives it (football: V = ep-at-goal − ep-per-yard × yards to the end zone, a straight-line fit of expected
/// points, about 1 at the own 25, 2.7 at midfield, 5.3 at the opponent's 10), else `possession-points`; H = home
/// advantage over a whole game; k = `score-scale` and c = `time-offset` minutes (so the last seconds do not divide by
/// zero). Dividing the lead by √(time left) is what makes a 3-point lead worth more late than early: the margin's
/// remaining variance grows with time. k ≈ 1.702 / σ turns a normal margin model with σ points per √minute into its
/// logistic twin (1.702 is the classic probit-to-logit factor); 0.455 fits the simulator's basketball (σ ≈ 3.74).
/// Once the game is final (or no time is left) the sign of the margin decides, a tie counting one half.
/// </summary>
/// <param name="ScoreScale">k: log-odds per point of lead per 1/√minute.</param>
/// <param name="PossessionPoints">V when the feed gives no field position.</param>
/// <param name="ExpectedPointsAtGoal">Expected points of a drive at the opponent's goal line.</param>
/// <param name="ExpectedPointsPerYard">Expected points lost per yard further from the end zone.</param>
/// <param name="HomeAdvantagePoints">H: expected home margin over a whole game.</param>
/// <param name="TimeOffsetMinutes">c: added to the minutes left under the square root.</param>
/// <param name="MinMinutesLeft">No view with less time than this left (end-game clock play is not modelled).</param>
public sealed record LogisticWinProbability(
    double ScoreScale,
    double PossessionPoints,
    double ExpectedPointsAtGoal,
    double ExpectedPointsPerYard,
    double HomeAdvantagePoints,
    double TimeOffsetMinutes,
    double MinMinutesLeft)
{
    /// <summary>The defaults in reference.conf (fitted to the simulator's basketball).</summary>
    public static LogisticWinProbability Default { get; } = new(0.455, 1.0, 6.0, 0.066, 0.0, 1.0, 0.5);

    /// <summary>The value of having the ball in points (V), from field position when known.</summary>
    public double PossessionValue(GameStateObserved game)
    {
        ArgumentNullException.ThrowIfNull(game);
        return game.YardsToEndzone is { } yards
            ? ExpectedPointsAtGoal - (ExpectedPointsPerYard * Math.Clamp(yards, 0, 100))
            : PossessionPoints;
    }

    /// <summary>The effective lead L of the home team.</summary>
    public double EffectiveLead(GameStateObserved game)
    {
        ArgumentNullException.ThrowIfNull(game);
        var minutes = GameWinProbability.MinutesLeft(game);
        var regulation = Math.Max(1e-9, game.RegulationPeriods * game.RegulationPeriodLength.TotalMinutes);
        var side = game.Possession switch
        {
            Possession.Home => 1,
            Possession.Away => -1,
            _ => 0,
        };
        return game.HomeScore - game.AwayScore + (side * PossessionValue(game)) + (HomeAdvantagePoints * Math.Min(1, minutes / regulation));
    }

    /// <summary>P(home team wins) for <paramref name="game"/>.</summary>
    public double HomeWins(GameStateObserved game)
    {
        ArgumentNullException.ThrowIfNull(game);
        var minutes = GameWinProbability.MinutesLeft(game);
        if (game.Phase == GamePhase.Final || minutes <= 0)
        {
            var margin = game.HomeScore - game.AwayScore;
            return margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
        }

        var x = ScoreScale * EffectiveLead(game) / Math.Sqrt(minutes + TimeOffsetMinutes);
        return 1 / (1 + Math.Exp(-x));
    }
}
