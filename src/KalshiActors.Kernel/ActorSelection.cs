namespace KalshiActors.Kernel;

/// <summary>Actors looked up by path at send time (<c>/user/a/b</c>, <c>../sibling</c>, <c>child</c>); no wildcards.</summary>
public sealed class ActorSelection
{
    private readonly ActorSystem _system;
    private readonly ActorCell _anchor;
    private readonly string[] _elements;

    private ActorSelection(ActorSystem system, ActorCell anchor, string[] elements, string pathText)
    {
        _system = system;
        _anchor = anchor;
        _elements = elements;
        PathString = pathText;
    }

    /// <summary>The path as given.</summary>
    public string PathString { get; }

    internal static ActorSelection Create(ActorSystem system, ActorCell anchor, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path;
        var prefix = "akka://" + system.Name;
        if (text.StartsWith("akka://", StringComparison.Ordinal))
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Path '{path}' belongs to another actor system than '{system.Name}'.", nameof(path));
            }

            text = text[prefix.Length..];
        }

        if (text.StartsWith('/'))
        {
            anchor = system.RootCell;
        }

        return new ActorSelection(system, anchor, text.Split('/', StringSplitOptions.RemoveEmptyEntries), path);
    }

    /// <summary>Sends to the actor at the path now, or to dead letters if none lives there; a null sender means the implicit one (Self inside actors).</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= (IActorRef?)ActorCell.Current ?? ActorRefExtensions.ImplicitSender;
        var target = Resolve();
        if (target is null)
        {
            _system.DeadLetters.Tell(message, sender);
            return;
        }

        target.Tell(message, sender);
    }

    /// <summary>The actor at the path, or <see cref="ActorNotFoundException"/>.</summary>
    public Task<IActorRef> ResolveOne(TimeSpan timeout)
    {
        var target = Resolve();
        return target is not null
            ? Task.FromResult<IActorRef>(target)
            : Task.FromException<IActorRef>(new ActorNotFoundException($"No actor lives at '{PathString}' (searched from {_anchor.Path})."));
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSelection[{_anchor.Path}/{string.Join('/', _elements)}]";

    private ActorCell? Resolve()
    {
        ActorCell? current = _anchor;
        foreach (var element in _elements)
        {
            if (current is null)
            {
                return null;
            }

            current = element switch
            {
                "." => current,
                ".." => current.ParentCell,
                _ => current.ChildCell(element),
            };
        }

        return current is null || current.IsTerminated ? null : current;
    }
}

/// <summary>No actor lives at the path an <see cref="ActorSelection"/> was resolved for.</summary>
public sealed class ActorNotFoundException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
