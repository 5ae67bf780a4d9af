namespace KalshiActors.Kernel;

/// <summary>
/// Stops one actor and completes a task once it (and so its whole subtree) has terminated, then stops itself: what a
/// host needs before reusing the actor's name or before the next shutdown step.
/// </summary>
public sealed class StopAndWaitActor : ReceiveActor
{
    private readonly IActorRef _target;

    private StopAndWaitActor(IActorRef target, TaskCompletionSource stopped)
    {
        _target = target;
        Receive<Terminated>(t => t.ActorRef.Equals(target), _ =>
        {
            stopped.TrySetResult();
            Context.Stop(Self);
        });
    }

    /// <summary>Stops <paramref name="target"/>; the task completes when it has terminated (at once when it already had).</summary>
    public static Task StopAsync(ActorSystem system, IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(target);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new StopAndWaitActor(target, stopped)));
        return stopped.Task;
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Watch first: a target that is already dead still answers the watch with Terminated.
        Context.Watch(_target);
        Context.Stop(_target);
    }
}
