using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cluster;

/// <summary>
/// The cluster-wide kill switch. PostgreSQL's control row is the truth: an operator's kill switch or risk reset sent to
/// <c>/user/cluster</c> (by the dashboard) writes a new generation of it (and a control log row), every node reads it on
/// its heartbeat round and hands the change to its own risk guardian (which cancels its resting orders and halts, or
/// resets). A node joining while the cluster is halted applies the kill before it may take any shard; one coming back
/// after a reset it missed while away (the database records the generation each node's guardian took) resets.
/// </summary>
internal sealed partial class ClusterCoordinatorActor
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    // The control generation this node's guardian has been given; null until the first round read the control row.
    private long? _appliedGeneration;

    // An operator's kill switch applied here but not yet written to the database: retried every tick until it is.
    private ActivateKillSwitch? _unwrittenKill;

    // Control writes in flight; rounds meanwhile leave the control alone, so a node never applies its own change twice.
    private int _controlWrites;

    // The guardian's trading state (reported in the heartbeat); null until it answered.
    private TradingState? _tradingState;

    // The newest control generation the guardian has taken (answered, so journaled), and the one the database records
    // for this node: a node that comes back compares the record with the control row to catch up on what it missed.
    private long? _takenGeneration;
    private long? _recordedGeneration;

    // Generations handed to the guardian whose answer has not come yet, oldest first.
    private readonly Queue<long> _handedToGuardian = new();

    private long? TakenControlToRecord => _takenGeneration is { } taken && !(taken <= _recordedGeneration) ? taken : null;

    private void OnKillSwitch(ActivateKillSwitch command)
    {
        _log.LogWarning(
            "Cluster kill switch by {Operator} on {NodeId}: {Reason}; this node halts now, every other node on its next heartbeat",
            command.Operator, _node.NodeId, command.Reason);
        _unwrittenKill = null;
        _controlWrites++;
        KillAsync(Context.System, command, Sender, askGuardian: true).PipeTo(Self, Self);
    }

    private void OnReset(ResetRiskHalt command)
    {
        _log.LogWarning("Cluster risk reset by {Operator} on {NodeId}: {Reason}", command.Operator, _node.NodeId, command.Reason);
        _unwrittenKill = null;
        _controlWrites++;
        ResetAsync(Context.System, command, Sender).PipeTo(Self, Self);
    }

    private void RetryUnwrittenKill()
    {
        if (_unwrittenKill is { } kill && _controlWrites == 0)
        {
            _unwrittenKill = null;
            _controlWrites++;
            KillAsync(Context.System, kill, ActorRefs.Nobody, askGuardian: false).PipeTo(Self, Self);
        }
    }

    // Safety first: the local guardian gets the kill at once, whatever the database does; the write follows.
    private async Task<ControlCommandDone> KillAsync(ActorSystem system, ActivateKillSwitch command, IActorRef replyTo, bool askGuardian)
    {
        var local = askGuardian ? AskGuardianAsync(system, command) : Task.FromResult<RiskCommandResult?>(null);
        ClusterControl? control = null;
        Exception? failure = null;
        try
        {
            using var limit = new CancellationTokenSource(CommandTimeout);
            control = await _node.SetControlAsync(true, command.Reason, command.Operator, limit.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported to the operator and retried: the local halt stands either way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        return new ControlCommandDone(command, replyTo, await local.ConfigureAwait(false), control, failure);
    }

    // A reset is written first: applied locally without the database, the next round would halt the node again.
    private async Task<ControlCommandDone> ResetAsync(ActorSystem system, ResetRiskHalt command, IActorRef replyTo)
    {
        ClusterControl control;
        try
        {
            using var limit = new CancellationTokenSource(CommandTimeout);
            control = await _node.SetControlAsync(false, command.Reason, command.Operator, limit.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported to the operator: nothing was reset.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ControlCommandDone(command, replyTo, null, null, e);
        }

        return new ControlCommandDone(command, replyTo, await AskGuardianAsync(system, command).ConfigureAwait(false), control, null);
    }

    private static async Task<RiskCommandResult?> AskGuardianAsync(ActorSystem system, object command)
    {
        try
        {
            var guardian = await system.ActorSelection(ActorNames.RiskGuardianPath).ResolveOne(CommandTimeout).ConfigureAwait(false);
            return await guardian.Ask<RiskCommandResult>(command, CommandTimeout).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A guardian that does not answer is reported in the command's answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private void OnControlCommandDone(ControlCommandDone done)
    {
        _controlWrites--;
        if (done.Control is { } control && (_appliedGeneration is not { } applied || control.Generation > applied))
        {
            _appliedGeneration = control.Generation;
        }

        if (done.Control is { } taken && done.Guardian is not null)
        {
            Took(taken.Generation);
        }

        var guardian = done.Guardian is { } g ? $"this node: {g.Message}" : "this node's risk guardian did not answer";
        var state = done.Guardian?.State ?? _tradingState ?? TradingState.Halted;
        RiskCommandResult reply;
        if (done.Command is ActivateKillSwitch kill)
        {
            if (done.Control is { } written)
            {
                reply = new RiskCommandResult(
                    done.Guardian?.Accepted ?? true, state,
                    $"kill switch on across the cluster (generation {written.Generation}): every node cancels its resting orders and halts on its next heartbeat; {guardian}");
            }
            else
            {
                _unwrittenKill = kill;
                _log.LogError("Cluster kill switch not written to the database ({Reason}); this node is halted, retrying every heartbeat", done.Failure?.Message);
                reply = new RiskCommandResult(
                    done.Guardian?.Accepted ?? false, state,
                    $"this node halted, but the cluster's database could not be told ({done.Failure?.Message}); retrying every heartbeat until every node halts; {guardian}");
            }
        }
        else if (done.Control is { } reset)
        {
            reply = new RiskCommandResult(
                true, state, $"kill switch off across the cluster (generation {reset.Generation}): every node resets on its next heartbeat; {guardian}");
        }
        else
        {
            _log.LogError("Cluster risk reset not written to the database ({Reason}); nothing was reset", done.Failure?.Message);
            reply = new RiskCommandResult(
                false, state, $"reset refused: the cluster's database could not be written ({done.Failure?.Message}), and every node would halt again; nothing was reset");
        }

        if (!done.ReplyTo.IsNobody())
        {
            done.ReplyTo.Tell(reply, Self);
        }
    }

    // taken: the generation recorded for this node when the round read it (joining), else null.
    private void ApplyControl(ClusterControl control, long? taken)
    {
        // A round that read the row before this node's own write finished carries an older generation: never apply it.
        if (_controlWrites > 0 || control.Generation <= _appliedGeneration)
        {
            return;
        }

        var joining = _appliedGeneration is null;
        _appliedGeneration = control.Generation;
        var origin = $"cluster generation {control.Generation}, from {control.ChangedBy ?? "?"}";
        if (control.Halted)
        {
            _log.LogWarning(
                "Cluster kill switch on ({Origin}, by {Operator}: {Reason}): node {NodeId} cancels its resting orders and halts",
                origin, control.Operator, control.Reason, _node.NodeId);
            HandToGuardian(new ActivateKillSwitch($"cluster kill switch ({origin}): {control.Reason}", control.Operator), control.Generation);
        }
        else if (!joining)
        {
            _log.LogWarning(
                "Cluster risk reset ({Origin}, by {Operator}: {Reason}): node {NodeId} resets its kill switch", origin, control.Operator, control.Reason, _node.NodeId);
            HandToGuardian(new ResetRiskHalt($"cluster reset ({origin}): {control.Reason}", control.Operator), control.Generation);
        }
        else if (taken is { } last && control.Generation > last)
        {
            // The cluster changed while this node was away and ended reset: had the node been up, it would have reset.
            _log.LogWarning(
                "Cluster risk reset while node {NodeId} was away ({Origin}, by {Operator}: {Reason}; the node had taken generation {Taken}): it resets its kill switch",
                _node.NodeId, origin, control.Operator, control.Reason, last);
            HandToGuardian(
                new ResetRiskHalt($"cluster reset while this node was away ({origin}, after its generation {last}): {control.Reason}", control.Operator),
                control.Generation);
        }
        else
        {
            // Nothing to apply: a node new to the cluster keeps whatever halt its own guardian recovered (only an operator
            // lifts it), and one that missed nothing is as it was.
            Took(control.Generation);
        }
    }

    // Told, not asked, so that it reaches the guardian before the round's budget does. The guardian answers in order,
    // each after journaling; a lost answer only makes a later one count for an older generation, which records too
    // little (a reset repeated on return), never too much.
    private void HandToGuardian(object command, long generation)
    {
        _handedToGuardian.Enqueue(generation);
        Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(command, Self);
    }

    private void OnGuardianApplied(RiskCommandResult result)
    {
        if (!_handedToGuardian.TryDequeue(out var generation))
        {
            return;
        }

        _log.LogInformation(
            "Risk guardian of {NodeId} applied the cluster control of generation {Generation}: {Accepted}, {State}: {Message}",
            _node.NodeId, generation, result.Accepted, result.State, result.Message);
        Took(generation);
    }

    private void Took(long generation)
    {
        if (!(generation <= _takenGeneration))
        {
            _takenGeneration = generation;
        }
    }

    /// <summary>An operator command's database write (and local application) finished.</summary>
    private sealed record ControlCommandDone(object Command, IActorRef ReplyTo, RiskCommandResult? Guardian, ClusterControl? Control, Exception? Failure);
}
