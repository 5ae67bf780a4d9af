using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Backtest;

/// <summary>Performance figures of one scope (the whole run, one strategy or one market); amounts in dollars.</summary>
/// <param name="Pnl">Equity change including fees and open positions at their last mark.</param>
/// <param name="Fees">Exchange fees paid.</param>
/// <param name="Trades">Fills.</param>
/// <param name="RoundTrips">Fills that closed (part of) a position.</param>
/// <param name="WinRate">Share of <paramref name="RoundTrips"/> that closed at a profit after fees; null without any.</param>
/// <param name="Sharpe">Annualised Sharpe ratio of one-minute returns on the starting cash; null with fewer than two returns or none varying.</param>
/// <param name="Sortino">Annualised Sortino ratio (downside deviation) of the same returns; null likewise.</param>
/// <param name="MaxDrawdown">Largest fall of equity from a previous peak.</param>
/// <param name="MaxDrawdownFraction">That fall as a fraction of the peak equity (starting cash plus the peak P&amp;L).</param>
/// <param name="MaxExposure">Largest cost basis of open positions.</param>
/// <param name="Turnover">Notional traded (price times contracts, summed over fills).</param>
/// <param name="TurnoverRatio">Turnover over the starting cash.</param>
public sealed record BacktestMetrics(
    Money Pnl,
    Money Fees,
    long Trades,
    long RoundTrips,
    double? WinRate,
    double? Sharpe,
    double? Sortino,
    Money MaxDrawdown,
    double MaxDrawdownFraction,
    Money MaxExposure,
    Money Turnover,
    double TurnoverRatio);

/// <summary>What a backtest produced: the raw material of its reports.</summary>
public sealed class BacktestResult
{
    private const double MinutesPerYear = 525_600;

    internal BacktestResult(
        BacktestRecording recording,
        long seed,
        IReadOnlyList<string> strategies,
        IReadOnlyDictionary<string, string> parameters,
        Money startingCash,
        PortfolioUpdated final,
        BacktestLedger ledger,
        EquityCurve curve,
        IReadOnlyList<OrderLifecycleEvent> orders,
        int intentsApproved,
        int intentsRejected,
        string stateDigest,
        long eventsFed,
        long snapshotRequests,
        long timersFired,
        TimeSpan pipelineTime)
    {
        Recording = recording;
        Seed = seed;
        Strategies = strategies;
        Parameters = parameters;
        StartingCash = startingCash;
        Final = final;
        Ledger = ledger;
        Curve = curve;
        Orders = [.. orders.OrderBy(o => o.At).ThenBy(o => o.ClientOrderId.Value, StringComparer.Ordinal).ThenBy(Rank).ThenBy(Detail, StringComparer.Ordinal)];
        IntentsApproved = intentsApproved;
        IntentsRejected = intentsRejected;
        StateDigest = stateDigest;
        EventsFed = eventsFed;
        SnapshotRequests = snapshotRequests;
        TimersFired = timersFired;
        PipelineTime = pipelineTime;
        OrderListDigest = Sha256(Orders.Select(Canonical));
        Total = TotalMetrics();
        PerStrategy = ByScope(k => k.Strategy);
        PerMarket = ByScope(k => k.Ticker.Value);
    }

    /// <summary>The recording run.</summary>
    public BacktestRecording Recording { get; }

    /// <summary>The seed given.</summary>
    public long Seed { get; }

    /// <summary>How the orders filled (`--fill-model`).</summary>
    public BacktestFillModel FillModel { get; init; }

    /// <summary>The strategy instances run.</summary>
    public IReadOnlyList<string> Strategies { get; }

    /// <summary>Parameter overrides of this run (sweeps).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The portfolio's starting cash.</summary>
    public Money StartingCash { get; }

    /// <summary>The portfolio at the end.</summary>
    public PortfolioUpdated Final { get; }

    /// <summary>Every order event journaled, in canonical order (time, client order id, lifecycle step).</summary>
    public IReadOnlyList<OrderLifecycleEvent> Orders { get; }

