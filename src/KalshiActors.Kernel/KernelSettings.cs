namespace KalshiActors.Kernel;

/// <summary>
/// The actor kernel's settings (HOCON section <c>kalshi-actors.kernel</c>; Hosting maps it onto this record).
/// Defaults match hocon/reference.conf.
/// </summary>
public sealed record KernelSettings
{
    /// <summary>Defaults, as shipped in reference.conf.</summary>
    public static KernelSettings Default { get; } = new();

    /// <summary>Messages an actor handles per turn on a thread before yielding it to other actors.</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Timeout of an <c>Ask</c> called without one.</summary>
    public TimeSpan DefaultAskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many dead letters (and unhandled messages) are logged per <see cref="DeadLetterLogWindow"/>; 0 turns logging off.</summary>
    public int LogDeadLetters { get; init; } = 10;

    /// <summary>The window over which <see cref="LogDeadLetters"/> is counted.</summary>
    public TimeSpan DeadLetterLogWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether dead letters are still logged while the system shuts down.</summary>
    public bool LogDeadLettersDuringShutdown { get; init; }

    /// <summary>Maximum messages in one actor's stash; stashing more fails the actor with <see cref="StashOverflowException"/>.</summary>
    public int StashCapacity { get; init; } = 10_000;

    /// <summary>Dedicated dispatchers by name and thread count; actors use one through <c>Props.WithDispatcher(name)</c>.</summary>
    public IReadOnlyDictionary<string, int> Dispatchers { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Runs every actor on one FIFO run queue drained by whoever calls <see cref="ActorSystem.RunUntilIdle"/>, instead of
    /// the thread pool and dedicated threads: the order of every turn follows from the input alone (backtests, tests).
    /// Set in code, not read from HOCON: a live node must not run on one thread.
    /// </summary>
    public bool Deterministic { get; init; }

    /// <summary>Rejects values that cannot work, naming the HOCON key to fix.</summary>
    public KernelSettings Validate()
    {
        var errors = new List<string>();
        if (Throughput < 1)
        {
            errors.Add($"kalshi-actors.kernel.throughput must be at least 1 (got {Throughput}).");
        }

        if (DefaultAskTimeout <= TimeSpan.Zero)
        {
            errors.Add($"kalshi-actors.kernel.default-ask-timeout must be positive (got {DefaultAskTimeout}).");
        }

        if (LogDeadLetters < 0)
        {
            errors.Add($"kalshi-actors.kernel.log-dead-letters must be 0 or more (got {LogDeadLetters}).");
        }

        if (DeadLetterLogWindow <= TimeSpan.Zero)
        {
            errors.Add($"kalshi-actors.kernel.dead-letter-log-window must be positive (got {DeadLetterLogWindow}).");
        }

        if (StashCapacity < 1)
        {
            errors.Add($"kalshi-actors.kernel.stash-capacity must be at least 1 (got {StashCapacity}).");
        }

        foreach (var (name, threads) in Dispatchers)
        {
            if (threads < 1)
            {
                errors.Add($"kalshi-actors.kernel.dispatchers.{name} must have at least 1 thread (got {threads}).");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid kernel settings: " + string.Join(" ", errors));
        }

        return this;
    }
}
