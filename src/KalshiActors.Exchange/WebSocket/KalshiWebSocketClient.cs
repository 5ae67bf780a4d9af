using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Wire;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Exchange.WebSocket;

/// <summary>A WebSocket command was refused or the connection could not be made; <see cref="Code"/> is the exchange's error code (0 when none).</summary>
public sealed class KalshiWebSocketException : KalshiActorsException
{
    /// <summary>Creates the exception.</summary>
    public KalshiWebSocketException(int code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the exception keeping the transport failure.</summary>
    public KalshiWebSocketException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exchange's numbered error (PROTOCOL.md 7.3), 0 for transport failures.</summary>
    public int Code { get; }
}

/// <summary>Sees every WebSocket message as received (one whole text frame of UTF-8 JSON), before it is decoded; must not block.</summary>
/// <param name="frame">The message bytes; only valid during the call, copy what you keep.</param>
/// <param name="receivedAt">When the message's last byte arrived, on the client's clock.</param>
public delegate void KalshiFrameObserver(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt);

/// <summary>How the WebSocket client connects.</summary>
public sealed record KalshiWebSocketOptions
{
    /// <summary>e.g. wss://external-api-ws.kalshi.com/trade-api/ws/v2.</summary>
    public required Uri WebSocketUrl { get; init; }

    /// <summary>How often the client pings; the server's own pings are answered by the runtime while the read loop runs.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a ping may go unanswered before the connection counts as dead.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a command may wait for its reply.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask for NO levels in YES prices (<c>use_yes_price</c>); always sent explicitly.</summary>
    public bool UseYesPriceForNoLevels { get; init; }

    /// <summary>Events buffered before the read loop waits for the consumer.</summary>
    public int EventBufferCapacity { get; init; } = 65_536;
}

/// <summary>
/// The exchange's WebSocket feed as an <see cref="IMarketDataFeed"/>: an authenticated connection, subscribe / unsubscribe /
/// update_subscription, typed events with per-subscription sequence checks. It never reconnects: a closed or failed
/// connection ends the stream with <see cref="FeedDisconnected"/> and supervisors decide what to do.
/// </summary>
public sealed partial class KalshiWebSocketClient : IMarketDataFeed
{
    private readonly KalshiWebSocketOptions _options;
    private readonly KalshiCredentials? _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<MarketDataEvent> _events;
    private readonly KalshiStreamDecoder _decoder;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<long, PendingCommand> _pending = [];
    private readonly Lock _pendingLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ClientWebSocket? _socket;
    private Task? _receiveLoop;
    private long _nextCommandId;

    /// <summary>Creates the client; <paramref name="credentials"/> null only for servers that allow anonymous connections.</summary>
    public KalshiWebSocketClient(KalshiWebSocketOptions options, KalshiCredentials? credentials, TimeProvider timeProvider, ILogger<KalshiWebSocketClient> logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _credentials = credentials;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        // Synchronous continuations: a waiting reader resumes on the socket's reader thread as an event is written, so the
        // feed actor's pump hands it to the actors there (InlineDelivery) instead of through a thread-pool wake-up.
        _events = Channel.CreateBounded<MarketDataEvent>(
            new BoundedChannelOptions(options.EventBufferCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait, AllowSynchronousContinuations = true });
        _decoder = new KalshiStreamDecoder(options.UseYesPriceForNoLevels);
    }

    /// <inheritdoc />
    public ChannelReader<MarketDataEvent> Events => _events.Reader;

    /// <summary>Called with every received message before decoding (recording for backtests); null = none.</summary>
    public KalshiFrameObserver? FrameObserver { get; init; }

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("the client is already connected; create a new client to reconnect");
        }

        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = _options.KeepAliveTimeout;
        if (_credentials is not null)
        {
            var headers = _credentials.Sign("GET", _options.WebSocketUrl.AbsolutePath, _timeProvider);
            socket.Options.SetRequestHeader(KalshiSignature.KeyHeader, headers.KeyId);
            socket.Options.SetRequestHeader(KalshiSignature.TimestampHeader, headers.TimestampMs);
            socket.Options.SetRequestHeader(KalshiSignature.SignatureHeader, headers.Signature);
        }

