namespace KalshiActors.Strategies.Models;

/// <summary>The standard normal distribution.</summary>
public static class NormalDistribution
{
    private const double SqrtTwoPi = 2.506628274631;

    /// <summary>
    /// Φ(x), the standard normal CDF, by Hart's double-precision algorithm (as given by G. West, "Better approximations to
    /// cumulative normal functions", 2005): absolute error below 1e-14, far finer than any price tick.
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var absolute = Math.Abs(x);
        double tail;
        if (absolute > 37)
        {
            tail = 0;
        }
        else
        {
            var e = Math.Exp(-absolute * absolute / 2);
            if (absolute < 7.07106781186547)
            {
                var numerator = (3.52624965998911E-02 * absolute) + 0.700383064443688;
                numerator = (numerator * absolute) + 6.37396220353165;
                numerator = (numerator * absolute) + 33.912866078383;
                numerator = (numerator * absolute) + 112.079291497871;
                numerator = (numerator * absolute) + 221.213596169931;
                numerator = (numerator * absolute) + 220.206867912376;
                var denominator = (8.83883476483184E-02 * absolute) + 1.75566716318264;
                denominator = (denominator * absolute) + 16.064177579207;
                denominator = (denominator * absolute) + 86.7807322029461;
                denominator = (denominator * absolute) + 296.564248779674;
                denominator = (denominator * absolute) + 637.333633378831;
                denominator = (denominator * absolute) + 793.826512519948;
                denominator = (denominator * absolute) + 440.413735824752;
                tail = e * numerator / denominator;
            }
            else
            {
                var fraction = absolute + 0.65;
                fraction = absolute + (4 / fraction);
                fraction = absolute + (3 / fraction);
                fraction = absolute + (2 / fraction);
                fraction = absolute + (1 / fraction);
                tail = e / fraction / SqrtTwoPi;
            }
        }

        return x > 0 ? 1 - tail : tail;
    }
}
