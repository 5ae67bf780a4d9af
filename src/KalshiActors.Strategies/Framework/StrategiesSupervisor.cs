using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Strategies.Framework;

/// <summary>Creates the strategies subtree (<c>/user/strategies</c>).</summary>
public static class StrategiesSupervisor
{
    /// <summary>
    /// Props of the supervisor of every configured strategy instance; <paramref name="riskGuardian"/> replaces the
    /// lookup of <see cref="ActorNames.RiskGuardianPath"/> (tests, benchmarks).
    /// </summary>
    public static Props Props(StrategiesSettings settings, IActorRef? riskGuardian = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "Invalid strategy settings: " + string.Join("; ", problems.Select(p => $"{p.Id}: {p.Message}")), nameof(settings));
        }

        return Kernel.Props.Create(() => new StrategiesSupervisorActor(settings, riskGuardian));
    }
}

/// <summary>
/// Supervises one <see cref="StrategyActor"/> per configured instance (named <c>strategy-&lt;id&gt;</c>) and routes the
/// runtime commands to them; a command for an unknown id is answered with an error naming the known ones. A strategy
/// that stops (a failed persist stops a persistent actor) is recreated after a pause, and recovers its state.
/// </summary>
internal sealed class StrategiesSupervisorActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly StrategiesSettings _settings;
    private readonly IActorRef? _riskGuardian;

    // Children by instance id; an entry is absent between a child's stop and its recreation.
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);

    public StrategiesSupervisorActor(StrategiesSettings settings, IActorRef? riskGuardian)
    {
        _settings = settings;
        _riskGuardian = riskGuardian;
        Receive<EnableStrategy>(command => Route(command.StrategyId, command));
        Receive<DisableStrategy>(command => Route(command.StrategyId, command));
        Receive<UpdateStrategyParameters>(command => Route(command.StrategyId, command));
        Receive<GetStrategyStatus>(command => Route(command.StrategyId, command));
        Receive<Terminated>(OnTerminated);
        Receive<RestartStrategy>(restart => Start(restart.StrategyId));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        maxNrOfRetries: 10,
        withinTimeRange: TimeSpan.FromMinutes(1),
        decider: exception => exception switch
        {
            ActorInitializationException => Directive.Stop,
            _ => Directive.Restart,
        });

    protected override void PreStart()
    {
        foreach (var id in _settings.Instances.Keys.Order(StringComparer.Ordinal))
        {
            Start(id);
        }
    }

    private void Start(string id)
    {
        var instance = _settings.Instances[id];
        var props = instance.Kind == StrategyKind.Arbitrage
            ? ArbitrageStrategyActor.Props(instance, _riskGuardian)
            : StrategyActor.Props(instance, _riskGuardian);
        var child = Context.ActorOf(props, ActorNames.Strategy(id));
        Context.Watch(child);
        _children[id] = child;
    }

    private void Route(string strategyId, object command)
    {
        if (_children.TryGetValue(strategyId, out var child))
        {
            child.Forward(command);
            return;
        }

        var error = _settings.Instances.ContainsKey(strategyId)
            ? $"strategy '{strategyId}' is restarting; try again in a moment"
            : $"no strategy instance '{strategyId}'; configured: {string.Join(", ", _settings.Instances.Keys.Order(StringComparer.Ordinal))}";
        Sender.Tell(new StrategyCommandResult(strategyId, false, error), Self);
    }

    private void OnTerminated(Terminated terminated)
    {
        var entry = _children.FirstOrDefault(kv => kv.Value.Equals(terminated.ActorRef));
        if (entry.Key is null)
        {
            return;
        }

        _children.Remove(entry.Key);
        Context.GetLogger().LogWarning("Strategy {StrategyId} stopped; recreating it in {Delay}", entry.Key, RestartDelay);
        Timers.StartSingleTimer("restart:" + entry.Key, new RestartStrategy(entry.Key), RestartDelay);
    }

    private sealed record RestartStrategy(string StrategyId);
}
