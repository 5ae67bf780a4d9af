using FsCheck;
using FsCheck.Fluent;

namespace KalshiActors.Kernel.Tests;

/// <summary>
/// The event stream caches the subscribers of each event type; whatever the order of subscriptions, removals and
/// publishes, every publish must reach exactly the subscribers a scan of the current subscriptions would find.
/// </summary>
public sealed class EventStreamPropertySpec
{
    private class BaseEvent;

    private sealed class DerivedEvent : BaseEvent, IMarkedEvent;

    private sealed class OtherEvent : IMarkedEvent;

    private interface IMarkedEvent;

    private static readonly Type[] Channels = [typeof(object), typeof(BaseEvent), typeof(DerivedEvent), typeof(OtherEvent), typeof(IMarkedEvent), typeof(string)];

    private static readonly object[] Events = [new BaseEvent(), new DerivedEvent(), new OtherEvent(), "text"];

    /// <summary>Records every message told to it, with the ref's index, into a shared log.</summary>
    private sealed class RecordingRef(int index, List<(int Subscriber, object Message)> log) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Parse($"akka://stream-spec/user/r{index}");

        public void Tell(object message, IActorRef? sender) => log.Add((index, message));

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => index;
    }

    // Kind 0: subscribe, 1: unsubscribe one channel, 2: unsubscribe all, 3-5: publish (publishes are the common case).
    private sealed record Operation(int Kind, int Subscriber, int Channel, int Event);

    [Fact]
    public void Every_publish_must_reach_exactly_the_current_subscribers_of_its_type_in_subscription_order()
    {
        var operation = Gen.Choose(0, 5).SelectMany(kind => Gen.Choose(0, 3).SelectMany(subscriber => Gen.Choose(0, Channels.Length - 1)
            .SelectMany(channel => Gen.Choose(0, Events.Length - 1).Select(e => new Operation(kind, subscriber, channel, e)))));
        Prop.ForAll(Arb.From(operation.ListOf()), operations =>
        {
            var log = new List<(int, object)>();
            var refs = Enumerable.Range(0, 4).Select(i => new RecordingRef(i, log)).ToArray();
            var stream = new EventStream();

            // The reference: the subscriptions in order, scanned with a type test on every publish.
            var model = new List<(Type Channel, int Subscriber)>();
            var expected = new List<(int, object)>();
            foreach (var op in operations)
            {
                switch (op.Kind)
                {
                    case 0:
                        var added = stream.Subscribe(refs[op.Subscriber], Channels[op.Channel]);
                        if (added != !model.Contains((Channels[op.Channel], op.Subscriber)))
                        {
                            return false;
                        }

                        if (added)
                        {
                            model.Add((Channels[op.Channel], op.Subscriber));
                        }

                        break;
                    case 1:
                        if (stream.Unsubscribe(refs[op.Subscriber], Channels[op.Channel]) != model.Remove((Channels[op.Channel], op.Subscriber)))
                        {
                            return false;
                        }

                        break;
                    case 2:
                        if (stream.Unsubscribe(refs[op.Subscriber]) != (model.RemoveAll(s => s.Subscriber == op.Subscriber) > 0))
                        {
                            return false;
                        }

                        break;
                    default:
                        var e = Events[op.Event];
                        stream.Publish(e);
                        expected.AddRange(model.Where(s => s.Channel.IsInstanceOfType(e)).Select(s => (s.Subscriber, e)));
                        break;
                }
            }

            return log.SequenceEqual(expected);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