        try
        {
            await socket.ConnectAsync(_options.WebSocketUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            socket.Dispose();
            throw new KalshiWebSocketException($"could not open {_options.WebSocketUrl}: {e.Message}", e);
        }

        _socket = socket;
        Log.Connected(_logger, _options.WebSocketUrl.ToString());
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(socket, _stopping.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        var names = ChannelNames(channels);
        if (names.Count == 0)
        {
            throw new ArgumentException("name at least one channel", nameof(channels));
        }

        var parameters = new WsCommandParams
        {
            Channels = names,
            MarketTickers = tickers.Count == 0 ? null : [.. tickers.Select(t => t.Value)],
            UseYesPrice = channels.HasFlag(MarketDataChannels.OrderBook) ? _options.UseYesPriceForNoLevels : null,
        };
        await SendCommandAsync("subscribe", parameters, names.Count, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken)
    {
        var names = ChannelNames(channels);
        var sids = SidsOf(names);
        if (sids.Count > 0)
        {
            await SendCommandAsync("unsubscribe", new WsCommandParams { Sids = sids }, sids.Count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        var sid = SidsOf(["orderbook_delta"]).FirstOrDefault();
        if (sid == 0)
        {
            throw new InvalidOperationException("there is no order-book subscription to request snapshots on; subscribe first");
        }

        // Whether the exchange acknowledges get_snapshot with "ok" is undocumented, so only the send is awaited; the
        // snapshots (or an error, as SubscriptionFailed) arrive on the event stream.
        await SendCommandAsync(
            "update_subscription",
            new WsCommandParams { Sid = sid, MarketTickers = [.. tickers.Select(t => t.Value)], Action = "get_snapshot" },
            0,
            cancellationToken,
            awaitReply: false).ConfigureAwait(false);
    }

    /// <summary>Adds or removes markets on an existing subscription (<c>add_markets</c> / <c>delete_markets</c>).</summary>
    public Task UpdateSubscriptionAsync(int sid, string action, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        return SendCommandAsync("update_subscription", new WsCommandParams { Sids = [sid], MarketTickers = [.. tickers.Select(t => t.Value)], Action = action }, 0, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var socket = _socket;
        if (socket is not null && socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                Log.CloseFailed(_logger, e.Message);
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        socket?.Dispose();
        _sendLock.Dispose();
        _stopping.Dispose();
    }

    private static List<string> ChannelNames(MarketDataChannels channels)
    {
        var names = new List<string>();
        if (channels.HasFlag(MarketDataChannels.OrderBook))
        {
            names.Add("orderbook_delta");
        }

        if (channels.HasFlag(MarketDataChannels.Ticker))
        {
            names.Add("ticker");
        }

        if (channels.HasFlag(MarketDataChannels.Trades))
        {
            names.Add("trade");
        }

        if (channels.HasFlag(MarketDataChannels.Lifecycle))
        {
            names.Add("market_lifecycle_v2");
        }

        if (channels.HasFlag(MarketDataChannels.Fills))
        {
            names.Add("fill");
        }

        if (channels.HasFlag(MarketDataChannels.Orders))
        {
            names.Add("user_orders");
        }

        if (channels.HasFlag(MarketDataChannels.Positions))
        {
            names.Add("market_positions");
        }

        return names;
    }

    private List<long> SidsOf(IReadOnlyCollection<string> names)
    {
        lock (_pendingLock)
        {
            return [.. _decoder.Channels.Where(c => names.Contains(c.Value)).Select(c => (long)c.Key)];
        }
    }

    // Sends a command and waits for its replies: one "subscribed" per channel, or one "ok"/"unsubscribed"; an "error" fails it.
    private async Task SendCommandAsync(string command, WsCommandParams parameters, int expectedAcks, CancellationToken cancellationToken, bool awaitReply = true)
    {
        var socket = _socket ?? throw new InvalidOperationException("connect before sending commands");
        var id = Interlocked.Increment(ref _nextCommandId);
        var pending = new PendingCommand(Math.Max(1, expectedAcks));
        lock (_pendingLock)
        {
            _pending[id] = pending;
        }

        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new WsCommand { Id = id, Cmd = command, Params = parameters }, KalshiWireContext.Default.WsCommand);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e)
            {
                throw new KalshiWebSocketException($"could not send {command}: {e.Message}", e);
            }
            finally
            {
                _sendLock.Release();
            }

            if (awaitReply)
            {
                await pending.Completion.Task.WaitAsync(_options.CommandTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException e)
        {
            throw new KalshiWebSocketException($"{command} (id {id}) got no reply within {_options.CommandTimeout.TotalSeconds:0.#} s", e);
        }
        finally
        {
            lock (_pendingLock)
            {
                _pending.Remove(id);
            }
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket, CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var batch = new List<MarketDataEvent>(4);
        string reason = "connection closed by the server";
        Exception? cause = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), stopping).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    reason = $"server closed the connection ({socket.CloseStatus}: {socket.CloseStatusDescription})";
                    break;
                }

                FrameObserver?.Invoke(buffer.AsSpan(0, length), _timeProvider.GetUtcNow());
                batch.Clear();
                ControlReply reply;
                lock (_pendingLock)
                {
                    reply = _decoder.Decode(buffer.AsSpan(0, length), batch);
                }

                if (reply.Kind != ControlKind.None)
                {
                    OnReply(reply);
                }

                foreach (var item in batch)
                {
                    await _events.Writer.WriteAsync(item, stopping).ConfigureAwait(false);
                }
            }

            if (stopping.IsCancellationRequested)
            {
                reason = "client closed the connection";
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            reason = "client closed the connection";
        }
#pragma warning disable CA1031 // The read loop is the feed's edge: whatever ends it must reach the consumer as FeedDisconnected.
        catch (Exception e)
#pragma warning restore CA1031
        {
            reason = $"connection failed: {e.GetType().Name}: {e.Message}";
            cause = e;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Log.Disconnected(_logger, reason);
        FailPending(new KalshiWebSocketException(0, reason));
        _events.Writer.TryWrite(new FeedDisconnected(reason, cause));
        _events.Writer.TryComplete();
    }

    private void OnReply(ControlReply reply)
    {
        if (reply.CommandId is not { } id)
        {
            return;
        }

        PendingCommand? pending;
        lock (_pendingLock)
        {
            _pending.TryGetValue(id, out pending);
        }

        if (pending is null)
        {
            return;
        }

        if (reply.Kind == ControlKind.Error)
        {
            pending.Completion.TrySetException(new KalshiWebSocketException(reply.ErrorCode, $"command {id} refused: {reply.ErrorCode} {reply.Message}"));
        }
        else if (Interlocked.Decrement(ref pending.AcksLeft) <= 0 || reply.Kind != ControlKind.Subscribed)
        {
            pending.Completion.TrySetResult();
        }
    }

    private void FailPending(Exception error)
    {
        lock (_pendingLock)
        {
            foreach (var pending in _pending.Values)
            {
                pending.Completion.TrySetException(error);
            }
        }
    }

    private sealed class PendingCommand(int acks)
    {
        // Replies still expected; a subscribe to n channels is answered by n "subscribed" frames.
        public int AcksLeft = acks;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "WebSocket connected to {Url}")]
        public static partial void Connected(ILogger logger, string url);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "WebSocket disconnected: {Reason}")]
        public static partial void Disconnected(ILogger logger, string reason);

        [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "WebSocket close handshake failed: {Reason}")]
        public static partial void CloseFailed(ILogger logger, string reason);
    }
}
