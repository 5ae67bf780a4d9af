using System.Threading.Channels;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Domain.Tests.Ports;

public sealed class CancellableChannelWaiterTests
{
    [Fact]
    public async Task A_wait_ends_true_when_an_item_arrives_and_false_when_the_channel_completes()
    {
        var channel = Channel.CreateUnbounded<int>();
        using var cancel = new CancellationTokenSource();
        using var waiter = new CancellableChannelWaiter<int>(channel.Reader, cancel.Token);

        var first = waiter.WaitToReadAsync().AsTask();
        Assert.False(first.IsCompleted);
        channel.Writer.TryWrite(7);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(channel.Reader.TryRead(out var item));
        Assert.Equal(7, item);

        var second = waiter.WaitToReadAsync().AsTask();
        channel.Writer.Complete();
        Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelling_the_token_ends_a_pending_wait_and_every_later_one()
    {
        var channel = Channel.CreateUnbounded<int>();
        using var cancel = new CancellationTokenSource();
        using var waiter = new CancellableChannelWaiter<int>(channel.Reader, cancel.Token);

        var pending = waiter.WaitToReadAsync().AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitToReadAsync().AsTask());

        // The item that comes later is still in the channel for whoever reads it next.
        channel.Writer.TryWrite(1);
        Assert.True(channel.Reader.TryRead(out var item));
        Assert.Equal(1, item);
    }

    [Fact]
    public async Task A_channel_completed_with_an_error_fails_the_wait_with_it()
    {
        var channel = Channel.CreateUnbounded<int>();
        using var waiter = new CancellableChannelWaiter<int>(channel.Reader, CancellationToken.None);

        var pending = waiter.WaitToReadAsync().AsTask();
        channel.Writer.Complete(new InvalidOperationException("socket closed"));
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("socket closed", thrown.Message);
    }

    [Fact]
    public void Waiting_again_and_again_allocates_nothing_per_wait()
    {
        // Continuations inline, so the whole round trip (wait, write, wake, read) happens on this thread and its
        // allocation counter sees all of it.
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
        using var cancel = new CancellationTokenSource();
        using var waiter = new CancellableChannelWaiter<int>(channel.Reader, cancel.Token);
        Assert.Equal(0, RoundTrips(channel, waiter, 100));

        const int Waits = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var wrong = RoundTrips(channel, waiter, Waits);
        var perWait = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Waits;
        Assert.Equal(0, wrong);

        // A wait that handed the cancellable token to the channel allocated its waiter and registration: 96 bytes.
        Assert.True(perWait < 8, $"{perWait:F1} bytes allocated per wait");
    }

    // Returns how many round trips went wrong; asserting inside the loop would count xunit's own allocations.
    private static int RoundTrips(Channel<int> channel, CancellableChannelWaiter<int> waiter, int count)
    {
        var wrong = 0;
        for (var i = 0; i < count; i++)
        {
            var wait = waiter.WaitToReadAsync();
            var pendingBeforeWrite = !wait.IsCompleted;
            channel.Writer.TryWrite(i);
            var woke = wait.IsCompleted && wait.GetAwaiter().GetResult();
            wrong += pendingBeforeWrite && woke && channel.Reader.TryRead(out var item) && item == i ? 0 : 1;
        }

        return wrong;
    }
}