    /// <summary>Intents the risk guardian approved.</summary>
    public int IntentsApproved { get; }

    /// <summary>Intents the risk guardian rejected.</summary>
    public int IntentsRejected { get; }

    /// <summary>SHA-256 of the canonical order list (one line per order event).</summary>
    public string OrderListDigest { get; }

    /// <summary>The node's state digest (portfolio, execution, risk) at the end.</summary>
    public string StateDigest { get; }

    /// <summary>Events fed to the actors.</summary>
    public long EventsFed { get; }

    /// <summary>Resync requests the books made after gaps.</summary>
    public long SnapshotRequests { get; }

    /// <summary>Timers the virtual clock fired.</summary>
    public long TimersFired { get; }

    /// <summary>Wall-clock time of the feeding loop (never written to a report).</summary>
    public TimeSpan PipelineTime { get; }

    /// <summary>Actor turns the run took (one actor handling what its mailbox held); for benchmarks, never written to a report.</summary>
    public long ActorTurns { get; init; }

    /// <summary>The whole run's figures.</summary>
    public BacktestMetrics Total { get; }

    /// <summary>Figures per strategy instance (ordinal order).</summary>
    public IReadOnlyList<(string Name, BacktestMetrics Metrics)> PerStrategy { get; }

    /// <summary>Figures per market (ordinal order).</summary>
    public IReadOnlyList<(string Name, BacktestMetrics Metrics)> PerMarket { get; }

    internal BacktestLedger Ledger { get; }

    internal EquityCurve Curve { get; }

    /// <summary>
    /// One order event as the digest hashes it. The venue's order and trade ids are left out: the paper exchange numbers
    /// them in arrival order, and orders for different markets in the same recorded moment reach it in either order.
    /// </summary>
    public static string Canonical(OrderLifecycleEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}|{e.GetType().Name}|{e.ClientOrderId.Value}|{e.Ticker.Value}|{Detail(e)}");

    private static int Rank(OrderLifecycleEvent e) => e switch
    {
        OrderSubmitted => 0,
        OrderAccepted => 1,
        OrderRepriced => 2,
        OrderPartiallyFilled => 3,
        OrderFilled => 4,
        OrderCanceled => 5,
        OrderRejected => 6,
        OrderOutcomeUnknown => 7,
        _ => 8,
    };

    private static string Detail(OrderLifecycleEvent e) => e switch
    {
        OrderSubmitted s => $"{s.StrategyId}|{s.Side}|{s.Action}|{s.LimitPrice}|{s.Count.ToFixedString()}|{s.Style}|{s.PostOnly}",
        OrderAccepted a => a.Resting.ToFixedString(),
        OrderRepriced r => $"{r.NewLimitPrice}|{r.Resting.ToFixedString()}",
        OrderPartiallyFilled p => $"{p.Side}|{p.Action}|{p.Price}|{p.Count.ToFixedString()}|{p.Fee}|{p.IsTaker}|{p.Remaining.ToFixedString()}",
        OrderFilled f => $"{f.Side}|{f.Action}|{f.Price}|{f.Count.ToFixedString()}|{f.Fee}|{f.IsTaker}",
        OrderCanceled c => $"{c.CanceledCount.ToFixedString()}|{c.Reason}",
        OrderRejected r => $"{r.Code}|{r.Message}",
        OrderOutcomeUnknown u => u.Reason,
        OrderReconciled r => $"{r.FoundAtExchange}|{r.Resolution}",
        _ => string.Empty,
    };

    private static string Sha256(IEnumerable<string> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in lines)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private BacktestMetrics TotalMetrics()
    {
        long fees = 0, trades = 0, closes = 0, wins = 0, notional = 0;
        foreach (var key in Ledger.Keys)
        {
            var f = Ledger.Figures(key);
            fees += f.Fees;
            trades += f.Trades;
            closes += f.Closes;
            wins += f.Wins;
            notional += f.Notional;
        }

        var series = Curve.Grid.Select(g => (g.Bucket, g.Equity - StartingCash.Units)).ToList();
        return Metrics(Final.Equity.Units - StartingCash.Units, Final.FeesPaid.Units, trades, closes, wins, notional, Curve.MaxExposure, series);
    }

