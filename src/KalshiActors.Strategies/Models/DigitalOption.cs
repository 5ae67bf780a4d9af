namespace KalshiActors.Strategies.Models;

/// <summary>
/// The probability that a log-normal underlying finishes at or above a strike (a cash-or-nothing digital under zero drift):
/// P = Φ(d2), d2 = (ln(S/K) − σ²T/2) / (σ√T). Zero drift because the horizons traded (minutes to days) make the risk-free
/// rate and the underlying's drift negligible next to the tick size.
/// </summary>
public static class DigitalOption
{
    /// <summary>Days per year used to turn time to close into years (crypto trades every calendar day).</summary>
    public const double DaysPerYear = 365.25;

    /// <summary>Years from <paramref name="now"/> to <paramref name="expiry"/> (0 when past).</summary>
    public static double YearsBetween(DateTimeOffset now, DateTimeOffset expiry) =>
        Math.Max(0, (expiry - now).TotalDays / DaysPerYear);

    /// <summary>
    /// P(S_T ≥ K) for spot <paramref name="spot"/>, strike <paramref name="strike"/>, annualised volatility
    /// <paramref name="annualVolatility"/> and <paramref name="years"/> to expiry. With no time or no volatility left the
    /// outcome is known: 1 when spot ≥ strike, else 0.
    /// </summary>
    public static double ProbabilityAbove(double spot, double strike, double annualVolatility, double years)
    {
        if (spot <= 0 || strike <= 0)
        {
            throw new ArgumentOutOfRangeException(spot <= 0 ? nameof(spot) : nameof(strike), "spot and strike must be positive");
        }

        if (annualVolatility < 0 || years < 0)
        {
            throw new ArgumentOutOfRangeException(annualVolatility < 0 ? nameof(annualVolatility) : nameof(years), "volatility and time must not be negative");
        }

        var sigmaRootT = annualVolatility * Math.Sqrt(years);
        if (sigmaRootT <= 0)
        {
            return spot >= strike ? 1 : 0;
        }

        var d2 = (Math.Log(spot / strike) - (0.5 * sigmaRootT * sigmaRootT)) / sigmaRootT;
        return NormalDistribution.Cdf(d2);
    }

    /// <summary>
    /// P(YES) of a strike market by the strikes it has, as the exchange's strike types read: a floor only pays at or
    /// above it, a cap only pays below it, both pay in between (P(≥ floor) − P(≥ cap)). Null when it has neither.
    /// </summary>
    public static double? ProbabilityOfStrikeMarket(double spot, decimal? floorStrike, decimal? capStrike, double annualVolatility, double years)
    {
        double? aboveFloor = floorStrike is { } floor && floor > 0 ? ProbabilityAbove(spot, (double)floor, annualVolatility, years) : null;
        double? aboveCap = capStrike is { } cap && cap > 0 ? ProbabilityAbove(spot, (double)cap, annualVolatility, years) : null;
        return (aboveFloor, aboveCap) switch
        {
            ({ } f, { } c) => Math.Max(0, f - c),
            ({ } f, null) => f,
            (null, { } c) => 1 - c,
            _ => null,
        };
    }
}
