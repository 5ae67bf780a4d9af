using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace KalshiActors.Kernel;

/// <summary>
/// Publish/subscribe by type: a subscriber to a type also receives events of its subtypes. A subscription may carry a filter
/// that runs on the publisher's thread, so an event the subscriber would ignore costs it no message and no turn.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();

    // Copy-on-write so Publish never locks. Each version carries its own cache of the subscribers per concrete event type,
    // so a hot publish (every book update) costs one lookup instead of a type test per subscription; a change of the
    // subscriptions starts a new version with an empty cache, so no publish can fill a cache with a stale list.
    private Subscriptions _state = new([]);

    /// <summary>
    /// Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="channel"/>; false if already
    /// subscribed (a filter that subscription had is removed: it now receives every event of the channel).
    /// </summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        return Add(new Subscription(channel, subscriber, null));
    }

    /// <summary>
    /// Subscribes <paramref name="subscriber"/> to the events assignable to <typeparamref name="TEvent"/> that
    /// <paramref name="filter"/> accepts; false if already subscribed to that channel (its filter is then replaced, which is
    /// what an actor restarted with fresh state needs). The filter runs on the publisher's thread, possibly on several
    /// threads at once, before anything is enqueued: it must be cheap and may touch only state that is safe to use from any
    /// thread. An event it declines is never delivered; one it accepts, or throws on, arrives in the usual order.
    /// </summary>
    public bool Subscribe<TEvent>(IActorRef subscriber, Func<TEvent, bool> filter)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(filter);
        return Add(new Subscription(typeof(TEvent), subscriber, new EventFilter<TEvent>(filter)));
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

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type whose filter, if any, accepts it.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in Volatile.Read(ref _state).SubscriptionsOf(@event.GetType()))
        {
            if (subscription.Filter is not { } filter || filter.Accepts(@event))
            {
                subscription.Subscriber.Tell(@event, null);
            }
        }
    }

    private bool Add(Subscription subscription)
    {
        lock (_lock)
        {
            var all = _state.All;
            var existing = Array.FindIndex(all, s => s.Channel == subscription.Channel && s.Subscriber.Equals(subscription.Subscriber));
            if (existing >= 0)
            {
                if (!ReferenceEquals(all[existing].Filter, subscription.Filter))
                {
                    // Same place in the subscription order: only what the subscriber is sent changes.
                    var replaced = (Subscription[])all.Clone();
                    replaced[existing] = subscription;
                    Volatile.Write(ref _state, new Subscriptions(replaced));
                }

                return false;
            }

            Volatile.Write(ref _state, new Subscriptions([.. all, subscription]));
            return true;
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

    /// <summary>One subscription; a null filter takes every event of the channel.</summary>
    private readonly record struct Subscription(Type Channel, IActorRef Subscriber, EventFilter? Filter);

    /// <summary>A subscription's filter, called with events of its channel only.</summary>
    private abstract class EventFilter
    {
        public abstract bool Accepts(object @event);
    }

    private sealed class EventFilter<TEvent>(Func<TEvent, bool> filter) : EventFilter
        where TEvent : class
    {
        // Only events assignable to the channel TEvent reach a subscription, so the cast needs no check.
        public override bool Accepts(object @event)
        {
            try
            {
                return filter(Unsafe.As<TEvent>(@event));
            }
            catch (Exception)
            {
                // A filter that throws must not fail the publisher (an actor in the middle of its turn): the event then
                // goes out as an unfiltered subscription would have sent it, so nothing is lost.
                return true;
            }
        }
    }

    /// <summary>One version of the subscriptions, in subscription order, with the subscriptions matching each event type seen.</summary>
    private sealed class Subscriptions(Subscription[] all)
    {
        private readonly ConcurrentDictionary<Type, Subscription[]> _byType = new();

        public Subscription[] All { get; } = all;

        public Subscription[] SubscriptionsOf(Type eventType) =>
            _byType.TryGetValue(eventType, out var subscriptions) ? subscriptions : _byType.GetOrAdd(eventType, Resolve);

        private Subscription[] Resolve(Type eventType) => Array.FindAll(All, s => s.Channel.IsAssignableFrom(eventType));
    }
}
