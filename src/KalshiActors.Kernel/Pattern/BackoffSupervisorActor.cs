namespace KalshiActors.Kernel;

/// <summary>The actor behind <see cref="BackoffSupervisor"/>.</summary>
internal sealed class BackoffSupervisorActor : ActorBase, IWithTimers
{
    private readonly BackoffOptions _options;

    // The running child; null while a restart is scheduled.
    private IActorRef? _child;

    // Restarts since the last reset; drives the exponential delay.
    private int _restartCount;

    // Set when the supervisor itself stopped the child after a failure (OnFailure), to tell it from a voluntary stop.
    private bool _stoppedAfterFailure;

    private BackoffSupervisorActor(BackoffOptions options)
    {
        _options = options;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Kernel.Props.Create(() => new BackoffSupervisorActor(options));
    }

    protected override void PreStart() => StartChild();

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ =>
    {
        if (_options.Mode == BackoffMode.OnFailure)
        {
            _stoppedAfterFailure = true;
            return Directive.Stop;
        }

        return Directive.Restart;
    });

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when _child is not null && terminated.ActorRef.Equals(_child):
                OnChildStopped();
                return true;
            case StartChildTick:
                StartChild();
                return true;
            case ResetCountTick reset:
                if (reset.Count == _restartCount)
                {
                    _restartCount = 0;
                }

                return true;
            case BackoffSupervisor.GetCurrentChild:
                Sender.Tell(new BackoffSupervisor.CurrentChild(_child));
                return true;
            case BackoffSupervisor.GetRestartCount:
                Sender.Tell(new BackoffSupervisor.RestartCount(_restartCount));
                return true;
            case BackoffSupervisor.Reset:
                _restartCount = 0;
                return true;
            default:
                if (_child is not null)
                {
                    _child.Forward(message);
                }
                else
                {
                    Context.System.DeadLetters.Tell(message, Sender);
                }

                return true;
        }
    }

    private void OnChildStopped()
    {
        _child = null;
        var afterFailure = _stoppedAfterFailure;
        _stoppedAfterFailure = false;
        if (_options.Mode == BackoffMode.OnFailure && !afterFailure)
        {
            // Akka: under OnFailure a child that stops by itself takes the supervisor with it.
            Context.Stop(Self);
            return;
        }

        if (_options.MaxNrOfRetries >= 0 && _restartCount >= _options.MaxNrOfRetries)
        {
            Context.Stop(Self);
            return;
        }

        var delay = _options.DelayFor(_restartCount, _options.RandomFactor == 0 ? 0 : Random.Shared.NextDouble());
        _restartCount++;
        Timers.Cancel(ResetKey);
        Timers.StartSingleTimer(StartKey, new StartChildTick(), delay);
    }

    private void StartChild()
    {
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        if (_restartCount > 0)
        {
            Timers.StartSingleTimer(ResetKey, new ResetCountTick(_restartCount), _options.ResetBackoff ?? _options.MinBackoff);
        }
    }

    private const string StartKey = "backoff-start-child";
    private const string ResetKey = "backoff-reset-count";

    private sealed record StartChildTick;

    private sealed record ResetCountTick(int Count);
}
