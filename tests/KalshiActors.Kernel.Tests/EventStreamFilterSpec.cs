using System.Collections.Concurrent;
using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

/// <summary>Filtered subscriptions: the filter runs on the publisher's side, so a declined event never reaches the subscriber.</summary>
public sealed class EventStreamFilterSpec(ITestOutputHelper output) : TestKit(output)
{
    private sealed record Quote(string Ticker, int Price);

    private sealed record SpecialQuote(string Ticker, int Price, string Note);

    /// <summary>Counts every message told to it (no mailbox: what the stream hands over is what is counted).</summary>
    private sealed class CountingRef : IActorRef
    {
        private int _count;

        public ActorPath Path { get; } = ActorPath.Parse("akka://filter-spec/user/counting");

        public int Count => Volatile.Read(ref _count);

        public void Tell(object message, IActorRef? sender) => Interlocked.Increment(ref _count);

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => 1;
    }

    [Fact]
    public void A_filtered_subscriber_must_receive_only_the_events_its_filter_accepts_in_publish_order()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe<Quote>(probe.Ref, q => q.Ticker == "A"));
        Sys.EventStream.Publish(new Quote("B", 1));
        Sys.EventStream.Publish(new Quote("A", 2));
        Sys.EventStream.Publish(new Quote("B", 3));
        Sys.EventStream.Publish(new Quote("A", 4));
        Assert.Equal(2, probe.ExpectMsg<Quote>().Price);
        Assert.Equal(4, probe.ExpectMsg<Quote>().Price);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_filter_must_not_change_what_other_subscribers_of_the_channel_receive()
    {
        var filtered = CreateTestProbe();
        var everything = CreateTestProbe();
        Sys.EventStream.Subscribe<Quote>(filtered.Ref, _ => false);
        Sys.EventStream.Subscribe(everything.Ref, typeof(Quote));
        Sys.EventStream.Publish(new Quote("A", 1));
        Assert.Equal(1, everything.ExpectMsg<Quote>().Price);
        filtered.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Subscribing_again_must_replace_the_filter_and_keep_a_single_subscription()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe<Quote>(probe.Ref, _ => false));
        Assert.False(Sys.EventStream.Subscribe<Quote>(probe.Ref, q => q.Price > 1));
        Sys.EventStream.Publish(new Quote("A", 1));
        Sys.EventStream.Publish(new Quote("A", 2));
        Assert.Equal(2, probe.ExpectMsg<Quote>().Price);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // An unfiltered subscription to the same channel takes the filter away.
        Assert.False(Sys.EventStream.Subscribe(probe.Ref, typeof(Quote)));
        Sys.EventStream.Publish(new Quote("A", 1));
        Assert.Equal(1, probe.ExpectMsg<Quote>().Price);
    }

    [Fact]
    public void A_filtered_subscription_must_be_removed_by_unsubscribe_like_any_other()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<Quote>(probe.Ref, _ => true);
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Quote)));
        Sys.EventStream.Publish(new Quote("A", 1));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_filter_on_a_base_type_must_see_subtypes_and_a_throwing_filter_must_let_the_event_through()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<object>(probe.Ref, e => e is SpecialQuote s ? s.Note.Length > 0 : throw new InvalidOperationException("filter bug"));
        Sys.EventStream.Publish(new SpecialQuote("A", 1, ""));
        Sys.EventStream.Publish(new SpecialQuote("A", 2, "kept"));
        Sys.EventStream.Publish(new Quote("A", 3));
        Assert.Equal(2, probe.ExpectMsg<SpecialQuote>().Price);
        Assert.Equal(3, probe.ExpectMsg<Quote>().Price);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Concurrent_publishers_must_each_have_their_events_filtered_while_the_subscription_changes()
    {
        var stream = new EventStream();
        var counting = new CountingRef();
        var other = new CountingRef();
        var seen = new ConcurrentDictionary<string, int>();
        stream.Subscribe<Quote>(counting, q =>
        {
            seen.AddOrUpdate(q.Ticker, 1, (_, n) => n + 1);
            return q.Price % 2 == 0;
        });

        // Four publishers (one per ticker, as order books are) while another subscriber comes and goes.
        var publishers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                stream.Publish(new Quote($"T{t}", i));
            }
        })).ToArray();
        var churn = Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                stream.Subscribe(other, typeof(Quote));
                stream.Unsubscribe(other, typeof(Quote));
            }
        });
        await Task.WhenAll([.. publishers, churn]);

        Assert.Equal(4 * 5_000, counting.Count);
        Assert.All(seen.Values, n => Assert.Equal(10_000, n));
    }
}
