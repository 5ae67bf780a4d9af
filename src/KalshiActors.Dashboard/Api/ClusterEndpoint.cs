using KalshiActors.Dashboard.Bridge;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Microsoft.AspNetCore.Http;

namespace KalshiActors.Dashboard.Api;

/// <summary>`GET /api/cluster`: members, shard owners with epochs, budget leases, the kill switch and the account's positions.</summary>
internal static class ClusterEndpoint
{
    /// <summary>What a single node answers: a clear mode, no rows (the page hides its cluster panel).</summary>
    public static readonly ClusterView SingleNode = new("single-node", null, 0, null, [], [], [], null, 0, null, null, [], 0);

    public static async Task<IResult> GetAsync(DashboardContext dashboard, CancellationToken ct)
    {
        if (!dashboard.Node.Clustered)
        {
            return Results.Ok(SingleNode);
        }

        var (view, problem) = await ReadAsync(dashboard.Actors, dashboard.Positions, ct).ConfigureAwait(false);
        return problem ?? Results.Ok(view);
    }

    /// <summary>The cluster view now (for the API and the WebSocket's `cluster` message), or the problem to answer instead.</summary>
    public static async Task<(ClusterView? View, IResult? Problem)> ReadAsync(ActorGateway actors, JournalPositions positions, CancellationToken ct)
    {
        ClusterState? state;
        IResult? problem;
        try
        {
            (state, problem) = await actors.AskAsync<ClusterState>(ActorNames.ClusterPath, new GetClusterState(), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (null, Problems.Unavailable($"the cluster's database could not be read: {e.Message}"));
        }

        if (problem is not null)
        {
            return (null, problem);
        }

        var (rows, fills) = await positions.ReadAsync(ct).ConfigureAwait(false);
        return (View(state!, rows, fills), null);
    }

    internal static ClusterView View(ClusterState state, IReadOnlyList<ClusterPositionRow> positions, long fills)
    {
        var live = state.Members.Where(m => m.Live).Select(m => m.NodeId).ToHashSet(StringComparer.Ordinal);
        var members = state.Members
            .Select(m => new ClusterMemberRow(
                m.NodeId,
                m.Live,
                m.TradingState is { } t ? ViewMapping.Text(t) : null,
                m.Live ? state.Shards.Count(s => s.Owner == m.NodeId) : 0,
                m.StartedAt,
                m.HeartbeatAt))
            .ToList();
        var shards = state.Shards.Select(s => new ShardRow(s.Shard, s.Owner, s.Owner is { } o && live.Contains(o), s.Epoch, s.AcquiredAt)).ToList();
        var budgets = state.Budgets.Select(b => new BudgetRow(b.NodeId, b.MaxExposure.ToDollarString(), b.MaxPositions, b.ExpiresAt)).ToList();
        var leased = state.Budgets.Aggregate(Money.Zero, (sum, b) => sum + b.MaxExposure);
        var control = state.Control is { } c ? new ClusterControlView(c.Halted, c.Generation, c.Reason, c.Operator, c.ChangedBy, c.ChangedAt) : null;
        return new ClusterView(
            "cluster", state.NodeId, state.ShardCount, state.At, members, shards, budgets, state.AccountMaxExposure.ToDollarString(), state.AccountMaxPositions,
            leased.ToDollarString(), control, positions, fills);
    }
}
