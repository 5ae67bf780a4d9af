using KalshiActors.Kernel;
using KalshiActors.Persistence;

namespace KalshiActors.Hosting.Node;

/// <summary>Persists the node's <see cref="StateDigestRecorded"/> events; replies with the event once it is stored.</summary>
internal sealed class StateDigestRecorderActor : ReceivePersistentActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "state-digest-recorder";

    private StateDigestRecorderActor()
    {
        Recover<StateDigestRecorded>(_ => { });
        Command<StateDigestRecorded>(recorded =>
        {
            var replyTo = Sender;
            Persist(recorded, stored => replyTo.Tell(stored, Self));
        });
    }

    /// <inheritdoc />
    public override string PersistenceId => HostingEvents.StateDigestPersistenceId;

    /// <summary>Props of the recorder.</summary>
    public static Props Props() => Kernel.Props.Create(() => new StateDigestRecorderActor());
}
