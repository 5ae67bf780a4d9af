namespace KalshiActors.Kernel;

/// <summary>An actor with one <see cref="OnReceive"/> method; call <see cref="ActorBase.Unhandled"/> for messages it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles a message.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    /// <summary>Replaces the behaviour with another handler.</summary>
    protected void Become(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        Become(message =>
        {
            receive(message);
            return true;
        });
    }

    /// <summary>Pushes another handler; <see cref="ActorBase.UnbecomeStacked"/> returns to the previous one.</summary>
    protected void BecomeStacked(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        BecomeStacked(message =>
        {
            receive(message);
            return true;
        });
    }
}
