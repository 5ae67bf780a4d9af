namespace KalshiActors.Strategies.Models;

/// <summary>
/// Mean, sample standard deviation and z-score of the last <c>capacity</c> values (mids in dollars). Sums are kept
/// incrementally; the window is short (tens of values), so the running sums cannot drift meaningfully.
/// </summary>
public sealed class RollingZScore(int capacity)
{
    // The window, oldest first once full (ring buffer); _count values are valid.
    private readonly double[] _values = new double[Math.Max(2, capacity)];
    private int _next;
    private int _count;
    private double _sum;
    private double _sumOfSquares;

    /// <summary>Most values held.</summary>
    public int Capacity => _values.Length;

    /// <summary>Values held (at most the capacity).</summary>
    public int Count => _count;

    /// <summary>Whether the window is full.</summary>
    public bool IsFull => _count == _values.Length;

    /// <summary>Mean of the window.</summary>
    public double Mean => _count == 0 ? 0 : _sum / _count;

    /// <summary>Sample standard deviation of the window (n − 1 in the denominator).</summary>
    public double StdDev => _count < 2 ? 0 : Math.Sqrt(Math.Max(0, (_sumOfSquares - (_sum * _sum / _count)) / (_count - 1)));

    /// <summary>Adds a value, dropping the oldest when full.</summary>
    public void Add(double value)
    {
        if (_count == _values.Length)
        {
            var old = _values[_next];
            _sum -= old;
            _sumOfSquares -= old * old;
        }
        else
        {
            _count++;
        }

        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        _sum += value;
        _sumOfSquares += value * value;
    }

    /// <summary>(value − mean) / standard deviation, or null while the window is not full or its deviation is below <paramref name="minStdDev"/>.</summary>
    public double? Z(double value, double minStdDev)
    {
        var sd = StdDev;
        return !IsFull || sd < minStdDev ? null : (value - Mean) / sd;
    }
}
