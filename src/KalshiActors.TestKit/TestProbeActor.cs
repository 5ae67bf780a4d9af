using System.Collections.Concurrent;
using KalshiActors.Kernel;

namespace KalshiActors.Testing;

/// <summary>The actor behind a <see cref="TestProbe"/>: queues every message for the test thread.</summary>
internal sealed class TestProbeActor(BlockingCollection<Envelope> queue) : ActorBase
{
    public static Props Props(BlockingCollection<Envelope> queue) => Kernel.Props.Create(() => new TestProbeActor(queue));

    protected override bool Receive(object message)
    {
        if (message is WatchCommand command)
        {
            if (command.Watch)
            {
                Context.Watch(command.Target);
            }
            else
            {
                Context.Unwatch(command.Target);
            }

            command.Done.Set();
            return true;
        }

        queue.Add(new Envelope(message, Sender));
        return true;
    }

    /// <summary>Asks the probe actor to (un)watch a target; the test thread waits for <see cref="Done"/>.</summary>
    internal sealed record WatchCommand(IActorRef Target, bool Watch)
    {
        public ManualResetEventSlim Done { get; } = new();
    }
}
