using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>Bench probe: hands every order event published on the event stream to a callback (timestamps are taken there).</summary>
internal sealed class ExecutionBenchActor : ReceiveActor
{
    private ExecutionBenchActor(Action<OrderLifecycleEvent> onEvent)
    {
        Receive<OrderLifecycleEvent>(onEvent);
        Receive<Ping>(_ => Sender.Tell(Ping.Instance, Self));
    }

    public static Props Props(Action<OrderLifecycleEvent> onEvent) => Kernel.Props.Create(() => new ExecutionBenchActor(onEvent));

    /// <inheritdoc />
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(OrderLifecycleEvent));

    /// <summary>Answered at once: the probe has started and subscribed.</summary>
    public sealed record Ping
    {
        public static Ping Instance { get; } = new();
    }
}
