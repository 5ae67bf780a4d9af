using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Dashboard.Streaming;

/// <summary>
/// Fans messages out to the WebSocket clients without ever waiting on one: each has a bounded queue, a full queue drops
/// that client, and book messages are throttled per client and market. The bridge actor publishes; one dedicated sender
/// thread drains every client's queue onto its socket at most once per frame interval. Not the thread pool, and not one
/// loop per client woken by every message: the actors run on the pool, and 50 clients' send loops woken ~25 times a
/// second each doubled the node's tick-to-order latency (`bench dashboard`).
/// </summary>
internal sealed partial class ClientHub : IDisposable
{
    private readonly ConcurrentDictionary<long, StreamClient> _clients = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly long _bookInterval;
    private readonly ITimer _flush;
    private readonly ILogger _logger;
    private long _nextId;
    private long _dropped;

    // Messages queued together go out as one frame, up to these bounds.
    private const int MaxBatch = 64;
    private const int MaxBatchBytes = 256 * 1024;

    // How often at most the sender sends to each client (the book interval), and how long it sleeps without news.
    private readonly TimeSpan _frameInterval;
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(1);
    private readonly AutoResetEvent _work = new(false);
    private readonly Thread _sender;
    private volatile bool _stopping;

    public ClientHub(DashboardSettings settings, TimeProvider time, ILogger logger)
    {
        _capacity = settings.ClientQueueCapacity;
        _time = time;
        _logger = logger;
        var interval = TimeSpan.FromSeconds(1.0 / settings.BookUpdatesPerSecond);
        _bookInterval = (long)(interval.TotalSeconds * time.TimestampFrequency);
        _flush = time.CreateTimer(_ => FlushBooks(), null, interval, interval);
        _frameInterval = interval;
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "dashboard-ws-sender" };
        _sender.Start();
    }

    /// <summary>Clients connected now.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Whether anyone listens (the bridge skips serializing otherwise).</summary>
    public bool HasClients => !_clients.IsEmpty;

    /// <summary>Clients dropped for not keeping up, since start.</summary>
    public long DroppedClients => Interlocked.Read(ref _dropped);

    /// <summary>Registers a new client.</summary>
    public StreamClient Connect()
    {
        var client = new StreamClient(Interlocked.Increment(ref _nextId), _capacity);
        _clients[client.Id] = client;
        return client;
    }

    /// <summary>Forgets a client (its connection ended).</summary>
    public void Disconnect(StreamClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_clients.TryRemove(client.Id, out _))
        {
            client.Drop("disconnected");
        }
    }

    /// <summary>Sends a message to every client.</summary>
    public void Publish(byte[] message)
    {
        foreach (var client in _clients.Values)
        {
            if (!client.TryEnqueue(message))
            {
                DropSlow(client);
            }
        }

        Signal();
    }

    /// <summary>Wakes the sender: something was queued.</summary>
    public void Signal()
    {
        if (!_stopping)
        {
            _work.Set();
        }
    }

    private void SendLoop()
    {
        while (!_stopping)
        {
            _work.WaitOne(IdleWake);
            if (_stopping)
            {
                break;
            }

            var started = Environment.TickCount64;
            foreach (var client in _clients.Values)
            {
                if (!client.SendQueued(MaxBatch, MaxBatchBytes))
                {
                    Disconnect(client);
                }
            }

            // At most one frame per client per interval: what arrives meanwhile joins the next frame.
            var rest = (long)_frameInterval.TotalMilliseconds - (Environment.TickCount64 - started);
            if (rest > 0 && !_stopping)
            {
                Thread.Sleep((int)rest);
            }
        }
    }

    /// <summary>Sends a market's book message to every client, throttled per client.</summary>
    public void PublishBook(string ticker, byte[] message)
    {
        var now = _time.GetTimestamp();
        foreach (var client in _clients.Values)
        {
            if (!client.OfferBook(ticker, message, now, _bookInterval))
            {
                DropSlow(client);
            }
        }

        Signal();
    }

    /// <summary>Queues held-back book messages that are due (also run by the hub's timer).</summary>
    public void FlushBooks()
    {
        var now = _time.GetTimestamp();
        foreach (var client in _clients.Values)
        {
            if (!client.FlushBooks(now, _bookInterval))
            {
                DropSlow(client);
            }
        }

        Signal();
    }

    /// <summary>Closes every client (shutdown).</summary>
    public void DisconnectAll()
    {
        foreach (var client in _clients.Values)
        {
            Disconnect(client);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _flush.Dispose();
        _stopping = true;
        _work.Set();
        _sender.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
        DisconnectAll();
    }

    /// <summary>`{"type": type, "data": value}` as UTF-8.</summary>
    public static byte[] Message<T>(string type, T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private void DropSlow(StreamClient client)
    {
        if (_clients.TryRemove(client.Id, out _))
        {
            Interlocked.Increment(ref _dropped);
            Log.ClientDropped(_logger, client.Id, _capacity);
            client.Drop("too slow: its queue of " + _capacity + " messages was full");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard WebSocket client {ClientId} dropped: it did not keep up ({Capacity} messages queued)")]
        public static partial void ClientDropped(ILogger logger, long clientId, int capacity);
    }
}
