using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Strategies.Models;

/// <summary>The best leg to buy: its price, the fee one contract pays there, and the edge per contract after that fee.</summary>
/// <param name="Side">The leg.</param>
/// <param name="Probability">The model's probability that this leg pays.</param>
/// <param name="Price">The limit price of the leg (its ask when taking, at or just above its bid when making).</param>
/// <param name="FeePerContract">The exchange fee of one contract at that price and liquidity side.</param>
/// <param name="Edge">Model value − price − fee, per contract; the model value is rounded down to $0.0001.</param>
/// <param name="Available">What rests at the price (for taking orders), else null.</param>
public sealed record SideQuote(Side Side, double Probability, Price Price, Money FeePerContract, Money Edge, Quantity? Available);

/// <summary>Edge after the real Kalshi fee on the YES and the NO leg of a binary market.</summary>
public static class SideEdge
{
    // Fee of one contract by (fee type, multiplier, price, taker): the exact formula divides 128-bit integers, which costs
    // more than the rest of an evaluation, and there are at most 10,001 prices per series setting.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(FeeType, long, long, bool), Money> OneContractFees = new();

    /// <summary>The exchange fee of one contract at <paramref name="price"/> (rounded up to $0.0001, as charged per fill).</summary>
    public static Money FeePerContract(SeriesFeeParameters fees, bool taker, Price price)
    {
        ArgumentNullException.ThrowIfNull(fees);
        var key = (fees.FeeType, fees.MultiplierUnits, price.Units, taker);
        if (!OneContractFees.TryGetValue(key, out var fee))
        {
            fee = FeeSchedule.Fee(fees, taker, price, Quantity.FromContracts(1), FeeRounding.UpToCentiCent);
            OneContractFees.TryAdd(key, fee);
        }

        return fee;
    }

    /// <summary>The model value of a leg that pays with <paramref name="probability"/>, rounded down to $0.0001 (never overstated).</summary>
    public static Money ModelValue(double probability) =>
        Money.FromUnits((long)Math.Floor(Math.Clamp(probability, 0, 1) * Money.UnitsPerDollar));

    /// <summary>
    /// The price a maker would bid on a leg: one tick above its best bid when that still leaves it below the ask
    /// (improving the queue position), else the best bid itself; null when the leg has no bid to join.
    /// </summary>
    public static Price? MakerPrice(Price? bid, Price? ask, TickStructure ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (bid is not { } best)
        {
            return null;
        }

        if (best.Units < Price.UnitsPerDollar && ticks.Snap(Price.FromUnits(best.Units + 1), SnapDirection.Up) is { } better
            && (ask is null || better < ask.Value))
        {
            return better;
        }

        return best;
    }

    /// <summary>The edge of buying <paramref name="side"/> (null when the leg has no usable price).</summary>
    public static SideQuote? Quote(Side side, double probabilityYes, BookTop top, bool taker, SeriesFeeParameters fees, TickStructure ticks)
    {
        ArgumentNullException.ThrowIfNull(top);
        return Leg(side, probabilityYes, top, taker, fees, ticks)?.ToQuote(top, taker);
    }

    /// <summary>The leg with the larger edge, if that edge is at least <paramref name="minimumEdge"/>.</summary>
    public static SideQuote? Best(double probabilityYes, BookTop top, bool taker, SeriesFeeParameters fees, TickStructure ticks, Money minimumEdge)
    {
        ArgumentNullException.ThrowIfNull(top);

        // Asked on every book update of every market a strategy trades, and almost always answered with no leg: the legs are
        // compared as values and only the one that clears the minimum becomes a quote.
        var yes = Leg(Side.Yes, probabilityYes, top, taker, fees, ticks);
        var no = Leg(Side.No, probabilityYes, top, taker, fees, ticks);
        var best = yes is null ? no : no is null ? yes : (no.Value.Edge > yes.Value.Edge ? no : yes);
        return best is { } leg && leg.Edge >= minimumEdge ? leg.ToQuote(top, taker) : null;
    }

    private static LegEdge? Leg(Side side, double probabilityYes, BookTop top, bool taker, SeriesFeeParameters fees, TickStructure ticks)
    {
        var probability = side == Side.Yes ? probabilityYes : 1 - probabilityYes;
        var price = taker ? top.AskOf(side) : MakerPrice(top.BidOf(side), top.AskOf(side), ticks);
        if (price is not { } limit || limit.Units <= 0 || limit.Units >= Price.UnitsPerDollar)
        {
            return null;
        }

        var fee = FeePerContract(fees, taker, limit);
        var edge = ModelValue(probability) - Money.FromUnits(limit.Units) - fee;
        return new LegEdge(side, probability, limit, fee, edge);
    }

    private readonly record struct LegEdge(Side Side, double Probability, Price Price, Money FeePerContract, Money Edge)
    {
        public SideQuote ToQuote(BookTop top, bool taker) => new(Side, Probability, Price, FeePerContract, Edge, taker ? top.AskSizeOf(Side) : null);
    }
}
