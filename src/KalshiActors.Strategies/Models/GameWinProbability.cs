using KalshiActors.Domain.Ports;

namespace KalshiActors.Strategies.Models;

/// <summary>
/// The home team's chance of winning from the score, the clock and possession. The final margin is modelled as the
/// current lead plus a random walk: margin ~ Normal(μ, σ²·m) with m the regulation minutes left,
/// μ = lead + possession value (+ for home possession, − for away) + home advantage × (m / regulation minutes), and
/// σ the points standard deviation per √minute. P(home wins) = Φ(μ / (σ√m)); a tie at the end counts half (overtime
/// is a coin flip), which the symmetric normal already gives at μ = 0. Once the game is over (or no time is left) the
/// sign of the lead decides.
/// </summary>
/// <param name="PointsSigmaPerSqrtMinute">Standard deviation of the margin's change over one minute, in points.</param>
/// <param name="PossessionPoints">Expected points of having the ball.</param>
/// <param name="HomeAdvantagePoints">Expected home margin over a whole game, in points.</param>
public sealed record GameWinProbability(double PointsSigmaPerSqrtMinute, double PossessionPoints, double HomeAdvantagePoints)
{
    /// <summary>Regulation minutes left (the clock of the current period plus the periods still to play); overtime counts its clock.</summary>
    public static double MinutesLeft(GameStateObserved game)
    {
        ArgumentNullException.ThrowIfNull(game);
        if (game.Phase == GamePhase.Final)
        {
            return 0;
        }

        if (game.Phase == GamePhase.Scheduled)
        {
            return game.RegulationPeriods * game.RegulationPeriodLength.TotalMinutes;
        }

        var periodsAfter = Math.Max(0, game.RegulationPeriods - game.Period);
        return Math.Max(0, game.ClockRemainingInPeriod.TotalMinutes + (periodsAfter * game.RegulationPeriodLength.TotalMinutes));
    }

    /// <summary>P(home team wins) for <paramref name="game"/>.</summary>
    public double HomeWins(GameStateObserved game)
    {
        ArgumentNullException.ThrowIfNull(game);
        var lead = game.HomeScore - game.AwayScore;
        var minutes = MinutesLeft(game);
        if (minutes <= 0 || PointsSigmaPerSqrtMinute <= 0)
        {
            return lead > 0 ? 1 : lead < 0 ? 0 : 0.5;
        }

        var regulationMinutes = Math.Max(1e-9, game.RegulationPeriods * game.RegulationPeriodLength.TotalMinutes);
        var possession = game.Possession switch
        {
            Possession.Home => PossessionPoints,
            Possession.Away => -PossessionPoints,
            _ => 0,
        };
        var mean = lead + possession + (HomeAdvantagePoints * Math.Min(1, minutes / regulationMinutes));
        return NormalDistribution.Cdf(mean / (PointsSigmaPerSqrtMinute * Math.Sqrt(minutes)));
    }
}
