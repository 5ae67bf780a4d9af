namespace KalshiActors.Kernel;

/// <summary>When the backoff supervisor restarts its child.</summary>
public enum BackoffMode
{
    /// <summary>Restart the child after a backoff when it fails (a child that stops itself stops the supervisor too).</summary>
    OnFailure,

    /// <summary>Restart the child after a backoff whenever it stops (e.g. a persistent actor stopped by a journal failure).</summary>
    OnStop,
}

/// <summary>
/// Options of a <see cref="BackoffSupervisor"/>: the delay before restart <c>n</c> (0-based) is
/// <c>min(maxBackoff, minBackoff * 2^n) * (1 + random * randomFactor)</c>; the count resets after the child has run
/// for <see cref="ResetBackoff"/>; after <see cref="MaxNrOfRetries"/> restarts the supervisor stops.
/// </summary>
public sealed record BackoffOptions
{
    /// <summary>Props of the supervised child.</summary>
    public required Props ChildProps { get; init; }

    /// <summary>Name of the child (the same on every restart).</summary>
    public required string ChildName { get; init; }

    /// <summary>Delay before the first restart.</summary>
    public required TimeSpan MinBackoff { get; init; }

    /// <summary>Upper bound of the exponential delay.</summary>
    public required TimeSpan MaxBackoff { get; init; }

    /// <summary>Random jitter added to each delay as a fraction of it (0.2 = up to 20% longer); 0 for none.</summary>
    public double RandomFactor { get; init; }

    /// <summary>Restart on failure or on any stop.</summary>
    public BackoffMode Mode { get; init; }

    /// <summary>How long the child must run before the restart count resets; defaults to <see cref="MinBackoff"/>.</summary>
    public TimeSpan? ResetBackoff { get; init; }

    /// <summary>Restarts allowed before the supervisor gives up and stops; negative means unlimited.</summary>
    public int MaxNrOfRetries { get; init; } = -1;

    /// <summary>Same options with an automatic reset after the child has run for <paramref name="resetBackoff"/>.</summary>
    public BackoffOptions WithAutoReset(TimeSpan resetBackoff) => this with { ResetBackoff = resetBackoff };

    /// <summary>Same options with a restart limit.</summary>
    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries) => this with { MaxNrOfRetries = maxNrOfRetries };

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based), given a random draw in [0, 1).</summary>
    public TimeSpan DelayFor(int restartCount, double random)
    {
        var exponential = restartCount >= 30 ? MaxBackoff : TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * Math.Pow(2, restartCount)));
        return exponential * (1.0 + (random * RandomFactor));
    }
}

/// <summary>Factories for <see cref="BackoffOptions"/> with Akka's names.</summary>
public static class Backoff
{
    /// <summary>Restart the child with exponential backoff when it fails.</summary>
    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, int maxNrOfRetries = -1) =>
        Create(BackoffMode.OnFailure, childProps, childName, minBackoff, maxBackoff, randomFactor, maxNrOfRetries);

    /// <summary>Restart the child with exponential backoff whenever it stops.</summary>
    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, int maxNrOfRetries = -1) =>
        Create(BackoffMode.OnStop, childProps, childName, minBackoff, maxBackoff, randomFactor, maxNrOfRetries);

    private static BackoffOptions Create(BackoffMode mode, Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, int maxNrOfRetries)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ArgumentException.ThrowIfNullOrWhiteSpace(childName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        if (randomFactor is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "The random factor must be between 0 and 1.");
        }

        return new BackoffOptions
        {
            Mode = mode,
            ChildProps = childProps,
            ChildName = childName,
            MinBackoff = minBackoff,
            MaxBackoff = maxBackoff,
            RandomFactor = randomFactor,
            MaxNrOfRetries = maxNrOfRetries,
        };
    }
}

/// <summary>A parent that restarts its child with exponential backoff, on the system clock; other messages are forwarded to the child.</summary>
public static class BackoffSupervisor
{
    /// <summary>Props of a backoff supervisor.</summary>
    public static Props Props(BackoffOptions options) => BackoffSupervisorActor.Props(options);

    /// <summary>Asks for the current child; answered with <see cref="CurrentChild"/>.</summary>
    public sealed record GetCurrentChild;

    /// <summary>The current child, or null while it is waiting to be restarted.</summary>
    /// <param name="Ref">The child.</param>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Asks for the restart count; answered with <see cref="RestartCount"/>.</summary>
    public sealed record GetRestartCount;

    /// <summary>Restarts since the last reset.</summary>
    /// <param name="Count">The count.</param>
    public sealed record RestartCount(int Count);

    /// <summary>Resets the restart count (the next restart uses the minimum backoff).</summary>
    public sealed record Reset;
}
