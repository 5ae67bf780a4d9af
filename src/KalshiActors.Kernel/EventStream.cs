using System.Collections.Concurrent;

namespace KalshiActors.Kernel;

/// <summary>Publish/subscribe by type: a subscriber to a type also receives events of its subtypes.</summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();

    // Copy-on-write so Publish never locks. Each version carries its own cache of the subscribers per concrete event type,
    // so a hot publish (every book update) costs one lookup instead of a type test per subscription; a change of the
    // subscriptions starts a new version with an empty cache, so no publish can fill a cache with a stale list.
    private Subscriptions _state = new([]);

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="channel"/>; false if already subscribed.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            var all = _state.All;
            if (Array.Exists(all, s => s.Channel == channel && s.Subscriber.Equals(subscriber)))
            {
                return false;
            }

            Volatile.Write(ref _state, new Subscriptions([.. all, new Subscription(channel, subscriber)]));
            return true;
        }
    }

    /// <summary>Removes one subscription; false if there was none.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_lock)
        {
            return Replace(Array.FindAll(_state.All, s => !(s.Channel == channel && s.Subscriber.Equals(subscriber))));
        }
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (Volatile.Read(ref _state).All.Length == 0)
        {
            return false;
        }

        lock (_lock)
        {
            return Replace(Array.FindAll(_state.All, s => !s.Subscriber.Equals(subscriber)));
        }
    }

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscriber in Volatile.Read(ref _state).SubscribersOf(@event.GetType()))
        {
            subscriber.Tell(@event, null);
        }
    }

    // Under the lock: installs the remaining subscriptions if any was removed.
    private bool Replace(Subscription[] remaining)
    {
        if (remaining.Length == _state.All.Length)
        {
            return false;
        }

        Volatile.Write(ref _state, new Subscriptions(remaining));
        return true;
    }

    private readonly record struct Subscription(Type Channel, IActorRef Subscriber);

    /// <summary>One version of the subscriptions, in subscription order, with the subscribers of each event type seen.</summary>
    private sealed class Subscriptions(Subscription[] all)
    {
        private readonly ConcurrentDictionary<Type, IActorRef[]> _byType = new();

        public Subscription[] All { get; } = all;

        public IActorRef[] SubscribersOf(Type eventType) =>
            _byType.TryGetValue(eventType, out var subscribers) ? subscribers : _byType.GetOrAdd(eventType, Resolve);

        private IActorRef[] Resolve(Type eventType)
        {
            var matching = new List<IActorRef>();
            foreach (var subscription in All)
            {
                if (subscription.Channel.IsAssignableFrom(eventType))
                {
                    matching.Add(subscription.Subscriber);
                }
            }

            return [.. matching];
        }
    }
}
