using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The equity over virtual time: every change (for the chart) and a fixed grid of one-minute buckets, each holding the
/// portfolio equity and every (strategy, market) P&amp;L at the first sample of the bucket (for returns, Sharpe, Sortino
/// and drawdowns). Amounts in <see cref="Money"/> units.
/// </summary>
internal sealed class EquityCurve(DateTimeOffset start)
{
    /// <summary>Grid bucket length.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);

    private readonly long _startTicks = start.UtcTicks;
    private long _lastBucket = -1;
    private long _lastEquity = long.MinValue;

    /// <summary>Equity whenever it changed: (time, equity).</summary>
    public List<(DateTimeOffset At, long Equity)> Points { get; } = [];

    /// <summary>Portfolio equity per grid bucket (bucket index, equity); buckets without a sample are absent.</summary>
    public List<(long Bucket, long Equity)> Grid { get; } = [];

    /// <summary>P&amp;L of each (strategy, market) per grid bucket.</summary>
    public Dictionary<(string Strategy, MarketTicker Ticker), List<(long Bucket, long Pnl)>> KeyGrid { get; } = [];

    /// <summary>Largest total cost basis of the portfolio's open positions seen at a sample.</summary>
    public long MaxExposure { get; private set; }

    /// <summary>Sum of the portfolio's open cost basis over samples, and the sample count (for the average).</summary>
    public (long Sum, long Count) Exposure { get; private set; }

    /// <summary>Records the state after one step.</summary>
    public void Sample(DateTimeOffset at, long equity, PortfolioUpdated portfolio, BacktestLedger ledger)
    {
        if (equity != _lastEquity)
        {
            Points.Add((at, equity));
            _lastEquity = equity;
        }

        long exposure = 0;
        foreach (var position in portfolio.Positions)
        {
            exposure += Math.Abs(position.CostBasis.Units);
        }

        MaxExposure = Math.Max(MaxExposure, exposure);
        Exposure = (Exposure.Sum + exposure, Exposure.Count + 1);

        var bucket = (at.UtcTicks - _startTicks) / Bucket.Ticks;
        if (bucket == _lastBucket)
        {
            return;
        }

        _lastBucket = bucket;
        Grid.Add((bucket, equity));
        var marks = YesMarks(portfolio);
        foreach (var key in ledger.Keys)
        {
            if (!KeyGrid.TryGetValue(key, out var series))
            {
                series = [];
                KeyGrid[key] = series;
            }

            series.Add((bucket, ledger.Pnl(key, marks.TryGetValue(key.Ticker, out var m) ? m : null)));
        }
    }

    /// <summary>Closes the curve with the final equity at the end of the run.</summary>
    public void Finish(DateTimeOffset at, long equity)
    {
        if (equity != _lastEquity)
        {
            Points.Add((at, equity));
        }

        var bucket = (at.UtcTicks - _startTicks) / Bucket.Ticks + 1;
        Grid.Add((bucket, equity));
    }

    /// <summary>The YES-price marks of the markets the portfolio holds.</summary>
    public static Dictionary<MarketTicker, long> YesMarks(PortfolioUpdated portfolio)
    {
        var marks = new Dictionary<MarketTicker, long>();
        foreach (var position in portfolio.Positions)
        {
            if (position.Mark is { } mark)
            {
                marks[position.Ticker] = position.Side == Side.Yes ? mark.Units : Price.UnitsPerDollar - mark.Units;
            }
        }

        return marks;
    }
}
