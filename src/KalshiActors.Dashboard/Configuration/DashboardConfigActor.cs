using KalshiActors.Kernel;
using KalshiActors.Persistence;

namespace KalshiActors.Dashboard.Configuration;

/// <summary>Persist an operator's configuration change; the reply is <see cref="ConfigurationRecorded"/> once it is durable.</summary>
internal sealed record RecordConfiguration(ConfigurationChanged Change);

/// <summary>The change is in the journal; <see cref="AutoTrading"/> is the switch's state after it.</summary>
internal sealed record ConfigurationRecorded(ConfigurationChanged Change, bool AutoTrading);

/// <summary>Ask for the configuration the dashboard has recorded; the reply is <see cref="ConfigurationState"/>.</summary>
internal sealed record GetConfiguration
{
    public static GetConfiguration Instance { get; } = new();
}

/// <summary>The auto-trading switch and the last change (null before the first).</summary>
internal sealed record ConfigurationState(bool AutoTrading, ConfigurationChanged? Last);

/// <summary>
/// <c>/user/dashboard-config</c>: journals every configuration change made through the API (ConfigurationChanged.v1) before
/// the API applies it, and remembers the auto-trading switch across restarts.
/// </summary>
internal sealed class DashboardConfigActor : ReceivePersistentActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "dashboard-config";

    // Off only after an operator turned it off; the strategies persist their own enabled state too, so this mirrors them.
    private bool _autoTrading = true;

    // The latest change, shown by the API.
    private ConfigurationChanged? _last;

    public DashboardConfigActor()
    {
        Recover<ConfigurationChanged>(Apply);
        Command<RecordConfiguration>(record =>
        {
            var sender = Sender;
            Persist(record.Change, e =>
            {
                Apply(e);
                sender.Tell(new ConfigurationRecorded(e, _autoTrading), Self);
            });
        });
        Command<GetConfiguration>(_ => Sender.Tell(new ConfigurationState(_autoTrading, _last), Self));
    }

    /// <inheritdoc />
    public override string PersistenceId => Name;

    /// <summary>Props of the actor.</summary>
    public static Props Props() => Kernel.Props.Create(() => new DashboardConfigActor());

    private void Apply(ConfigurationChanged change)
    {
        _autoTrading = change.AutoTrading ?? _autoTrading;
        _last = change;
    }
}
