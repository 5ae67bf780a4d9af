namespace KalshiActors.Hosting.Node;

/// <summary>Where paper mode takes its market data from (`kalshi-actors.node.paper-market-data`).</summary>
public enum PaperMarketData
{
    /// <summary>The embedded (or configured) simulator; nothing leaves the machine.</summary>
    Simulator,

    /// <summary>The real exchange's public and private feeds (needs API keys); orders are still only simulated.</summary>
    Exchange,
}

/// <summary>`kalshi-actors.node`: how the trading node runs, reports and shuts down.</summary>
public sealed record NodeSettings
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.node";

    /// <summary>How often the one-line status is printed; zero turns it off.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long each shutdown step (cancel-all, digest, journal flush) may take before the node moves on.</summary>
    public TimeSpan ShutdownStepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Series or market tickers (prefix match) the node trades; empty = every open market the exchange lists.</summary>
    public IReadOnlyList<string> Markets { get; init; } = [];

    /// <summary>Whether simulator mode starts its own simulator; off = connect to exchange.environments.simulator with keys from the environment.</summary>
    public bool EmbeddedSimulator { get; init; } = true;

    /// <summary>How often the simulator fair-value feeds (spot, game state) poll the simulator's hidden state.</summary>
    public TimeSpan FairValuePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the node logs its state digest and records it in the journal (StateDigestRecorded); zero = only at shutdown.</summary>
    public TimeSpan DigestInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where paper mode takes market data from.</summary>
    public PaperMarketData PaperMarketData { get; init; } = PaperMarketData.Simulator;

    /// <summary>Whether a market's ticker (or its series) is one the node trades.</summary>
    public bool Trades(string ticker) =>
        Markets.Count == 0 || Markets.Any(prefix => ticker.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
