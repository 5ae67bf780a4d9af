using KalshiActors.Exchange.Wire;

namespace KalshiActors.Simulator.Server;

/// <summary>
/// Candlesticks built from the simulator's tape: a candle per period that had trades, ending on the period boundary after
/// its trades (as the exchange's <c>end_period_ts</c>), with the traded price's open/low/high/close and the volume.
/// </summary>
internal static class Candlesticks
{
    /// <summary>Candles ending in (<paramref name="startTs"/>, <paramref name="endTs"/>], oldest first, plus the latest one ending at or before the start when asked.</summary>
    public static List<CandlestickWire> Build(IEnumerable<TradeRecord> trades, long startTs, long endTs, int periodMinutes, bool includeLatestBeforeStart)
    {
        var period = periodMinutes * 60L;
        var buckets = trades
            .GroupBy(t => ((t.Time.ToUnixTimeSeconds() / period) + 1) * period)
            .OrderBy(g => g.Key)
            .ToList();
        var candles = buckets.Where(b => b.Key > startTs && b.Key <= endTs).Select(Candle).ToList();
        if (includeLatestBeforeStart && buckets.LastOrDefault(b => b.Key <= startTs) is { } before)
        {
            candles.Insert(0, Candle(before));
        }

        return candles;
    }

    private static CandlestickWire Candle(IGrouping<long, TradeRecord> bucket)
    {
        var ordered = bucket.OrderBy(t => t.Time).ToList();
        return new CandlestickWire
        {
            EndPeriodTs = bucket.Key,
            Price = new CandlePriceWire
            {
                OpenDollars = FixedPoint.Dollars(ordered[0].YesPrice),
                LowDollars = FixedPoint.Dollars(ordered.Min(t => t.YesPrice)),
                HighDollars = FixedPoint.Dollars(ordered.Max(t => t.YesPrice)),
                CloseDollars = FixedPoint.Dollars(ordered[^1].YesPrice),
            },
            VolumeFp = FixedPoint.Count(ordered.Sum(t => t.Quantity)),
        };
    }
}
