using KalshiActors.Domain;
namespace KalshiActors.Simulator.Matching;

/// <summary>Receives what a book did, in the order it happened, so the exchange can book money and publish messages.</summary>
internal interface IMatchListener
{
    /// <summary>A taker order traded against a resting maker order at the maker's YES price.</summary>
    void OnTrade(in BookTrade trade);

    /// <summary>The resting size at (side, YES price) changed by <paramref name="delta"/> (1/100 contract).</summary>
    void OnLevelChanged(BookSide side, int price, long delta);

    /// <summary>An order's fill state, status, price or size changed.</summary>
    void OnOrderChanged(SimOrder order);
}

/// <summary>One match between a taker and a maker.</summary>
/// <param name="Sequence">Book-local trade number, starting at 1; the exchange turns it into a trade id.</param>
/// <param name="Taker">The incoming order.</param>
/// <param name="Maker">The resting order it hit.</param>
/// <param name="Price">YES price of the trade (the maker's price), 1/10,000 dollar.</param>
/// <param name="Quantity">Contracts traded, 1/100 contract.</param>
/// <param name="TakerFee">Fee charged to the taker, micro-dollars.</param>
/// <param name="MakerFee">Fee charged to the maker, micro-dollars.</param>
internal readonly record struct BookTrade(long Sequence, SimOrder Taker, SimOrder Maker, int Price, long Quantity, long TakerFee, long MakerFee);

/// <summary>A listener that ignores everything, for benchmarks and engine tests that only inspect the book.</summary>
internal sealed class NullMatchListener : IMatchListener
{
    /// <summary>The shared instance.</summary>
    public static readonly NullMatchListener Instance = new();

    /// <inheritdoc />
    public void OnTrade(in BookTrade trade)
    {
    }

    /// <inheritdoc />
    public void OnLevelChanged(BookSide side, int price, long delta)
    {
    }

    /// <inheritdoc />
    public void OnOrderChanged(SimOrder order)
    {
    }
}
