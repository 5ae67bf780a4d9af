namespace KalshiActors.Kernel;

/// <summary>An actor with a stash; the kernel sets <see cref="Stash"/> before the first message.</summary>
public interface IWithStash
{
    /// <summary>The actor's stash (set by the kernel).</summary>
    IStash Stash { get; set; }
}

/// <summary>
/// Messages put aside to handle later (typically after a <c>Become</c>). Bounded by
/// <see cref="KernelSettings.StashCapacity"/>; kept across restarts (put back at the front of the mailbox) and sent to
/// dead letters when the actor stops.
/// </summary>
public interface IStash
{
    /// <summary>Messages stashed.</summary>
    int Count { get; }

    /// <summary>Maximum messages the stash holds.</summary>
    int Capacity { get; }

    /// <summary>Stashes the message being handled (with its sender).</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message, in order, at the front of the mailbox.</summary>
    void UnstashAll();

    /// <summary>Puts the stashed messages matching <paramref name="predicate"/>, in order, at the front of the mailbox.</summary>
    void UnstashAll(Func<Envelope, bool> predicate);

    /// <summary>Empties the stash and returns what it held.</summary>
    IReadOnlyList<Envelope> ClearStash();

    /// <summary>Adds envelopes at the front of the stash, in order.</summary>
    void Prepend(IEnumerable<Envelope> envelopes);
}

/// <summary>Creates stashes; layers such as persistence create internal ones for the actor being handled.</summary>
public static class StashFactory
{
    /// <summary>A new stash bound to the actor of <paramref name="context"/>, emptied to dead letters when it stops.</summary>
    public static IStash CreateStash(this IActorContext context, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cell = context as ActorCell ?? throw new ArgumentException("A stash can only be created for a running actor's context.", nameof(context));
        var stash = new ActorStash(cell, capacity ?? cell.System.Settings.StashCapacity);
        cell.RegisterStash(stash);
        return stash;
    }
}

/// <summary>A stash over a linked list, unstashing into the cell's front-of-mailbox stack.</summary>
internal sealed class ActorStash(ActorCell cell, int capacity) : IStash
{
    private readonly LinkedList<Envelope> _stashed = new();

    public int Count => _stashed.Count;

    public int Capacity => capacity;

    public void Stash()
    {
        var message = cell.CurrentMessage ?? throw new IllegalActorStateException("Stash() can only be called while handling a message.");
        if (_stashed.Last is { } last && ReferenceEquals(last.Value.Message, message) && ReferenceEquals(last.Value.Sender, cell.CurrentSender))
        {
            throw new IllegalActorStateException($"Can't stash the same message {message.GetType().Name} more than once.");
        }

        if (_stashed.Count >= capacity)
        {
            throw new StashOverflowException(
                $"Stash of {cell.Path} is full ({capacity} messages); raise kalshi-actors.kernel.stash-capacity or unstash sooner.");
        }

        _stashed.AddLast(new Envelope(message, cell.CurrentSender));
    }

    public void Unstash()
    {
        if (_stashed.First is { } first)
        {
            _stashed.RemoveFirst();
            cell.Prepend(first.Value);
        }
    }

    public void UnstashAll() => UnstashAll(static _ => true);

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);

        // The front-of-mailbox is a stack: push newest first so the oldest comes out first.
        for (var node = _stashed.Last; node is not null;)
        {
            var previous = node.Previous;
            if (predicate(node.Value))
            {
                _stashed.Remove(node);
                cell.Prepend(node.Value);
            }

            node = previous;
        }
    }

    public IReadOnlyList<Envelope> ClearStash()
    {
        var contents = _stashed.ToList();
        _stashed.Clear();
        return contents;
    }

    public void Prepend(IEnumerable<Envelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        foreach (var envelope in envelopes.Reverse())
        {
            _stashed.AddFirst(envelope);
        }
    }
}
