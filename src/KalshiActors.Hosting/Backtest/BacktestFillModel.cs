namespace KalshiActors.Hosting.Backtest;

/// <summary>How a backtest's orders fill (`backtest --fill-model`).</summary>
public enum BacktestFillModel
{
    /// <summary>The paper queue model paper trading uses (Execution's PaperExchange): what paper mode would have done.</summary>
    Paper,

    /// <summary>
    /// The simulator's matching engine holding the recorded levels as resting orders: our orders join its price-time
    /// queues with self-trade prevention, and an amend that crosses trades at once.
    /// </summary>
    Matching,
}
