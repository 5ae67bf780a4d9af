using KalshiActors.Domain;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Replay;

/// <summary>Keeps the trades of one book operation for the caller to turn into fills; levels and order changes need no listener here.</summary>
internal sealed class TradeCollector : IMatchListener
{
    private readonly List<BookTrade> _trades = [];

    public void OnTrade(in BookTrade trade) => _trades.Add(trade);

    public void OnLevelChanged(BookSide side, int price, long delta)
    {
    }

    public void OnOrderChanged(SimOrder order)
    {
    }

    /// <summary>The trades since the last call, oldest first.</summary>
    public List<BookTrade> Drain()
    {
        var trades = new List<BookTrade>(_trades);
        _trades.Clear();
        return trades;
    }
}
