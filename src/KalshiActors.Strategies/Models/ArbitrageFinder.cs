using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Strategies.Models;

/// <summary>Which structure an arbitrage exploits.</summary>
public enum ArbitrageKind
{
    /// <summary>YES on every market of a mutually exclusive, exhaustive event: exactly one pays $1.</summary>
    ExclusiveEvent,

    /// <summary>YES above a lower strike and NO above a higher one: at least one pays $1 whatever the outcome.</summary>
    StrikeLadder,
}

/// <summary>One market's tradable state as the finder needs it.</summary>
/// <param name="Market">The market (strikes, fees).</param>
/// <param name="Top">Its best prices and sizes.</param>
/// <param name="Age">How old its book is (now − received).</param>
public sealed record ArbitrageQuote(MarketInfo Market, BookTop Top, TimeSpan Age);

/// <summary>One leg to buy (taker, fill-or-kill) at <see cref="Price"/>; <see cref="Fee"/> is the order's estimated fee at the set's size.</summary>
public sealed record ArbitrageLeg(MarketTicker Ticker, Side Side, Price Price, Quantity Available, Money Fee);

/// <summary>
/// A set of legs that pays at least $1 per set whatever happens. <see cref="Cost"/> and <see cref="Profit"/> are for
/// <see cref="Size"/> sets, fees included; <see cref="Score"/> = return × confidence × ln(size in contracts).
/// </summary>
public sealed record ArbitrageOpportunity(
    ArbitrageKind Kind,
    EventTicker EventTicker,
    IReadOnlyList<ArbitrageLeg> Legs,
    Quantity Size,
    Money Cost,
    Money Profit,
    double Return,
    double Confidence,
    double Score)
{
    /// <summary>Profit per set (per contract of each leg), rounded down to $0.0001.</summary>
    public Money ProfitPerSet => Size.Units <= 0 ? Money.Zero : Money.FromUnits(Profit.Units * Quantity.UnitsPerContract / Size.Units);
}

/// <summary>
/// Finds riskless sets of taker buys in one event. Exclusive event: the YES asks of all its markets plus their fees
/// below $1 per set. Strike ladder ("above K" markets of one event): P(above a) ≥ P(above b) for a &lt; b, so a YES ask at
/// a below the YES bid at b is a violation; buying YES(a) and NO(b) (NO ask = 1 − YES bid(b)) pays $1 below a, $2
/// between the strikes and $1 above b. Sizes are what rests at every leg's price, capped by <c>maxSize</c>, in whole
/// lots; fees are the exchange's taker fee of each whole order, rounded up to the cent (the estimate the guardian uses).
/// Ranking by return × confidence × ln(contracts) means one contract (ln 1 = 0) is never chased, however good its price.
/// </summary>
public static class ArbitrageFinder
{
    /// <summary>Every opportunity in <paramref name="quotes"/> (markets of one event) clearing the thresholds, best score first.</summary>
    public static IReadOnlyList<ArbitrageOpportunity> Find(
        IReadOnlyList<ArbitrageQuote> quotes,
        bool exclusive,
        Quantity maxSize,
        Quantity lotSize,
        double eventConfidence,
        double ladderConfidence,
        TimeSpan maxBookAge,
        double minReturn,
        Money minProfitPerSet)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var found = new List<ArbitrageOpportunity>();
        if (quotes.Count < 2)
        {
            return found;
        }

        if (exclusive)
        {
            var legs = quotes.Select(q => (q, Side.Yes)).ToList();
            if (Build(ArbitrageKind.ExclusiveEvent, legs, maxSize, lotSize, eventConfidence, maxBookAge) is { } set)
            {
                found.Add(set);
            }
        }
        else
        {
            var ladder = quotes.Where(q => q.Market.FloorStrike is > 0 && q.Market.CapStrike is null).OrderBy(q => q.Market.FloorStrike).ToList();
            for (var i = 0; i < ladder.Count; i++)
            {
                for (var j = i + 1; j < ladder.Count; j++)
                {
                    if (ladder[i].Market.FloorStrike < ladder[j].Market.FloorStrike
                        && Build(ArbitrageKind.StrikeLadder, [(ladder[i], Side.Yes), (ladder[j], Side.No)], maxSize, lotSize, ladderConfidence, maxBookAge) is { } set)
                    {
                        found.Add(set);
                    }
                }
            }
        }

        return [.. found.Where(o => o.Return >= minReturn && o.ProfitPerSet >= minProfitPerSet && o.Score > 0).OrderByDescending(o => o.Score)];
    }

    /// <summary>The set buying <paramref name="legs"/> at their asks, or null when a leg has no ask or the set does not pay.</summary>
    public static ArbitrageOpportunity? Build(
        ArbitrageKind kind,
        IReadOnlyList<(ArbitrageQuote Quote, Side Side)> legs,
        Quantity maxSize,
        Quantity lotSize,
        double structureConfidence,
        TimeSpan maxBookAge)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var size = maxSize.Units;
        var freshness = 1.0;
        foreach (var (quote, side) in legs)
        {
            if (quote.Top.AskOf(side) is not { } ask || ask.Units <= 0 || ask.Units >= Price.UnitsPerDollar || quote.Age > maxBookAge)
            {
                return null;
            }

            size = Math.Min(size, quote.Top.AskSizeOf(side).Units);
            freshness = Math.Min(freshness, 1 - (Math.Max(0, quote.Age.TotalMilliseconds) / Math.Max(1, maxBookAge.TotalMilliseconds)));
        }

        var lot = Math.Max(1, lotSize.Units);
        size = size / lot * lot;
        if (size <= 0)
        {
            return null;
        }

        var count = Quantity.FromUnits(size);
        var built = new List<ArbitrageLeg>(legs.Count);
        var cost = 0L;
        foreach (var (quote, side) in legs)
        {
            var ask = quote.Top.AskOf(side)!.Value;
            var fee = FeeSchedule.Fee(quote.Market.Fees, true, ask, count, FeeRounding.UpToCent);
            built.Add(new ArbitrageLeg(quote.Market.Ticker, side, ask, quote.Top.AskSizeOf(side), fee));
            cost += (ask.Units * size / Quantity.UnitsPerContract) + fee.Units;
        }

        var payout = Money.UnitsPerDollar * size / Quantity.UnitsPerContract;
        var profit = payout - cost;
        if (profit <= 0 || cost <= 0)
        {
            return null;
        }

        var ret = (double)profit / cost;
        var confidence = Math.Clamp(structureConfidence * freshness, 0, 1);
        var score = ret * confidence * Math.Log((double)size / Quantity.UnitsPerContract);
        return new ArbitrageOpportunity(kind, legs[0].Quote.Market.EventTicker, built, count, Money.FromUnits(cost), Money.FromUnits(profit), ret, confidence, score);
    }
}
