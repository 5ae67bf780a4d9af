using KalshiActors.Kernel;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>Stops one actor and completes a task once it has terminated (so its name is free for a new dashboard); then stops itself.</summary>
internal sealed class StopAndWaitActor : ReceiveActor
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

    /// <summary>Stops <paramref name="target"/>; the task completes when it has terminated.</summary>
    public static Task StopAsync(ActorSystem system, IActorRef target)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new StopAndWaitActor(target, stopped)));
        return stopped.Task;
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Watch(_target);
        Context.Stop(_target);
    }
}
