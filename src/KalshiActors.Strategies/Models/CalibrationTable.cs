namespace KalshiActors.Strategies.Models;

/// <summary>One bin of a <see cref="CalibrationTable"/>: model P(YES) in [<see cref="From"/>, <see cref="To"/>).</summary>
/// <param name="Samples">Settled signals whose model value fell in the bin.</param>
/// <param name="YesOutcomes">How many of them settled YES.</param>
/// <param name="MeanModel">The mean model value of those signals.</param>
public sealed record CalibrationBin(double From, double To, int Samples, int YesOutcomes, double MeanModel)
{
    /// <summary>The realised YES frequency (NaN without samples).</summary>
    public double Realised => Samples == 0 ? double.NaN : (double)YesOutcomes / Samples;
}

/// <summary>
/// Model probability → realised frequency, learned from settled outcomes: every buy signal of the expected-value
/// strategy is a sample (its model P(YES) at the time, and whether the market settled YES), binned into equal-width bins
/// of P(YES). A model value p in a bin with n samples and h YES outcomes is calibrated to (h + m·p) / (n + m), m being
/// the minimum sample count: with few samples the model's own value dominates, with many the realised frequency does,
/// and no bin jumps from one to the other at a threshold.
/// </summary>
public sealed class CalibrationTable
{
    // Per bin: samples, YES outcomes and the sum of model values.
    private readonly int[] _samples;
    private readonly int[] _yes;
    private readonly double[] _modelSum;

    /// <summary>An empty table of <paramref name="bins"/> bins with prior weight <paramref name="minSamples"/>.</summary>
    public CalibrationTable(int bins, int minSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1);
        _samples = new int[bins];
        _yes = new int[bins];
        _modelSum = new double[bins];
        MinSamples = minSamples;
    }

    /// <summary>The prior weight m of the model's own value.</summary>
    public int MinSamples { get; }

    /// <summary>Settled samples in the table.</summary>
    public int Samples => _samples.Sum();

    /// <summary>The bin of <paramref name="probability"/> (1.0 falls in the last).</summary>
    public int BinOf(double probability) => Math.Clamp((int)Math.Floor(Math.Clamp(probability, 0, 1) * _samples.Length), 0, _samples.Length - 1);

    /// <summary>Adds one settled signal: model P(YES) and whether the market settled YES.</summary>
    public void Add(double probabilityYes, bool settledYes)
    {
        var bin = BinOf(probabilityYes);
        _samples[bin]++;
        _modelSum[bin] += probabilityYes;
        if (settledYes)
        {
            _yes[bin]++;
        }
    }

    /// <summary>The calibrated P(YES) for model value <paramref name="probabilityYes"/>.</summary>
    public double Apply(double probabilityYes)
    {
        var p = Math.Clamp(probabilityYes, 0, 1);
        var bin = BinOf(p);
        return (_yes[bin] + (MinSamples * p)) / (_samples[bin] + MinSamples);
    }

    /// <summary>The bins, lowest first.</summary>
    public IReadOnlyList<CalibrationBin> Bins() =>
        [.. Enumerable.Range(0, _samples.Length).Select(i => new CalibrationBin(
            (double)i / _samples.Length, (double)(i + 1) / _samples.Length, _samples[i], _yes[i], _samples[i] == 0 ? double.NaN : _modelSum[i] / _samples[i]))];
}
