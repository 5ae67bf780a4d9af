using System.Collections.Concurrent;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>Everything of the given types published on a system's event stream, in publication order.</summary>
internal sealed class EventTimeline
{
    private readonly ConcurrentQueue<object> _events = new();

    private EventTimeline()
    {
    }

    public IReadOnlyList<object> Events => [.. _events];

    public IEnumerable<T> Of<T>() => _events.OfType<T>();

    public static EventTimeline Attach(ActorSystem system, params Type[] types)
    {
        var timeline = new EventTimeline();
        var recorder = system.ActorOf(Props.Create(() => new RecorderActor(timeline._events)), "test-timeline");
        foreach (var type in types)
        {
            system.EventStream.Subscribe(recorder, type);
        }

        return timeline;
    }

    /// <summary>Waits (polling, bounded) until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> otherwise.</summary>
    public async Task WaitUntilAsync(Func<EventTimeline, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; saw {_events.Count} events: " +
                            string.Join(", ", _events.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key} x{g.Count()}")));
            }

            await Task.Delay(50);
        }
    }

    private sealed class RecorderActor : ReceiveActor
    {
        public RecorderActor(ConcurrentQueue<object> events) => ReceiveAny(events.Enqueue);
    }
}
