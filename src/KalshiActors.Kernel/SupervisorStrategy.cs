namespace KalshiActors.Kernel;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the actor and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the actor with a fresh instance from its Props; the failed message is dropped.</summary>
    Restart,

    /// <summary>Stop the actor.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, handing the decision to its parent.</summary>
    Escalate,
}

/// <summary>Restart bookkeeping for one child: failures counted within the strategy's time window.</summary>
internal sealed class ChildRestartStats
{
    public int RetriesCount;
    public long WindowStartTicks = -1;

    /// <summary>Akka's rule: at most <paramref name="maxNrOfRetries"/> restarts within <paramref name="window"/> (negative/infinite = unlimited).</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan window, long nowTicks)
    {
        var hasWindow = window > TimeSpan.Zero && window != Timeout.InfiniteTimeSpan;
        if (maxNrOfRetries < 0 && !hasWindow)
        {
            return true;
        }

        if (!hasWindow)
        {
            RetriesCount++;
            return RetriesCount <= maxNrOfRetries;
        }

        var retries = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        var retriesDone = RetriesCount + 1;
        if (WindowStartTicks < 0)
        {
            WindowStartTicks = nowTicks;
        }

        if (nowTicks - WindowStartTicks <= window.Ticks)
        {
            RetriesCount = retriesDone;
            return retriesDone <= retries;
        }

        RetriesCount = 1;
        WindowStartTicks = nowTicks;
        return true;
    }
}

/// <summary>How a parent handles its children's failures: a decider (exception to directive) plus restart limits.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Akka's default: initialization failures, kills and death pacts stop the child; anything else restarts it.</summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one with <see cref="DefaultDecider"/> and unlimited restarts.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative means unlimited. Exceeding it stops the child.</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>The window restarts are counted in; infinite or zero means no window.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Whether failures are logged (once, with the child's path and the message type).</summary>
    public bool LoggingEnabled { get; }

    /// <summary>Applies the directive to the failed child and, for all-for-one, to its siblings.</summary>
    internal abstract void ProcessFailure(ActorCell supervisor, bool restart, ActorCell child, Exception cause, IReadOnlyList<ActorCell> children);

    /// <summary>True when every child in <paramref name="children"/> may restart once more.</summary>
    internal bool RequestRestartPermission(ActorCell supervisor, ActorCell child) =>
        supervisor.RestartStatsFor(child).RequestRestartPermission(
            MaxNumberOfRetries, WithinTimeRange, supervisor.System.TimeProvider.GetUtcNow().UtcTicks);
}

/// <summary>Applies the directive only to the child that failed.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <summary>Creates the strategy; more than <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/> stop the child.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, ActorCell child, Exception cause, IReadOnlyList<ActorCell> children)
    {
        if (restart && RequestRestartPermission(supervisor, child))
        {
            child.SendSystemMessage(new RecreateMessage(cause));
        }
        else
        {
            supervisor.Stop(child);
        }
    }
}

/// <summary>Applies the directive to the failed child and all its siblings.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <summary>Creates the strategy; more than <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/> stop all children.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, ActorCell child, Exception cause, IReadOnlyList<ActorCell> children)
    {
        if (children.Count == 0)
        {
            return;
        }

        var permitted = restart;
        if (restart)
        {
            foreach (var c in children)
            {
                permitted &= RequestRestartPermission(supervisor, c);
            }
        }

        foreach (var c in children)
        {
            if (permitted)
            {
                if (!ReferenceEquals(c, child))
                {
                    c.SendSystemMessage(new SuspendMessage());
                }

                c.SendSystemMessage(new RecreateMessage(cause));
            }
            else
            {
                supervisor.Stop(c);
            }
        }
    }
}
