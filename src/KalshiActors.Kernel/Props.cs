namespace KalshiActors.Kernel;

/// <summary>What a bounded mailbox does when it is full.</summary>
public enum MailboxOverflowStrategy
{
    /// <summary>The new message goes to dead letters.</summary>
    DropNewest,

    /// <summary>The oldest queued message goes to dead letters to make room.</summary>
    DropOldest,

    /// <summary>The new message goes to dead letters and the actor fails with <see cref="MailboxOverflowException"/>.</summary>
    Fail,
}

/// <summary>The recipe for creating an actor: its factory plus mailbox, dispatcher and supervisor options.</summary>
public sealed class Props
{
    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    private Props(Props other)
    {
        ActorType = other.ActorType;
        Factory = other.Factory;
        SupervisorStrategy = other.SupervisorStrategy;
        Dispatcher = other.Dispatcher;
        MailboxCapacity = other.MailboxCapacity;
        MailboxOverflow = other.MailboxOverflow;
    }

    /// <summary>The type of actor created.</summary>
    public Type ActorType { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> for its children; null keeps the actor's.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; private init; }

    /// <summary>Name of a dedicated dispatcher from <see cref="KernelSettings.Dispatchers"/>; null is the thread pool.</summary>
    public string? Dispatcher { get; private init; }

    /// <summary>Capacity of a bounded mailbox; 0 means unbounded.</summary>
    public int MailboxCapacity { get; private init; }

    /// <summary>What a bounded mailbox does when full.</summary>
    public MailboxOverflowStrategy MailboxOverflow { get; private init; }

    /// <summary>Props from a factory expression: <c>Props.Create(() => new MyActor(a, b))</c>.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory);
    }

    /// <summary>Props that call the constructor of <typeparamref name="TActor"/> matching <paramref name="args"/>.</summary>
    public static Props Create<TActor>(params object?[] args)
        where TActor : ActorBase => Create(typeof(TActor), args);

    /// <summary>Props that call the constructor of <paramref name="actorType"/> matching <paramref name="args"/>.</summary>
    public static Props Create(Type actorType, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType} is not an actor: it must derive from ActorBase (ReceiveActor, UntypedActor).", nameof(actorType));
        }

        if (args is null || args.Length == 0)
        {
            return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType)!);
        }

        var copy = args.ToArray();
        return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType, copy)!);
    }

    /// <summary>Same props with a supervisor strategy for the created actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(this) { SupervisorStrategy = strategy };
    }

    /// <summary>Same props on a dedicated dispatcher configured in <see cref="KernelSettings.Dispatchers"/>.</summary>
    public Props WithDispatcher(string dispatcher)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcher);
        return new Props(this) { Dispatcher = dispatcher };
    }

    /// <summary>Same props with a bounded mailbox (for actors that must shed load, e.g. market data).</summary>
    public Props WithBoundedMailbox(int capacity, MailboxOverflowStrategy overflow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new Props(this) { MailboxCapacity = capacity, MailboxOverflow = overflow };
    }

    internal ActorBase NewActor() => Factory();

    /// <inheritdoc />
    public override string ToString() => $"Props({ActorType.Name})";
}
