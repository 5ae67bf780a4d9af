using System.Runtime.ExceptionServices;

namespace KalshiActors.Kernel;

/// <summary>Creation, system messages, failure handling, restart and stop (Akka's ActorCell fault handling).</summary>
internal sealed partial class ActorCell
{
    private void Create()
    {
        _state |= StateCreated;
        try
        {
            NewActor().InvokeAroundPreStart();
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(exception as ActorInitializationException
                ?? new ActorInitializationException(this, $"Exception while creating {Path} ({_props.ActorType.Name}): {exception.Message}", exception));
        }
    }

    private ActorBase NewActor()
    {
        _behavior = null;
        _extras?.BehaviorStack?.Clear();
        _actor = null;
        Constructing = this;
        ActorBase actor;
        try
        {
            actor = _props.NewActor();
        }
        finally
        {
            Constructing = null;
        }

        if (!ReferenceEquals(actor.Cell, this))
        {
            throw new ActorInitializationException(this,
                $"The Props factory of {Path} returned an actor that was not created by it; the factory must create a new instance each time.", null);
        }

        if (actor is IWithTimers withTimers)
        {
            withTimers.Timers = Extras.Timers ??= new TimerScheduler(this);
        }

        if (actor is IWithStash withStash)
        {
            withStash.Stash = Extras.UserStash ??= (ActorStash)this.CreateStash();
        }

        _actor = actor;
        return actor;
    }

    private void ProcessSystemMessages()
    {
        while (Volatile.Read(ref _systemHead) is not null)
        {
            // Detach the whole LIFO list and reverse it into arrival order.
            var list = Interlocked.Exchange(ref _systemHead, null);
            SystemMessage? ordered = null;
            while (list is not null)
            {
                var next = list.Next;
                list.Next = ordered;
                ordered = list;
                list = next;
            }

            while (ordered is not null)
            {
                var message = ordered;
                ordered = ordered.Next;
                message.Next = null;
                try
                {
                    ProcessSystemMessage(message);
                }
                catch (Exception exception)
                {
                    HandleInvokeFailure(exception);
                }
            }
        }
    }

    private void ProcessSystemMessage(SystemMessage message)
    {
        if ((_state & StateTerminated) != 0)
        {
            // A stopped actor still answers watches, so watching after death delivers Terminated.
            if (message is WatchMessage lateWatch)
            {
                ((IInternalActorRef)lateWatch.Watcher).SendSystemMessage(new DeathWatchNotification(this));
            }

            return;
        }

        switch (message)
        {
            case TerminateMessage:
                HandleTerminate();
                break;
            case FailedMessage failed:
                HandleFailed(failed);
                break;
            case WatchMessage watch:
                AddWatcher(watch.Watcher);
                break;
            case UnwatchMessage unwatch:
                _extras?.WatchedBy?.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification notification:
                HandleDeathWatchNotification(notification.Actor);
                break;
            case SuspendMessage:
                _suspendCount++;
                SendToChildren(static () => new SuspendMessage());
                break;
            case ResumeMessage resume:
                HandleResume(resume.CausedByFailure);
                break;
            case RecreateMessage recreate:
                HandleRecreate(recreate.Cause);
                break;
            case AsyncCompletedMessage completed:
                _state &= ~StateAsyncPending;
                if (completed.Failure is not null)
                {
                    HandleInvokeFailure(completed.Failure);
                }
                else
                {
                    _currentMessage = null;
                }

                break;
            case RunContinuationMessage continuation:
                RunContinuation(continuation);
                break;
            case FailWithMessage failWith:
                HandleInvokeFailure(failWith.Cause);
                break;
        }
    }

