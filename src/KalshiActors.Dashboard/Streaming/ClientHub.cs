using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Dashboard.Streaming;

/// <summary>
/// Fans messages out to the WebSocket clients without ever waiting on one: each has a bounded queue, a full queue drops
/// that client, and book messages are throttled per client and market. The bridge actor publishes; the WebSocket
/// endpoint drains each client's queue onto its socket.
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

    public ClientHub(DashboardSettings settings, TimeProvider time, ILogger logger)
    {
        _capacity = settings.ClientQueueCapacity;
        _time = time;
        _logger = logger;
        var interval = TimeSpan.FromSeconds(1.0 / settings.BookUpdatesPerSecond);
        _bookInterval = (long)(interval.TotalSeconds * time.TimestampFrequency);
        _flush = time.CreateTimer(_ => FlushBooks(), null, interval, interval);
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
