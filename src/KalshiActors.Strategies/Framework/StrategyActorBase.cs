using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// What every strategy actor shares: its instance settings and journal stream, the enabled state and runtime parameter
/// overrides (persisted, recovered, changed by <see cref="EnableStrategy"/>, <see cref="DisableStrategy"/> and
/// <see cref="UpdateStrategyParameters"/>, and logged), the signal count, <see cref="GetStrategyStatus"/>, and leaving the
/// event stream when it stops.
/// </summary>
internal abstract class StrategyActorBase : ReceivePersistentActor, IWithTimers
{
    private protected StrategyActorBase(StrategyInstanceSettings instance)
    {
        Instance = instance;
        PersistenceId = ActorNames.Strategy(instance.Id);
        Enabled = instance.Enabled;
        Parameters = StrategyParameters.Parse(instance.Kind, instance.Parameters).Parameters;
        Log = Context.GetLogger();

        Recover<StrategyEnabledChanged>(e => Enabled = e.Enabled);
        Recover<StrategyParametersChanged>(Apply);
        Command<EnableStrategy>(_ => SetEnabled(true));
        Command<DisableStrategy>(_ => SetEnabled(false));
        Command<UpdateStrategyParameters>(OnUpdateParameters);
        Command<GetStrategyStatus>(_ => Sender.Tell(
            new StrategyStatus(Instance.Id, Instance.Kind.ToString(), Enabled, Overrides, SignalsRaised, PendingIntents()), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>The instance's configured settings.</summary>
    private protected StrategyInstanceSettings Instance { get; }

    private protected ILogger Log { get; }

    /// <summary>Whether the instance raises signals now.</summary>
    private protected bool Enabled { get; private set; }

    /// <summary>The runtime overrides in force, on top of the configured parameters.</summary>
    private protected IReadOnlyDictionary<string, string> Overrides { get; private set; } = new Dictionary<string, string>();

    /// <summary>The parameters in force: the configured ones with <see cref="Overrides"/>.</summary>
    private protected StrategyParameters Parameters { get; private set; }

    /// <summary>The highest signal number raised so far (signals are numbered from 1 per instance).</summary>
    private protected long SignalsRaised { get; set; }

    private protected DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>The intents sent and not yet answered, by market (for <see cref="StrategyStatus"/>).</summary>
    private protected abstract IReadOnlyDictionary<MarketTicker, IntentId> PendingIntents();

    /// <summary>Called after new parameters took effect (recovered or changed): drop what was derived from the old ones.</summary>
    private protected virtual void OnParametersChanged()
    {
    }

    private void SetEnabled(bool enabled)
    {
        var replyTo = Sender;
        if (Enabled == enabled)
        {
            replyTo.Tell(new StrategyCommandResult(Instance.Id, true, null), Self);
            return;
        }

        Persist(new StrategyEnabledChanged(Instance.Id, enabled, Now), e =>
        {
            Enabled = e.Enabled;
            Log.LogInformation("Strategy {StrategyId} {State}", Instance.Id, enabled ? "enabled" : "disabled");
            replyTo.Tell(new StrategyCommandResult(Instance.Id, true, null), Self);
        });
    }

    private void OnUpdateParameters(UpdateStrategyParameters command)
    {
        var (merged, errors) = Instance.MergeOverrides(Overrides, command.Parameters);
        if (errors.Count > 0)
        {
            Sender.Tell(new StrategyCommandResult(Instance.Id, false, string.Join("; ", errors)), Self);
            return;
        }

        var replyTo = Sender;
        Persist(new StrategyParametersChanged(Instance.Id, merged, Now), e =>
        {
            Apply(e);
            Log.LogInformation("Strategy {StrategyId} parameters changed: {Overrides}", Instance.Id, string.Join(", ", e.Overrides.Select(kv => $"{kv.Key}={kv.Value}")));
            replyTo.Tell(new StrategyCommandResult(Instance.Id, true, null), Self);
        });
    }

    private void Apply(StrategyParametersChanged e)
    {
        Overrides = e.Overrides;
        Parameters = Instance.ParametersWith(e.Overrides);
        OnParametersChanged();
    }
}
