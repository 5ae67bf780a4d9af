using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// Strategy 4, buy-the-dip: candidates are the scanner's best `top-n` markets whose YES price dropped by at least
/// `min-drop` over `drop-horizon`; one is bought (YES, the dipped leg) when its ask lies in [`min-price`, `max-price`], its
/// spread is at most `max-spread`, it closes no sooner than `min-time-to-close`, fewer than `max-positions` are held, and
/// the edge after the fee clears `min-edge`, the model value being mid + `reversion-fraction` × drop. A holding is sold
/// at the bid on the first of: profit target (bid ≥ entry + `profit-target`), stop loss (bid ≤ entry − `stop-loss`),
/// time stop (`time-stop-fraction` of the time that was left to the close at entry has passed) and capital rotation
/// (every slot is taken and a candidate scores `rotation-ratio` times the weakest holding, which is then sold).
/// </summary>
internal sealed class BuyTheDipModel : IStrategyModel, IScanObserver, IExitRule
{
    // The latest scan's markets by ticker (ranking scores for rotation), and those passing the dip filters.
    private Dictionary<MarketTicker, ScannedMarket> _ranked = [];
    private Dictionary<MarketTicker, ScannedMarket> _candidates = [];

    public void Observe(FairValueObservation observation, StrategyParameters parameters)
    {
    }

    public string? UnderlyingOf(MarketInfo market, StrategyParameters parameters) => null;

    public IReadOnlyList<MarketTicker> ObserveScan(ScanCompleted scan, StrategyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var dip = parameters.Dip;
        _ranked = scan.Ranked.GroupBy(m => m.Ticker).ToDictionary(g => g.Key, g => g.First());
        _candidates = scan.Ranked
            .Where(m => m.Rank <= dip.TopN && Drop(m, dip) is { } drop && drop >= dip.MinDrop.Units)
            .GroupBy(m => m.Ticker)
            .ToDictionary(g => g.Key, g => g.First());
        return [.. _candidates.Keys];
    }

    /// <summary>The YES price drop over the configured horizon in price units (positive = it fell), if the scan knows it.</summary>
    internal static long? Drop(ScannedMarket market, DipParameters dip) =>
        (dip.UseSevenDays ? market.Change7d : market.Change24h) is { } change ? -change.Units : null;

    public ModelEstimate? Estimate(ModelContext context)
    {
        var dip = context.Parameters.Dip;
        var book = context.Book;
        var positions = context.Positions?.Count ?? 0;
        if (!_candidates.TryGetValue(context.Market.Ticker, out var scanned) || positions >= dip.MaxPositions
            || context.Market.CloseTime is not { } close || close - context.Now < dip.MinTimeToClose
            || book.Top.YesAsk is not { } ask || ask < dip.MinPrice || ask > dip.MaxPrice
            || book.Spread is not { } spread || spread > dip.MaxSpread || book.Mid is not { } mid
            || Drop(scanned, dip) is not { } drop)
        {
            return null;
        }

        var fair = (mid.Units + (dip.ReversionFraction * drop)) / Price.UnitsPerDollar;
        return new ModelEstimate(
            Math.Clamp(fair, 0, 1),
            [],
            EstimateBasis.Of(() => string.Create(CultureInfo.InvariantCulture, $"dip: rank {scanned.Rank}, YES fell {Price.FromUnits(drop)} over {(dip.UseSevenDays ? "7d" : "24h")}, mid {mid} + {dip.ReversionFraction:F2} of the drop back")),
            Side.Yes);
    }

    public ExitDecision? Exit(ModelContext context, OwnPosition position)
    {
        var dip = context.Parameters.Dip;
        if (context.Book.Top.BidOf(position.Side) is not { } bid)
        {
            return null;
        }

        var probability = bid.Units / (double)Price.UnitsPerDollar;
        if (bid.Units >= position.AverageEntry.Units + dip.ProfitTarget.Units)
        {
            return new ExitDecision($"profit target: bid {bid} ≥ entry {position.AverageEntry} + {dip.ProfitTarget}", bid, probability);
        }

        if (bid.Units <= position.AverageEntry.Units - dip.StopLoss.Units)
        {
            return new ExitDecision($"stop loss: bid {bid} ≤ entry {position.AverageEntry} − {dip.StopLoss}", bid, probability);
        }

        if (TimeStop(position, dip) is { } deadline && context.Now >= deadline)
        {
            return new ExitDecision($"time stop: {dip.TimeStopFraction:P0} of the time to the close at entry passed at {deadline:O}", bid, probability);
        }

        return Rotation(context, position, dip) is { } better
            ? new ExitDecision($"rotation: {better.Ticker} scores {better.ScoreMicros} vs {Score(position.Ticker)} for the weakest holding", bid, probability)
            : null;
    }

    /// <summary>When the time stop of <paramref name="position"/> falls, if its market's close was known at entry.</summary>
    internal static DateTimeOffset? TimeStop(OwnPosition position, DipParameters dip) =>
        position.CloseTimeAtEntry is { } close && close > position.EnteredAt
            ? position.EnteredAt + TimeSpan.FromTicks((long)((close - position.EnteredAt).Ticks * dip.TimeStopFraction))
            : null;

    private ScannedMarket? Rotation(ModelContext context, OwnPosition position, DipParameters dip)
    {
        var held = context.Positions;
        if (held is null || held.Count < dip.MaxPositions)
        {
            return null;
        }

        // Only the weakest holding rotates (ties: the first ticker in ordinal order), so one scan frees one slot.
        var weakest = held.Keys.OrderBy(Score).ThenBy(t => t.Value, StringComparer.Ordinal).First();
        if (weakest != position.Ticker)
        {
            return null;
        }

        var best = _candidates.Values.Where(c => !held.ContainsKey(c.Ticker)).OrderByDescending(c => c.ScoreMicros).FirstOrDefault();
        return best is not null && best.ScoreMicros >= dip.RotationRatio * Math.Max(1, Score(position.Ticker)) ? best : null;
    }

    private long Score(MarketTicker ticker) => _ranked.TryGetValue(ticker, out var market) ? market.ScoreMicros : 0;
}
