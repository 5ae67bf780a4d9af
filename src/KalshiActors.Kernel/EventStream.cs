namespace KalshiActors.Kernel;

/// <summary>Publish/subscribe by type: a subscriber to a type also receives events of its subtypes.</summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();

    // Copy-on-write so Publish never locks.
    private Subscription[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="channel"/>; false if already subscribed.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            if (Array.Exists(_subscriptions, s => s.Channel == channel && s.Subscriber.Equals(subscriber)))
            {
                return false;
            }

            _subscriptions = [.. _subscriptions, new Subscription(channel, subscriber)];
            return true;
        }
    }

    /// <summary>Removes one subscription; false if there was none.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            var remaining = Array.FindAll(_subscriptions, s => !(s.Channel == channel && s.Subscriber.Equals(subscriber)));
            var removed = remaining.Length != _subscriptions.Length;
            _subscriptions = remaining;
            return removed;
        }
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (Volatile.Read(ref _subscriptions).Length == 0)
        {
            return false;
        }

        lock (_lock)
        {
            var remaining = Array.FindAll(_subscriptions, s => !s.Subscriber.Equals(subscriber));
            var removed = remaining.Length != _subscriptions.Length;
            _subscriptions = remaining;
            return removed;
        }
    }

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Channel.IsInstanceOfType(@event))
            {
                subscription.Subscriber.Tell(@event, null);
            }
        }
    }

    private readonly record struct Subscription(Type Channel, IActorRef Subscriber);
}
