namespace KalshiActors.Kernel;

/// <summary>The <see cref="IActorContext"/> side of the cell: children, death watch, behaviours, receive timeout.</summary>
internal sealed partial class ActorCell
{
    public IReadOnlyCollection<IActorRef> Children => ChildCells();

    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout;

    public IEnumerable<IActorRef> GetChildren() => ChildCells();

    public IActorRef Child(string name)
    {
        var children = _children;
        if (children is null)
        {
            return ActorRefs.Nobody;
        }

        lock (children)
        {
            return children.ByName.TryGetValue(name, out var child) && !child.IsTerminated ? child : ActorRefs.Nobody;
        }
    }

    internal ActorCell? ChildCell(string name)
    {
        var children = _children;
        if (children is null)
        {
            return null;
        }

        lock (children)
        {
            return children.ByName.GetValueOrDefault(name);
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        var children = _children ?? CreateChildren();
        ActorCell child;
        lock (children)
        {
            name ??= GenerateName(children);
            ValidateName(name);
            if (children.ByName.ContainsKey(name))
            {
                throw new InvalidActorNameException(
                    $"Actor name '{name}' is not unique under {Path}: a child with that name is alive or still stopping; choose another name or wait for its Terminated.");
            }

            child = new ActorCell(_system, this, name, props, _system.DispatcherFor(props));
            children.ByName.Add(name, child);
        }

        child.Start();
        return child;
    }

    public ActorSelection ActorSelection(string path) => Kernel.ActorSelection.Create(_system, this, path);

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is ActorCell cell)
        {
            if (ReferenceEquals(cell._parent, this))
            {
                StopChild(cell);
            }
            else
            {
                cell.SendSystemMessage(new TerminateMessage());
            }
        }
    }

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!ReferenceEquals(subject, this) && subject is IInternalActorRef target && (Extras.Watching ??= []).Add(subject))
        {
            target.SendSystemMessage(new WatchMessage(this));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_extras?.Watching is { } watching && watching.Remove(subject) && subject is IInternalActorRef target)
        {
            target.SendSystemMessage(new UnwatchMessage(this));
        }

        return subject;
    }

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behavior = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        (Extras.BehaviorStack ??= new Stack<Receive?>()).Push(_behavior);
        _behavior = receive;
    }

    public void UnbecomeStacked() =>
        _behavior = _extras?.BehaviorStack is { Count: > 0 } stack ? stack.Pop() : null;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } value && value <= TimeSpan.Zero)
        {
            timeout = null;
        }

        if (timeout is null && _extras?.ReceiveTimeout is null)
        {
            return;
        }

        Extras.ReceiveTimeout = timeout;
        if (timeout is null)
        {
            CancelReceiveTimeout();
        }
        else
        {
            RearmReceiveTimeout();
        }
    }

    private void RearmReceiveTimeout()
    {
        var extras = Extras;
        if (extras.ReceiveTimeout is not { } timeout)
        {
            return;
        }

        var generation = ++extras.ReceiveTimeoutGeneration;
        extras.ReceiveTimeoutTimer?.Dispose();
        extras.ReceiveTimeoutTimer = _system.TimeProvider.CreateTimer(
            static state =>
            {
                var (cell, generation) = ((ActorCell, int))state!;
                cell.Tell(new ReceiveTimeoutTick(generation), null);
            },
            (this, generation),
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    private void CancelReceiveTimeout()
    {
        if (_extras is { } extras)
        {
            extras.ReceiveTimeoutGeneration++;
            extras.ReceiveTimeoutTimer?.Dispose();
            extras.ReceiveTimeoutTimer = null;
        }
    }

    /// <summary>Puts a message at the front of the mailbox (unstash); consumer only.</summary>
    internal void Prepend(Envelope envelope) => (Extras.Prepended ??= new Stack<Envelope>()).Push(envelope);

    internal void RegisterStash(ActorStash stash) => (Extras.Stashes ??= []).Add(stash);

    internal ChildRestartStats RestartStatsFor(ActorCell child)
    {
        var children = _children!;
        lock (children)
        {
            children.RestartStats ??= [];
            if (!children.RestartStats.TryGetValue(child, out var stats))
            {
                stats = new ChildRestartStats();
                children.RestartStats.Add(child, stats);
            }

            return stats;
        }
    }

    internal List<ActorCell> ChildCells()
    {
        var children = _children;
        if (children is null)
        {
            return [];
        }

        lock (children)
        {
            return [.. children.ByName.Values];
        }
    }

    private int ChildCount
    {
        get
        {
            var children = _children;
            if (children is null)
            {
                return 0;
            }

            lock (children)
            {
                return children.ByName.Count;
            }
        }
    }

    private bool HasStoppingChildren()
    {
        var children = _children;
        if (children is null)
        {
            return false;
        }

        lock (children)
        {
            return children.Stopping is { Count: > 0 };
        }
    }

    private bool IsLiveChild(ActorCell child)
    {
        var children = _children;
        if (children is null)
        {
            return false;
        }

        lock (children)
        {
            return children.ByName.TryGetValue(child._name, out var current) && ReferenceEquals(current, child)
                && children.Stopping?.Contains(child) != true;
        }
    }

    private void StopChild(ActorCell child)
    {
        var children = _children;
        if (children is not null)
        {
            lock (children)
            {
                if (children.ByName.ContainsKey(child._name))
                {
                    (children.Stopping ??= []).Add(child);
                }
            }
        }

        child.SendSystemMessage(new TerminateMessage());
    }

    private void RemoveChild(ActorCell child)
    {
        var children = _children;
        if (children is null)
        {
            return;
        }

        lock (children)
        {
            if (children.ByName.TryGetValue(child._name, out var current) && ReferenceEquals(current, child))
            {
                children.ByName.Remove(child._name);
            }

            children.Stopping?.Remove(child);
            children.RestartStats?.Remove(child);
        }
    }

    private void SendToChildren(Func<SystemMessage> create)
    {
        if (_children is null)
        {
            return;
        }

        foreach (var child in ChildCells())
        {
            child.SendSystemMessage(create());
        }
    }

    private ChildrenContainer CreateChildren()
    {
        var created = new ChildrenContainer();
        return Interlocked.CompareExchange(ref _children, created, null) ?? created;
    }

    private static string GenerateName(ChildrenContainer children)
    {
        // Akka-style base-64-ish names: $a, $b, ... $aa; unique per parent.
        var id = children.NextId++;
        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        do
        {
            buffer[--position] = (char)('a' + (id % 26));
            id /= 26;
        }
        while (id > 0);
        buffer[--position] = '$';
        return new string(buffer[position..]);
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidActorNameException("Actor name must not be empty; pass a name or null to have one generated.");
        }

        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException(
                    $"Actor name '{name}' contains '{c}'; names may not contain '/', whitespace or control characters.");
            }
        }
    }

    /// <summary>The children by name (names stay reserved until the child's termination arrives) and restart bookkeeping.</summary>
    private sealed class ChildrenContainer
    {
        public readonly Dictionary<string, ActorCell> ByName = new(StringComparer.Ordinal);

        // Children told to stop by this parent whose termination has not arrived yet.
        public HashSet<ActorCell>? Stopping;

        public Dictionary<ActorCell, ChildRestartStats>? RestartStats;

        public long NextId;
    }
}

/// <summary>Fires when an actor has been idle for its receive timeout; stale generations are ignored.</summary>
internal sealed record ReceiveTimeoutTick(int Generation) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;
