using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench pipeline`'s observer: hands every BookUpdated and order event published to a callback (stamps are taken there).</summary>
internal sealed class PipelineBenchProbe : UntypedActor
{
    private readonly Action<object> _onEvent;

    private PipelineBenchProbe(Action<object> onEvent) => _onEvent = onEvent;

    public static Props Props(Action<object> onEvent) => Kernel.Props.Create(() => new PipelineBenchProbe(onEvent));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(BookUpdated));
        Context.System.EventStream.Subscribe(Self, typeof(OrderLifecycleEvent));
    }

    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        if (message is Ping)
        {
            Sender.Tell(Ping.Instance, Self);
            return;
        }

        _onEvent(message);
    }

    /// <summary>Answered at once: the probe has started and subscribed.</summary>
    public sealed record Ping
    {
        public static Ping Instance { get; } = new();
    }
}
