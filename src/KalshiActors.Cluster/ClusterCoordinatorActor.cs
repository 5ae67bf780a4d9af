using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cluster;

/// <summary>
/// <c>/user/cluster</c>: every heartbeat interval runs one database round (heartbeat, shard balancing, budget renewal) off
/// its own thread, applies the result to the lease gate, publishes <see cref="ShardLeasesChanged"/>, hands the granted
/// budget to the risk guardian and answers <see cref="GetClusterState"/>. When no round has succeeded for the lease
/// timeout it fences the node (every shard lease dropped) and starts over on a new connection. It also carries the
/// cluster-wide kill switch (see ClusterCoordinatorActor.Control.cs).
/// </summary>
internal sealed partial class ClusterCoordinatorActor : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private const int RegistrationRounds = 2;

    private readonly ClusterNode _node;
    private readonly ShardLeaseGate _gate;
    private readonly ILogger _log;

    // Shards closed for handoff (no trading) whose lock is still held, with the time the lock may be released.
    private readonly Dictionary<int, DateTimeOffset> _releasing = [];

    // A round is running; ticks meanwhile only check the fence.
    private bool _roundInFlight;

    // Rounds completed; the node acquires shards only after registering for a few rounds, so nodes starting together see each other.
    private int _rounds;

    // The node fenced itself; the next round starts on a new lock connection.
    private bool _dropConnection;

    // The budget in force at the guardian, and what the guardian last reported using of it.
    private RiskBudget? _budget;
    private RiskBudget _inUse = RiskBudget.None;

    private ClusterCoordinatorActor(ClusterNode node)
    {
        _node = node;
        _gate = node.Gate;
        _log = Context.GetLogger();
        Receive<Tick>(_ => OnTick());
        Receive<RoundResult>(OnRound);
        Receive<RoundFailed>(OnRoundFailed);
        Receive<RiskLimitsUpdated>(m => _inUse = new RiskBudget(m.TotalExposure, m.ActiveMarkets));
        Receive<GetClusterState>(_ => _node.ReadStateAsync(CancellationToken.None).PipeTo(Sender, Self));
        Receive<ActivateKillSwitch>(OnKillSwitch);
        Receive<ResetRiskHalt>(OnReset);
        Receive<ControlCommandDone>(OnControlCommandDone);
        Receive<RiskCommandResult>(OnGuardianApplied);
        Receive<RiskStatus>(s => _tradingState = s.State);
        Receive<TradingStateChanged>(t => _tradingState = t.To);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the cluster actor.</summary>
    public static Props Props(ClusterNode node) => Kernel.Props.Create(() => new ClusterCoordinatorActor(node));

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TradingStateChanged));
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, TimeSpan.Zero, _node.Settings.HeartbeatInterval);
        _log.LogInformation(
            "Cluster node {NodeId} joining: {Shards} shards, heartbeat {Heartbeat}, lease timeout {LeaseTimeout}",
            _node.NodeId, _node.Settings.ShardCount, _node.Settings.HeartbeatInterval, _node.Settings.LeaseTimeout);
    }

    private void OnTick()
    {
        if (!_gate.IsLive && _gate.Held.Count > 0)
        {
            Fence($"no successful database round for {_node.Settings.LeaseTimeout.TotalSeconds:0.#}s");
        }

        RetryUnwrittenKill();
        if (_roundInFlight)
        {
            return;
        }

        _roundInFlight = true;
        var now = Now;
        var input = new RoundInput(
            _gate.Held,
            _releasing.Keys.ToHashSet(),
            [.. _releasing.Where(r => r.Value <= now).Select(r => r.Key)],
            // A node joining a halted cluster applies the kill switch before it may take any shard.
            _rounds >= RegistrationRounds && _appliedGeneration is not null,
            _dropConnection,
            _inUse,
            _tradingState,
            TakenControlToRecord,
            ReadTakenControl: _appliedGeneration is null);
        _dropConnection = false;
        var limit = new CancellationTokenSource(_node.Settings.LeaseTimeout / 2);
        _node.RunRoundAsync(input, limit.Token)
            .ContinueWith(
                t =>
                {
                    limit.Dispose();
                    return t;
                },
                TaskScheduler.Default)
            .Unwrap()
            .PipeTo(Self, Self, result => result, failure => new RoundFailed(failure));
    }

    private void OnRound(RoundResult round)
    {
        _roundInFlight = false;
        _rounds++;
        if (round.TakenControl is { } recorded)
        {
            _recordedGeneration = recorded;
        }

        ApplyControl(round.Control, round.TakenControl);
        var before = _gate.Held;
        var held = new Dictionary<int, long>(before);
        foreach (var shard in round.Lost)
        {
            held.Remove(shard);
        }

        if (round.Reconnected)
        {
            _releasing.Clear();
        }

        foreach (var shard in round.Unlocked)
        {
            _releasing.Remove(shard);
        }

        foreach (var (shard, epoch) in round.Acquired)
        {
            held[shard] = epoch;
        }

        foreach (var shard in round.Release)
        {
            held.Remove(shard);
            _releasing[shard] = Now + _node.Settings.HandoffGrace;
        }

        _gate.SetHeld(held);
        _gate.Renew(round.StartedAt, _node.Settings.LeaseTimeout);
        var lost = before.Keys.Where(s => !held.ContainsKey(s)).Order().ToList();
        if (round.Acquired.Count > 0 || lost.Count > 0)
        {
            _log.LogInformation(
                "Shards of {NodeId}: +{Gained} -{Lost} = {Held} (target {Target} of {ShardCount} among {Members} live members: {MemberList}); gained {GainedShards}, handed off {LostShards}",
                _node.NodeId, round.Acquired.Count, lost.Count, held.Count, round.Target, _node.Settings.ShardCount, round.LiveMembers.Count,
                string.Join(",", round.LiveMembers), string.Join(",", round.Acquired.Keys.Order()), string.Join(",", lost));
            Context.System.EventStream.Publish(new ShardLeasesChanged(new SortedDictionary<int, long>(round.Acquired.ToDictionary()), lost, Now));
        }

        if (_budget != round.Budget)
        {
            _log.LogInformation(
                "Risk budget of {NodeId}: exposure {Exposure}, positions {Positions} (until {Expires:HH:mm:ss})",
                _node.NodeId, round.Budget.MaxExposure, round.Budget.MaxPositions, round.BudgetExpiresAt);
            _budget = round.Budget;
        }

        // Sent every round, so a restarted guardian gets its budget again and its usage report stays fresh.
        Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(new UpdateRiskLimits(round.Budget.MaxExposure, Math.Max(0, round.Budget.MaxPositions)), Self);
        if (_tradingState is null)
        {
            // Reported in the heartbeat; kept current by TradingStateChanged once known.
            Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(new GetRiskStatus(), Self);
        }
    }

    private void OnRoundFailed(RoundFailed failed)
    {
        _roundInFlight = false;
        var cause = failed.Cause is AggregateException { InnerException: { } inner } ? inner : failed.Cause;
        _log.LogWarning("Cluster round of {NodeId} failed: {Reason}; leases stay live until the lease timeout", _node.NodeId, cause.Message);
        if (!_gate.IsLive && _gate.Held.Count > 0)
        {
            Fence("the database round failed: " + cause.Message);
        }
    }

    private void Fence(string reason)
    {
        var lost = _gate.Held.Keys.Order().ToList();
        _gate.Fence();
        _releasing.Clear();
        _dropConnection = true;
        _log.LogWarning("FENCED: node {NodeId} stopped trading its {Count} shards ({Reason})", _node.NodeId, lost.Count, reason);
        Context.System.EventStream.Publish(new ShardLeasesChanged(new Dictionary<int, long>(), lost, Now));
        Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(new UpdateRiskLimits(Money.Zero, 0), Self);
        _budget = null;
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record RoundFailed(Exception Cause);
}
