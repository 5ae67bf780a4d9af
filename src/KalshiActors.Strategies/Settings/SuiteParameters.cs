using KalshiActors.Domain;

namespace KalshiActors.Strategies.Settings;

/// <summary>Mean reversion (`mean-reversion`): z-score of the last <see cref="Window"/> mids sampled every <see cref="SampleInterval"/>.</summary>
/// <param name="Window">Mids in the rolling window (`window`).</param>
/// <param name="SampleInterval">Least time between two sampled mids (`sample-interval`), so a burst of book updates is one sample.</param>
/// <param name="EntryZ">Enter when |z| reaches this (`entry-z`): below the mean buy YES, above it buy NO.</param>
/// <param name="ExitZ">Leave when |z| falls to this or the sign flips (`exit-z`).</param>
/// <param name="MinStdDev">Least standard deviation of the window, in dollars (`min-stdev`); a flat window has no z-score.</param>
public sealed record MeanReversionParameters(int Window, TimeSpan SampleInterval, double EntryZ, double ExitZ, double MinStdDev)
{
    /// <summary>The defaults in reference.conf.</summary>
    public static MeanReversionParameters Default { get; } = new(30, TimeSpan.FromSeconds(1), 2.0, 0.5, 0.005);
}

/// <summary>Buy-the-dip (`buy-the-dip`): filters on the scanner's ranking and the exit rules.</summary>
/// <param name="TopN">Only the scan's best this many are candidates (`top-n`).</param>
/// <param name="MinDrop">Least YES price drop over the horizon (`min-drop`, dollars).</param>
/// <param name="UseSevenDays">`drop-horizon` = 7d (else 24h).</param>
/// <param name="MinPrice">Lowest YES ask bought (`min-price`).</param>
/// <param name="MaxPrice">Highest YES ask bought (`max-price`).</param>
/// <param name="MaxSpread">Widest YES spread bought into (`max-spread`).</param>
/// <param name="MinTimeToClose">Least time from now to the market's close (`min-time-to-close`).</param>
/// <param name="ReversionFraction">Part of the drop the model expects back (`reversion-fraction`): fair = mid + fraction × drop.</param>
/// <param name="ProfitTarget">Sell when the YES bid is this far above the entry (`profit-target`).</param>
/// <param name="StopLoss">Sell when the YES bid is this far below the entry (`stop-loss`).</param>
/// <param name="TimeStopFraction">Sell after this fraction of the time that was left to the close at entry (`time-stop-fraction`).</param>
/// <param name="MaxPositions">Most markets held at once (`max-positions`).</param>
/// <param name="RotationRatio">At <see cref="MaxPositions"/>, sell the weakest holding when a candidate scores this many times better (`rotation-ratio`).</param>
public sealed record DipParameters(
    int TopN,
    Price MinDrop,
    bool UseSevenDays,
    Price MinPrice,
    Price MaxPrice,
    Price MaxSpread,
    TimeSpan MinTimeToClose,
    double ReversionFraction,
    Price ProfitTarget,
    Price StopLoss,
    double TimeStopFraction,
    int MaxPositions,
    double RotationRatio)
{
    /// <summary>The defaults in reference.conf.</summary>
    public static DipParameters Default { get; } = new(
        10, Price.FromCents(5), false, Price.FromCents(20), Price.FromCents(80), Price.FromCents(5), TimeSpan.FromHours(1), 0.5,
        Price.FromCents(5), Price.FromCents(5), 0.5, 5, 1.5);
}

/// <summary>Arbitrage (`arbitrage`): what a set of legs must return and how opportunities are ranked.</summary>
/// <param name="MinReturn">Least profit after fees per dollar spent on a set (`min-return`).</param>
/// <param name="EventConfidence">Confidence in an exclusive, exhaustive event's structure (`event-confidence`).</param>
/// <param name="LadderConfidence">Confidence in a strike ladder's monotonicity (`ladder-confidence`; strike edges and rules can differ).</param>
/// <param name="MaxBookAge">Books older than this are not traded (`max-book-age`); confidence falls linearly with age up to it.</param>
/// <param name="LegTimeout">How long the legs may take to resolve before the set is unwound (`leg-timeout`).</param>
public sealed record ArbitrageParameters(double MinReturn, double EventConfidence, double LadderConfidence, TimeSpan MaxBookAge, TimeSpan LegTimeout)
{
    /// <summary>The defaults in reference.conf.</summary>
    public static ArbitrageParameters Default { get; } = new(0.01, 1.0, 0.9, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
}

/// <summary>Calibration of the expected-value model (`calibrate`, `calibration-bins`, `calibration-min-samples`).</summary>
/// <param name="Enabled">Whether model probabilities are mapped through the learned table.</param>
/// <param name="Bins">Equal-width probability bins of the table.</param>
/// <param name="MinSamples">Settled signals a bin needs before its frequency replaces the model value.</param>
public sealed record CalibrationParameters(bool Enabled, int Bins, int MinSamples)
{
    /// <summary>The defaults in reference.conf.</summary>
    public static CalibrationParameters Default { get; } = new(false, 10, 20);
}
