using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;

namespace KalshiActors.Dashboard;

/// <summary>A strategy instance as the dashboard shows it (the host asks the strategy actors).</summary>
public sealed record StrategyInfo(string Id, string Kind, bool Enabled, long SignalsRaised, IReadOnlyDictionary<string, string> Overrides);

/// <summary>What the hosting node hands the dashboard: its actor system and journal, its mode and a few questions only the host can answer.</summary>
public sealed record DashboardNode
{
    /// <summary>The node's actor system (the dashboard's actors live in it; it talks to the others by path).</summary>
    public required ActorSystem System { get; init; }

    /// <summary>The node's journal (audit log, history, the configuration events).</summary>
    public required EventJournal Journal { get; init; }

    /// <summary>The mode the node runs in (`simulator`, `paper`, `demo`, `live`).</summary>
    public required string Mode { get; init; }

    /// <summary>Whether orders reach a real exchange (live or demo, started with --confirm-live); only then may the API ask for live trading.</summary>
    public required bool StartedLive { get; init; }

    /// <summary>What the node trades against, in words.</summary>
    public required string Exchange { get; init; }

    /// <summary>When the node started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The configured strategy instance ids.</summary>
    public required IReadOnlyList<string> StrategyIds { get; init; }

    /// <summary>The node's state digest now.</summary>
    public required Func<CancellationToken, Task<string>> ComputeDigest { get; init; }

    /// <summary>The strategies' state now (null: the dashboard shows the configured ids only).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<StrategyInfo>>>? Strategies { get; init; }

    /// <summary>
    /// Whether the node is one of a cluster: then `GET /api/cluster` answers from <c>/user/cluster</c> and the shared journal,
    /// and the kill switch and risk reset go to <c>/user/cluster</c>, which applies them on every node.
    /// </summary>
    public bool Clustered { get; init; }

    /// <summary>Where one-time notices go (the token file's path when it is created); nowhere when null.</summary>
    public Action<string>? Notice { get; init; }
}
