namespace KalshiActors.Persistence;

/// <summary>
/// A persistent actor whose handlers are registered in its constructor: <see cref="Recover{T}(Action{T})"/> for replay,
/// <see cref="Command{T}(Action{T})"/> for commands; the first handler whose type (and predicate) matches runs.
/// </summary>
public abstract class ReceivePersistentActor : PersistentActor
{
    private readonly List<Func<object, bool>> _recoverHandlers = [];
    private List<Func<object, bool>> _commandHandlers = [];

    // Handlers may only be registered while the constructor (or a Become) runs, never while messages flow.
    private List<Func<object, bool>>? _configuringCommands;
    private bool _constructing = true;

    /// <summary>Creates the actor; register handlers in the subclass constructor.</summary>
    protected ReceivePersistentActor() => _configuringCommands = _commandHandlers;

    /// <summary>Handles replayed events (and <see cref="SnapshotOffer"/> / <see cref="RecoveryCompleted"/>) of type <typeparamref name="T"/>.</summary>
    protected void Recover<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_constructing)
        {
            throw new InvalidOperationException($"{GetType().Name}: Recover<T> may only be called in the constructor.");
        }

        _recoverHandlers.Add(m =>
        {
            if (m is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }

            return false;
        });
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> (matching <paramref name="shouldHandle"/> when given).</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(m =>
        {
            if (m is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }

            return false;
        });
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> for which <paramref name="handler"/> returns true.</summary>
    protected void Command<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(m => m is T typed && handler(typed));
    }

    /// <summary>Handles any command not handled by an earlier handler.</summary>
    protected void CommandAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(m =>
        {
            handler(m);
            return true;
        });
    }

    /// <summary>Replaces the command handlers with those <paramref name="configure"/> registers (recovery handlers stay).</summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var handlers = new List<Func<object, bool>>();
        var previous = _configuringCommands;
        _configuringCommands = handlers;
        try
        {
            configure();
        }
        finally
        {
            _configuringCommands = previous;
        }

        _commandHandlers = handlers;
    }

    /// <inheritdoc />
    protected sealed override bool ReceiveRecover(object message)
    {
        _constructing = false;
        _configuringCommands = null;
        return Dispatch(_recoverHandlers, message);
    }

    /// <inheritdoc />
    protected sealed override bool ReceiveCommand(object message)
    {
        _constructing = false;
        _configuringCommands = null;
        return Dispatch(_commandHandlers, message);
    }

    private List<Func<object, bool>> Configuring => _configuringCommands ?? throw new InvalidOperationException(
        $"{GetType().Name}: Command<T> may only be called in the constructor or inside Become(() => ...).");

    private static bool Dispatch(List<Func<object, bool>> handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler(message))
            {
                return true;
            }
        }

        return false;
    }
}
