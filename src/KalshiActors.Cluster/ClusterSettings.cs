using KalshiActors.Domain;

namespace KalshiActors.Cluster;

/// <summary>What a cluster node trades against.</summary>
public enum ClusterVenue
{
    /// <summary>A shared simulator (exchange.environments.simulator; never embedded: every node must see the same exchange).</summary>
    Simulator,

    /// <summary>The configured Kalshi exchange (exchange.environment); needs --confirm-live.</summary>
    Exchange,
}

/// <summary>`kalshi-actors.cluster`: membership, shard leases and the account-wide risk budget of a cluster node.</summary>
public sealed record ClusterSettings
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.cluster";

    /// <summary>The defaults of reference.conf.</summary>
    public static ClusterSettings Default { get; } = new();

    /// <summary>This node's id (letters, digits, '-', '_'; at most 40); empty = the machine name.</summary>
    public string NodeId { get; init; } = string.Empty;

    /// <summary>How many shards the markets are hashed into; every node of a cluster must agree (the database keeps it).</summary>
    public int ShardCount { get; init; } = 64;

    /// <summary>How often the node heartbeats, checks its lock connection, balances shards and renews its budget.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a node trades on after its last successful database round, and after which a silent member counts as gone.
    /// A dead node's shards are owned again within this time.
    /// </summary>
    public TimeSpan LeaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a leased risk budget stays reserved without renewal; a dead node's budget is reclaimed after it.</summary>
    public TimeSpan BudgetLeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a node waits between closing a shard it hands off (no new orders) and releasing its lock.</summary>
    public TimeSpan HandoffGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>What the cluster trades against.</summary>
    public ClusterVenue Venue { get; init; } = ClusterVenue.Simulator;

    /// <summary>Account-wide cap on worst-case loss across all nodes, split into leased budgets.</summary>
    public Money AccountMaxExposure { get; init; } = Money.FromDollars(100);

    /// <summary>Account-wide cap on markets with positions or orders, split into leased budgets.</summary>
    public int AccountMaxPositions { get; init; } = 20;

    /// <summary>The node id in force: <see cref="NodeId"/>, or the machine name when empty.</summary>
    public string ResolvedNodeId => NodeId.Length > 0 ? NodeId : Sanitize(Environment.MachineName);

    /// <summary>Every problem with these settings (empty when valid), each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (NodeId.Length > 0 && !IsNodeId(NodeId))
        {
            problems.Add($"node-id '{NodeId}' must be 1 to 40 letters, digits, '-' or '_'");
        }

        if (ShardCount is < 1 or > 4096)
        {
            problems.Add("shard-count must be between 1 and 4096");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add("heartbeat-interval must be at least 100ms");
        }

        if (LeaseTimeout < HeartbeatInterval * 2)
        {
            problems.Add("lease-timeout must be at least twice heartbeat-interval (one missed heartbeat must not fence a node)");
        }

        if (BudgetLeaseDuration <= LeaseTimeout)
        {
            problems.Add("budget-lease-duration must be longer than lease-timeout (a node stops trading before its budget can be reclaimed)");
        }

        if (HandoffGrace < TimeSpan.Zero || HandoffGrace >= LeaseTimeout)
        {
            problems.Add("handoff-grace must be between 0 and lease-timeout");
        }

        if (AccountMaxExposure.Units <= 0)
        {
            problems.Add("account-max-exposure must be positive");
        }

        if (AccountMaxPositions < 1)
        {
            problems.Add("account-max-positions must be at least 1");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem; returns the settings when valid.</summary>
    public ClusterSettings Validated()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new ArgumentException("kalshi-actors.cluster: " + string.Join("; ", problems));
    }

    /// <summary>Whether <paramref name="id"/> is a valid node id.</summary>
    public static bool IsNodeId(string id) =>
        id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Sanitize(string name)
    {
        var clean = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return clean.Length switch
        {
            0 => "node",
            > 40 => clean[..40],
            _ => clean,
        };
    }
}