    private IReadOnlyList<(string Name, BacktestMetrics Metrics)> ByScope(Func<(string Strategy, MarketTicker Ticker), string> scopeOf)
    {
        var marks = EquityCurve.YesMarks(Final);
        var result = new List<(string, BacktestMetrics)>();
        foreach (var group in Ledger.Keys.GroupBy(scopeOf).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            long pnl = 0, fees = 0, trades = 0, closes = 0, wins = 0, notional = 0, exposure = 0;
            var combined = new SortedDictionary<long, long>();
            foreach (var key in group)
            {
                var f = Ledger.Figures(key);
                pnl += Ledger.Pnl(key, marks.TryGetValue(key.Ticker, out var m) ? m : null);
                fees += f.Fees;
                trades += f.Trades;
                closes += f.Closes;
                wins += f.Wins;
                notional += f.Notional;
                exposure += f.MaxExposure;
                if (Curve.KeyGrid.TryGetValue(key, out var series))
                {
                    // Every key is sampled at every bucket from its first fill on (zero before), so the sum per bucket is the scope's P&L.
                    foreach (var (bucket, value) in series)
                    {
                        combined[bucket] = combined.GetValueOrDefault(bucket) + value;
                    }
                }
            }

            var points = combined.Select(p => (p.Key, p.Value)).ToList();
            points.Add((Curve.Grid.Count > 0 ? Curve.Grid[^1].Bucket : 0, pnl));
            result.Add((group.Key, Metrics(pnl, fees, trades, closes, wins, notional, exposure, points)));
        }

        return result;
    }

    private BacktestMetrics Metrics(long pnl, long fees, long trades, long closes, long wins, long notional, long exposure, List<(long Bucket, long Pnl)> series)
    {
        // Dense one-minute grid with the last value carried forward, so quiet minutes count as zero returns.
        var dense = new List<long>();
        if (series.Count > 0)
        {
            var first = series[0].Bucket;
            var last = series[^1].Bucket;
            var index = 0;
            long value = 0;
            for (var b = first; b <= last && dense.Count < 10_000_000; b++)
            {
                while (index < series.Count && series[index].Bucket <= b)
                {
                    value = series[index].Pnl;
                    index++;
                }

                dense.Add(value);
            }
        }

        long peak = 0, drawdown = 0, peakAtDrawdown = 0;
        foreach (var v in dense.Prepend(0))
        {
            if (v > peak)
            {
                peak = v;
            }

            if (peak - v > drawdown)
            {
                drawdown = peak - v;
                peakAtDrawdown = peak;
            }
        }

        double? sharpe = null, sortino = null;
        var capital = (double)Math.Max(1, StartingCash.Units);
        if (dense.Count >= 3)
        {
            var returns = new double[dense.Count - 1];
            for (var i = 1; i < dense.Count; i++)
            {
                returns[i - 1] = (dense[i] - dense[i - 1]) / capital;
            }

            var mean = returns.Average();
            var variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1);
            var downside = Math.Sqrt(returns.Sum(r => r < 0 ? r * r : 0) / returns.Length);
            var annualise = Math.Sqrt(MinutesPerYear / EquityCurve.Bucket.TotalMinutes);
            sharpe = variance > 0 ? Round(mean / Math.Sqrt(variance) * annualise) : null;
            sortino = downside > 0 ? Round(mean / downside * annualise) : null;
        }

        return new BacktestMetrics(
            Money.FromUnits(pnl),
            Money.FromUnits(fees),
            trades,
            closes,
            closes > 0 ? Round((double)wins / closes) : null,
            sharpe,
            sortino,
            Money.FromUnits(drawdown),
            Round(drawdown / (StartingCash.Units + (double)peakAtDrawdown)),
            Money.FromUnits(exposure),
            Money.FromUnits(notional),
            Round(notional / capital));
    }

    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);
}
