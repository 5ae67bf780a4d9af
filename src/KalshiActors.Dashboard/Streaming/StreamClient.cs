using System.Net.WebSockets;
using System.Threading.Channels;

namespace KalshiActors.Dashboard.Streaming;

/// <summary>
/// One WebSocket client's outgoing queue: bounded, so a client that cannot keep up is dropped instead of buffered without
/// bound; book messages are throttled per market (at most one per interval, the latest one always follows). The hub's
/// sender thread sends what is queued onto the client's socket (<see cref="SendQueued"/>), one frame at a time.
/// </summary>
internal sealed class StreamClient : IDisposable
{
    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _dropped = new();
    private readonly Lock _lock = new();

    // Per market: when its last book message was queued (TimeProvider timestamp) and the newest one held back since.
    private readonly Dictionary<string, (long SentAt, byte[]? Pending)> _books = new(StringComparer.Ordinal);

    public StreamClient(long id, int capacity)
    {
        Id = id;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The hub's number for this client.</summary>
    public long Id { get; }

    /// <summary>Messages to send, in order.</summary>
    public ChannelReader<byte[]> Messages => _queue.Reader;

    /// <summary>Cancelled when the client is dropped (its sends are aborted).</summary>
    public CancellationToken DroppedToken => _dropped.Token;

    /// <summary>Why the client was dropped, once it was.</summary>
    public string? DropReason { get; private set; }

    /// <summary>Messages queued so far.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    private long _queued;

    // The socket the hub's sender writes to (null until attached and after detached), and the send still in flight on it.
    private readonly Lock _sendLock = new();
    private WebSocket? _socket;
    private Task? _sending;
    private readonly MemoryStream _frame = new();

    /// <summary>Hands the client's socket to the hub's sender.</summary>
    public void Attach(WebSocket socket)
    {
        lock (_sendLock)
        {
            _socket = socket;
        }
    }

    /// <summary>Takes the socket back from the sender (before closing it); completes once no send is in flight on it.</summary>
    public Task DetachAsync()
    {
        lock (_sendLock)
        {
            _socket = null;
            return _sending ?? Task.CompletedTask;
        }
    }

    /// <summary>
    /// Sends what is queued as one frame (a JSON array when several) unless the previous send is still in flight, in which
    /// case the queue fills meanwhile and a client that never drains it is dropped. Called only by the hub's sender thread;
    /// false when the socket failed (the caller drops the client).
    /// </summary>
    public bool SendQueued(int maxBatch, int maxBatchBytes)
    {
        lock (_sendLock)
        {
            if (_socket is not { } socket)
            {
                return true;
            }

            if (_sending is { } previous)
            {
                if (!previous.IsCompleted)
                {
                    return true;
                }

                _sending = null;
                if (!previous.IsCompletedSuccessfully)
                {
                    return false;
                }
            }

            _frame.SetLength(0);
            var count = 0;
            while (count < maxBatch && _frame.Length < maxBatchBytes && _queue.Reader.TryRead(out var message))
            {
                _frame.WriteByte(count == 0 ? (byte)'[' : (byte)',');
                _frame.Write(message);
                count++;
            }

            if (count == 0)
            {
                return true;
            }

            // One message goes out as itself, several as a JSON array of them.
            _frame.WriteByte((byte)']');
            var frame = count == 1 ? _frame.GetBuffer().AsMemory(1, (int)_frame.Length - 2) : _frame.GetBuffer().AsMemory(0, (int)_frame.Length);
            try
            {
                var send = socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, DroppedToken);
                if (send.IsCompleted)
                {
                    send.GetAwaiter().GetResult();
                }
                else
                {
                    _sending = send.AsTask();
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                return false;
            }

            return true;
        }
    }

    /// <summary>Queues a message; false when the queue is full (the caller drops the client).</summary>
    public bool TryEnqueue(byte[] message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            return false;
        }

        Interlocked.Increment(ref _queued);
        return true;
    }

    /// <summary>Queues a book message unless one for this market went out less than <paramref name="interval"/> ago, in which case it waits (replacing any older waiting one).</summary>
    public bool OfferBook(string ticker, byte[] message, long now, long interval)
    {
        lock (_lock)
        {
            if (_books.TryGetValue(ticker, out var last) && now - last.SentAt < interval)
            {
                _books[ticker] = (last.SentAt, message);
                return true;
            }

            _books[ticker] = (now, null);
        }

        return TryEnqueue(message);
    }

    /// <summary>Queues the held-back book messages whose interval has passed; false when the queue is full.</summary>
    public bool FlushBooks(long now, long interval)
    {
        List<byte[]>? due = null;
        lock (_lock)
        {
            foreach (var (ticker, (sentAt, pending)) in _books)
            {
                if (pending is not null && now - sentAt >= interval)
                {
                    (due ??= []).Add(pending);
                    _books[ticker] = (now, null);
                }
            }
        }

        return due is null || due.TrueForAll(TryEnqueue);
    }

    /// <summary>Stops the client: no more messages; its socket is aborted by the sender loop.</summary>
    public void Drop(string reason)
    {
        DropReason ??= reason;
        _queue.Writer.TryComplete();
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dropped.Dispose();
        _frame.Dispose();
    }
}