    /// <summary>The actor failed: pause it and its children and ask the parent's strategy what to do.</summary>
    private void HandleInvokeFailure(Exception exception, Type? messageType = null)
    {
        if ((_state & (StateFailed | StateTerminating | StateTerminated)) != 0)
        {
            // Already waiting for the supervisor, or stopping: report the extra failure without a second decision.
            _system.LogFailureIgnored(Path, exception);
            return;
        }

        _state = (_state | StateFailed) & ~StateAsyncPending;
        _suspendCount++;
        SendToChildren(static () => new SuspendMessage());
        messageType ??= _currentMessage?.GetType();
        if (_parent is null)
        {
            _system.LogFailure(Path, exception, messageType, Directive.Stop);
            HandleTerminate();
            return;
        }

        _parent.SendSystemMessage(new FailedMessage(this, exception, messageType));
    }

    private void HandleFailed(FailedMessage failed)
    {
        var child = failed.Child;
        if (!IsLiveChild(child))
        {
            return;
        }

        var strategy = _props.SupervisorStrategy ?? _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.Decider(failed.Cause);
        if (strategy.LoggingEnabled && directive != Directive.Escalate)
        {
            _system.LogFailure(child.Path, failed.Cause, failed.MessageType, directive);
        }

        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(new ResumeMessage(failed.Cause));
                break;
            case Directive.Restart:
                strategy.ProcessFailure(this, restart: true, child, failed.Cause, ChildCells());
                break;
            case Directive.Stop:
                strategy.ProcessFailure(this, restart: false, child, failed.Cause, ChildCells());
                break;
            default:
                HandleInvokeFailure(failed.Cause, failed.MessageType);
                break;
        }
    }

    private void HandleResume(Exception? causedByFailure)
    {
        if (causedByFailure is not null)
        {
            _state &= ~StateFailed;
            _currentMessage = null;
        }

        if (_suspendCount > 0)
        {
            _suspendCount--;
        }

        SendToChildren(static () => new ResumeMessage(null));
    }

    private void HandleRecreate(Exception cause)
    {
        if ((_state & StateTerminating) != 0)
        {
            return;
        }

        var failedActor = _actor;
        if (failedActor is null)
        {
            // The failure happened in creation: there is nothing to tear down, create again.
            FinishRecreate(cause, postRestart: false);
            return;
        }

        var failedMessage = (_state & StateFailed) != 0 ? _currentMessage : null;
        try
        {
            failedActor.InvokeAroundPreRestart(cause, failedMessage);
        }
        catch (Exception exception)
        {
            _system.LogHookFailure(Path, "PreRestart", exception);
        }
        finally
        {
            ClearActorState();

            // Akka keeps stashed messages across a restart by putting them back at the front of the mailbox.
            _extras?.UserStash?.UnstashAll();
        }

        if (HasStoppingChildren())
        {
            Extras.PendingRecreateCause = cause;
        }
        else
        {
            FinishRecreate(cause, postRestart: true);
        }
    }

    private void FinishRecreate(Exception cause, bool postRestart)
    {
        if (_extras is not null)
        {
            _extras.PendingRecreateCause = null;
        }

        var survivors = ChildCells();
        _state &= ~(StateFailed | StateAsyncPending);
        _suspendCount = 0;
        _currentMessage = null;
        try
        {
            var fresh = NewActor();
            if (postRestart)
            {
                fresh.InvokeAroundPostRestart(cause, null);
            }
            else
            {
                fresh.InvokeAroundPreStart();
            }

            foreach (var survivor in survivors)
            {
                survivor.SendSystemMessage(new RecreateMessage(cause));
            }
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(exception as ActorInitializationException
                ?? new ActorInitializationException(this, $"Exception while restarting {Path}: {exception.Message}", exception));
        }
    }

    /// <summary>Forgets everything tied to the old instance: behaviours, timers, receive timeout.</summary>
    private void ClearActorState()
    {
        _behavior = null;
        if (_extras is { } extras)
        {
            extras.BehaviorStack?.Clear();
            extras.Timers?.CancelAll();
            CancelReceiveTimeout();
            extras.ReceiveTimeout = null;
        }

        _actor = null;
    }

    private void HandleTerminate()
    {
        if ((_state & (StateTerminating | StateTerminated)) != 0)
        {
            return;
        }

        _state |= StateTerminating;
        CancelReceiveTimeout();
        var children = ChildCells();
        foreach (var child in children)
        {
            StopChild(child);
        }

        if (children.Count == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        try
        {
            actor?.InvokeAroundPostStop();
        }
        catch (Exception exception)
        {
            _system.LogHookFailure(Path, "PostStop", exception);
        }
        finally
        {
            ClearActorState();
            _state = (_state | StateTerminated) & ~(StateTerminating | StateAsyncPending);
            _currentMessage = null;
            _currentSender = null;
            if (_extras is { } extras)
            {
                if (extras.Watching is { } watching)
                {
                    foreach (var watched in watching)
                    {
                        ((IInternalActorRef)watched).SendSystemMessage(new UnwatchMessage(this));
                    }

                    watching.Clear();
                }

                if (extras.WatchedBy is { } watchers)
                {
                    foreach (var watcher in watchers)
                    {
                        if (!ReferenceEquals(watcher, _parent))
                        {
                            ((IInternalActorRef)watcher).SendSystemMessage(new DeathWatchNotification(this));
                        }
                    }

                    watchers.Clear();
                }

                if (extras.Stashes is { } stashes)
                {
                    foreach (var stash in stashes)
                    {
                        foreach (var envelope in stash.ClearStash())
                        {
                            _system.PublishDeadLetter(envelope.Message, envelope.Sender, this);
                        }
                    }
                }
            }

            _parent?.SendSystemMessage(new DeathWatchNotification(this));
            DrainToDeadLetters();
            _system.OnCellTerminated(this);
        }
    }

    private void HandleDeathWatchNotification(IActorRef actor)
    {
        if (actor is ActorCell child && ReferenceEquals(child._parent, this))
        {
            HandleChildTerminated(child);
        }

        if ((_state & StateTerminating) == 0 && _extras?.Watching is { } watching && watching.Contains(actor))
        {
            // Queued behind earlier user messages; AutoReceive removes the watch and delivers it exactly once.
            Tell(new Terminated(actor, ExistenceConfirmed: actor is ActorCell, AddressTerminated: false), actor);
        }
    }

    private void HandleChildTerminated(ActorCell child)
    {
        RemoveChild(child);
        if ((_state & StateTerminating) != 0)
        {
            if (ChildCount == 0)
            {
                FinishTerminate();
            }

            return;
        }

        if (_extras?.PendingRecreateCause is { } cause && !HasStoppingChildren())
        {
            FinishRecreate(cause, postRestart: true);
        }
    }

    private void AddWatcher(IActorRef watcher)
    {
        if (ReferenceEquals(watcher, this))
        {
            return;
        }

        (Extras.WatchedBy ??= []).Add(watcher);
    }

    private void RunContinuation(RunContinuationMessage continuation)
    {
        var previousMessage = _currentMessage;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Extras.SynchronizationContext ??= new ActorSynchronizationContext(this));
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _currentMessage ??= previousMessage;
        }
    }

    /// <summary>Runs async work as part of the current message; user messages wait for the task.</summary>
    internal void RunTask(Func<Task> work)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Extras.SynchronizationContext ??= new ActorSynchronizationContext(this));
        Task task;
        try
        {
            task = work();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        if (task.IsFaulted)
        {
            ExceptionDispatchInfo.Throw(task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
        }

        _state |= StateAsyncPending;
        _system.WorkStarted();
        task.ContinueWith(
            static (t, state) =>
            {
                var cell = (ActorCell)state!;
                cell.SendSystemMessage(new AsyncCompletedMessage(
                    t.IsFaulted ? (t.Exception!.InnerExceptions.Count == 1 ? t.Exception.InnerException : t.Exception)
                    : t.IsCanceled ? new TaskCanceledException(t) : null));
                cell._system.WorkFinished();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
