using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench pipeline`'s observer: hands every event published on its channels (BookUpdated, order events) to a callback (stamps are taken there).</summary>
internal sealed class PipelineBenchProbe : UntypedActor
{
    private readonly Action<object> _onEvent;
    private readonly Type[] _channels;

    private PipelineBenchProbe(Action<object> onEvent, Type[] channels)
    {
        _onEvent = onEvent;
        _channels = channels;
    }

    /// <summary>A probe of <paramref name="channels"/> (default: BookUpdated and every order event).</summary>
    public static Props Props(Action<object> onEvent, params Type[] channels) =>
        Kernel.Props.Create(() => new PipelineBenchProbe(onEvent, channels.Length == 0 ? [typeof(BookUpdated), typeof(OrderLifecycleEvent)] : channels));

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var channel in _channels)
        {
            Context.System.EventStream.Subscribe(Self, channel);
        }
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
