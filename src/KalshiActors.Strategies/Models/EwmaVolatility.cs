namespace KalshiActors.Strategies.Models;

/// <summary>
/// Exponentially weighted volatility of an underlying's log returns, annualised. Observations may arrive at irregular
/// times, so each return is first scaled to a per-year variance (r² / Δt) and the weight of history decays with elapsed
/// time: λ = 2^(−Δt / half-life), σ²ₙ = λ·σ²ₙ₋₁ + (1 − λ)·rₙ²/Δtₙ. The first return seeds the variance. A fixed
/// per-observation λ (RiskMetrics style, e.g. 0.94) replaces the half-life when set, for evenly sampled feeds.
/// </summary>
public sealed class EwmaVolatility
{
    private double _variance;
    private double? _lastPrice;
    private DateTimeOffset _lastTime;

    /// <summary>Creates an estimator whose memory halves every <paramref name="halfLife"/>.</summary>
    public EwmaVolatility(TimeSpan halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        HalfLife = halfLife;
    }

    /// <summary>The time over which a return's weight halves.</summary>
    public TimeSpan HalfLife { get; set; }

    /// <summary>A fixed decay per return (0 &lt; λ &lt; 1) used instead of the half-life; null = decay by elapsed time.</summary>
    public double? FixedLambda { get; set; }

    /// <summary>How many returns have been folded in.</summary>
    public int Returns { get; private set; }

    /// <summary>The annualised volatility (√variance); 0 before the first return.</summary>
    public double AnnualVolatility => Math.Sqrt(_variance);

    /// <summary>The last price observed, if any.</summary>
    public double? LastPrice => _lastPrice;

    /// <summary>The decay factor for a return spanning <paramref name="elapsed"/>: the fixed λ, else 2^(−elapsed / half-life).</summary>
    public double LambdaFor(TimeSpan elapsed) => FixedLambda ?? Math.Pow(2, -elapsed / HalfLife);

    /// <summary>Folds in a price seen at <paramref name="at"/>; prices that are not later than the last one are ignored.</summary>
    public void Observe(double price, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(price, 0);
        if (_lastPrice is not { } last)
        {
            _lastPrice = price;
            _lastTime = at;
            return;
        }

        var elapsed = at - _lastTime;
        if (elapsed <= TimeSpan.Zero)
        {
            // Same timestamp (or out of order): no time passed, so a return cannot be scaled; keep the newest price.
            _lastPrice = price;
            return;
        }

        var years = elapsed.TotalDays / DigitalOption.DaysPerYear;
        var logReturn = Math.Log(price / last);
        var sample = logReturn * logReturn / years;
        if (Returns == 0)
        {
            _variance = sample;
        }
        else
        {
            var lambda = LambdaFor(elapsed);
            _variance = (lambda * _variance) + ((1 - lambda) * sample);
        }

        Returns++;
        _lastPrice = price;
        _lastTime = at;
    }
}
