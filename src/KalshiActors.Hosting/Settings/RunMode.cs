namespace KalshiActors.Hosting.Settings;

/// <summary>What the node does with orders and where its market data comes from (`kalshi-actors.mode`).</summary>
public enum RunMode
{
    /// <summary>The embedded exchange on loopback with synthetic markets; no credentials needed.</summary>
    Simulator,

    /// <summary>Real or simulated market data, fills simulated in process; nothing is sent to an exchange.</summary>
    Paper,

    /// <summary>Orders go to Kalshi's demo exchange.</summary>
    Demo,

    /// <summary>Orders go to the production exchange.</summary>
    Live,

    /// <summary>Recorded market data or a journal through the same actors on a virtual clock.</summary>
    Backtest,

    /// <summary>One of several nodes sharing PostgreSQL, markets split into shards.</summary>
    Cluster,
}
