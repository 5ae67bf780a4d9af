using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// A channel whose reader confirms delivery: an item counts as unconfirmed from <see cref="Write"/> until the reader asks
/// for the next one (TryRead or WaitToReadAsync again), which a feed actor's pump does only after it has told the item to
/// its actor. So "nothing unconfirmed and <c>ActorSystem.PendingWork == 0</c>" means every fed item has been handled.
/// </summary>
internal sealed class ConfirmingChannelReader<T> : ChannelReader<T>
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Items written and not yet confirmed (see the class summary).
    private long _unconfirmed;

    // Whether the last TryRead handed out an item that the next read call confirms (touched only by the single reader).
    private bool _handedOut;

    /// <summary>Items written whose delivery is not yet confirmed.</summary>
    public long Unconfirmed => Interlocked.Read(ref _unconfirmed);

    /// <inheritdoc />
    public override Task Completion => _channel.Reader.Completion;

    /// <summary>Queues one item (called by the backtest driver only).</summary>
    public void Write(T item)
    {
        Interlocked.Increment(ref _unconfirmed);
        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _unconfirmed);
        }
    }

    /// <summary>Ends the stream.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <inheritdoc />
    public override bool TryRead([MaybeNullWhen(false)] out T item)
    {
        Confirm();
        if (_channel.Reader.TryRead(out item))
        {
            _handedOut = true;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        Confirm();
        return _channel.Reader.WaitToReadAsync(cancellationToken);
    }

    private void Confirm()
    {
        if (_handedOut)
        {
            _handedOut = false;
            Interlocked.Decrement(ref _unconfirmed);
        }
    }
}
