using KalshiActors.Domain;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator;

/// <summary>What the exchange publishes as it happens; the WebSocket hub turns each call into channel messages.</summary>
/// <remarks>Called while the exchange lock is held, so implementations must only enqueue, never block.</remarks>
internal interface ISimulatorFeed
{
    /// <summary>Resting size at (side, YES price) changed.</summary>
    void BookChanged(SimMarket market, BookSide side, int price, long delta, DateTimeOffset time);

    /// <summary>Top of book, last price, volume or open interest changed.</summary>
    void TickerChanged(SimMarket market, DateTimeOffset time);

    /// <summary>A public trade printed.</summary>
    void TradePrinted(SimMarket market, string tradeId, int yesPrice, long quantity, BookSide takerSide, DateTimeOffset time);

    /// <summary>A private fill for an account.</summary>
    void Filled(SimAccount account, FillRecord fill);

    /// <summary>An account's order changed.</summary>
    void OrderChanged(SimAccount account, SimOrder order);

    /// <summary>An account's position changed.</summary>
    void PositionChanged(SimAccount account, SimPosition position);

    /// <summary>A market lifecycle event (`created`, `activated`, `close_date_updated`, `determined`, `settled`).</summary>
    void Lifecycle(SimMarket market, string eventType, DateTimeOffset time);
}
