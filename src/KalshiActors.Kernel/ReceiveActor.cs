namespace KalshiActors.Kernel;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (or in <see cref="Become(Action)"/>):
/// the first handler whose type and predicate match handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerSet _initial = new();

    // The set being filled: the initial set during construction, a new set inside Become(configure).
    private HandlerSet? _configuring;

    /// <summary>Creates the actor; register handlers in the subclass constructor.</summary>
    protected ReceiveActor()
    {
        _configuring = _initial;
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> (matching <paramref name="shouldHandle"/> when given).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(new ActionHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> matching <paramref name="shouldHandle"/> (Akka's predicate-first spelling).</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        Receive(handler, shouldHandle);
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="handler"/> returns true.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(new FuncHandler<T>(handler));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> asynchronously: no other user message is handled until the task completes.</summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(new AsyncHandler<T>(this, handler, shouldHandle));
    }

    /// <summary>Handles any message not handled by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(new ActionHandler<object>(handler, null));
    }

    /// <summary>Handles any message not handled by an earlier handler, asynchronously.</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring.Add(new AsyncHandler<object>(this, handler, null));
    }

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> registers; <see cref="ActorBase.UnbecomeStacked"/> pops them.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure));

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        _configuring = null;
        return _initial.TryHandle(message);
    }

    private HandlerSet Configuring => _configuring ?? throw new IllegalActorStateException(
        $"{GetType().Name}: Receive<T> may only be called in the constructor or inside Become(() => ...); handlers cannot change while messages flow.");

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _configuring;
        var set = new HandlerSet();
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }

        return set.TryHandle;
    }

    private void RunHandlerTask(Func<Task> work) => RunTask(work);

    private sealed class HandlerSet
    {
        private Handler[] _handlers = new Handler[2];
        private int _count;

        public void Add(Handler handler)
        {
            if (_count == _handlers.Length)
            {
                Array.Resize(ref _handlers, _count * 2);
            }

            _handlers[_count++] = handler;
        }

        public bool TryHandle(object message)
        {
            var handlers = _handlers;
            for (var i = 0; i < _count; i++)
            {
                if (handlers[i].TryHandle(message))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }

            return false;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> handler) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && handler(typed);
    }

    private sealed class AsyncHandler<T>(ReceiveActor actor, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                actor.RunHandlerTask(() => handler(typed));
                return true;
            }

            return false;
        }
    }
}
