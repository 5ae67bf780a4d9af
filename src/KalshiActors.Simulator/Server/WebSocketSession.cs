using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using KalshiActors.Exchange.Wire;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Simulator.Server;

/// <summary>
/// One client WebSocket connection: reads commands (subscribe, unsubscribe, update_subscription, list_subscriptions),
/// keeps its subscriptions and writes queued messages in order. Subscription state is guarded by the exchange lock.
/// </summary>
internal sealed class WebSocketSession(WebSocket socket, string accountId, WebSocketHub hub, ILogger logger)
{
    private static readonly HashSet<string> KnownChannels =
        ["orderbook_delta", "ticker", "trade", "fill", "user_orders", "market_positions", "market_lifecycle_v2"];

    // Messages waiting to be written, in publish order; unbounded so the exchange never blocks on a slow reader.
    private readonly Channel<byte[]> outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    // Subscriptions by sid; guarded by the exchange lock.
    private readonly Dictionary<long, Subscription> subscriptions = [];

    private readonly CancellationTokenSource aborted = new();
    private long nextSid = 1;

    /// <summary>Whether the session's API key owns <paramref name="account"/>.</summary>
    public bool BelongsTo(string account) => string.Equals(accountId, account, StringComparison.Ordinal);

    /// <summary>Subscriptions on <paramref name="channel"/> that cover <paramref name="ticker"/>.</summary>
    public IEnumerable<Subscription> Matching(string channel, string ticker)
    {
        foreach (var subscription in subscriptions.Values)
        {
            if (subscription.Channel == channel && (subscription.Markets is null || subscription.Markets.Contains(ticker)))
            {
                yield return subscription;
            }
        }
    }

    /// <summary>Queues a message for sending.</summary>
    public void Enqueue(byte[] message) => outbound.Writer.TryWrite(message);

    /// <summary>Fault: drops the connection without a close handshake.</summary>
    public void Abort()
    {
        aborted.Cancel();
        socket.Abort();
    }

    /// <summary>Runs the connection until the client closes it, it fails, or the server stops.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted.Token);
        hub.Add(this);
        var writer = WriteLoopAsync(linked.Token);
        try
        {
            await ReadLoopAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug("WebSocket session of {Account} ended: {Reason}", accountId, ex.Message);
        }
        finally
        {
            hub.Remove(this);
            outbound.Writer.TryComplete();
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                logger.LogDebug("WebSocket writer of {Account} stopped: {Reason}", accountId, ex.Message);
            }
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        var time = hub.Exchange.Time;
        await foreach (var message in outbound.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
        {
            TimeSpan delay;
            bool stalled;
            lock (hub.Exchange.Sync)
            {
                delay = hub.Exchange.Faults.MessageDelay;
                stalled = hub.Exchange.Faults.StallWebSockets;
            }

            // A stalled connection stays open but silent until the fault is cleared (checked on the exchange clock).
            while (stalled)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellation).ConfigureAwait(false);
                lock (hub.Exchange.Sync)
                {
                    stalled = hub.Exchange.Faults.StallWebSockets;
                }
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellation).ConfigureAwait(false);
            }

            await socket.SendAsync(message, WebSocketMessageType.Text, true, cancellation).ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellation).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellation).ConfigureAwait(false);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            Handle(message.ToArray());
            message.SetLength(0);
        }
    }

    private void Handle(byte[] text)
    {
        WsCommand? command;
        try
        {
            command = JsonSerializer.Deserialize(text, KalshiWireContext.Default.WsCommand);
        }
        catch (JsonException)
        {
            Error(null, 1, "Unable to process message");
            return;
        }

        if (command is null)
        {
            Error(null, 1, "Unable to process message");
            return;
        }

        lock (hub.Exchange.Sync)
        {
            switch (command.Cmd)
            {
                case "subscribe":
                    Subscribe(command.Id, command.Params);
                    break;
                case "unsubscribe":
                    Unsubscribe(command.Id, command.Params);
                    break;
                case "update_subscription":
                    Update(command.Id, command.Params);
                    break;
                case "list_subscriptions":
                    Enqueue(WebSocketHub.Envelope("ok", command.Id, null, null,
                        subscriptions.Values.Select(s => new WsSubscriptionInfo { Channel = s.Channel, Sid = s.Sid }).ToList(),
                        KalshiWireContext.Default.ListWsSubscriptionInfo));
                    break;
                default:
                    Error(command.Id, 5, "Unknown command");
                    break;
            }
        }
    }

    private void Subscribe(long? id, WsCommandParams? parameters)
    {
        if (parameters is null)
        {
            Error(id, 2, "Params required");
            return;
        }

        if (parameters.Channels is not { Count: > 0 } channels)
        {
            Error(id, 3, "Channels required");
            return;
        }

        var tickers = Tickers(parameters);
        foreach (var ticker in tickers ?? [])
        {
            if (hub.Exchange.Market(ticker) is null)
            {
                Error(id, 16, "Market not found", ticker);
                return;
            }
        }

        foreach (var channel in channels)
        {
            if (!KnownChannels.Contains(channel))
            {
                Error(id, 8, "Unknown channel name");
                continue;
            }

            if (channel == "orderbook_delta" && tickers is null)
            {
                Error(id, 14, "Market ticker required");
                continue;
            }

            // Subscribing again to a channel is idempotent and adds markets (exchange behaviour since 2025-10).
            var existing = subscriptions.Values.FirstOrDefault(s => s.Channel == channel);
            var subscription = existing ?? new Subscription(nextSid++, channel, tickers is null ? null : new HashSet<string>(StringComparer.Ordinal),
                parameters.UseYesPrice ?? false);
            subscriptions[subscription.Sid] = subscription;
            Enqueue(WebSocketHub.Envelope("subscribed", id, null, null, new WsSubscribedMsg { Channel = channel, Sid = subscription.Sid },
                KalshiWireContext.Default.WsSubscribedMsg));
            var added = AddMarkets(subscription, tickers);
            if (channel == "orderbook_delta")
            {
                foreach (var ticker in added)
                {
                    hub.SendSnapshot(this, subscription, hub.Exchange.Market(ticker)!);
                }
            }
            else if (channel == "ticker" && parameters.SendInitialSnapshot == true)
            {
                var now = hub.Exchange.Time.GetUtcNow();
                foreach (var ticker in added)
                {
                    Enqueue(WebSocketHub.Envelope("ticker", null, subscription.Sid, null, WebSocketHub.Ticker(hub.Exchange.Market(ticker)!, now),
                        KalshiWireContext.Default.TickerMsg));
                }
            }
        }
    }

    private static List<string> AddMarkets(Subscription subscription, List<string>? tickers)
    {
        var added = new List<string>();
        if (subscription.Markets is null || tickers is null)
        {
            return added;
        }

        foreach (var ticker in tickers)
        {
            if (subscription.Markets.Add(ticker))
            {
                added.Add(ticker);
            }
        }

        return added;
    }

    private void Unsubscribe(long? id, WsCommandParams? parameters)
    {
        var sids = parameters?.Sids ?? (parameters?.Sid is { } one ? [one] : null);
        if (sids is not { Count: > 0 })
        {
            Error(id, 4, "Sids required");
            return;
        }

        foreach (var sid in sids)
        {
            if (subscriptions.Remove(sid))
            {
                Enqueue(WebSocketHub.Envelope<object?>("unsubscribed", id, sid, null, null, null!));
            }
            else
            {
                Error(id, 7, "Unknown subscription ID");
            }
        }
    }

    private void Update(long? id, WsCommandParams? parameters)
    {
        var sids = parameters?.Sids ?? (parameters?.Sid is { } one ? [one] : null);
        if (sids is not { Count: 1 })
        {
            Error(id, 12, "Exactly one subscription ID is required");
            return;
        }

        if (!subscriptions.TryGetValue(sids[0], out var subscription))
        {
            Error(id, 7, "Unknown subscription ID");
            return;
        }

        if (parameters!.Action is null)
        {
            Error(id, 15, "Action required");
            return;
        }

        var tickers = Tickers(parameters);
        if (tickers is null)
        {
            Error(id, 14, "Market ticker required");
            return;
        }

        foreach (var ticker in tickers)
        {
            if (hub.Exchange.Market(ticker) is null)
            {
                Error(id, 16, "Market not found", ticker);
                return;
            }
        }

        switch (parameters.Action)
        {
            case "add_markets":
                foreach (var ticker in AddMarkets(subscription, tickers).Where(_ => subscription.Channel == "orderbook_delta"))
                {
                    hub.SendSnapshot(this, subscription, hub.Exchange.Market(ticker)!);
                }

                break;
            case "delete_markets":
                foreach (var ticker in tickers)
                {
                    subscription.Markets?.Remove(ticker);
                }

                break;
            case "get_snapshot" when subscription.Channel == "orderbook_delta":
                foreach (var ticker in tickers.Where(t => subscription.Markets?.Contains(t) ?? true))
                {
                    hub.SendSnapshot(this, subscription, hub.Exchange.Market(ticker)!);
                }

                break;
            default:
                Error(id, 13, "Action not supported");
                return;
        }

        Enqueue(WebSocketHub.Envelope("ok", id, subscription.Sid, null, new WsOkMsg { MarketTickers = [.. subscription.Markets ?? []] },
            KalshiWireContext.Default.WsOkMsg));
    }

    private static List<string>? Tickers(WsCommandParams parameters) =>
        parameters.MarketTickers is { Count: > 0 } many ? many : parameters.MarketTicker is { } one ? [one] : null;

    private void Error(long? id, long code, string text, string? ticker = null) =>
        Enqueue(WebSocketHub.Envelope("error", id, null, null, new WsErrorMsg { Code = code, Msg = text, MarketTicker = ticker },
            KalshiWireContext.Default.WsErrorMsg));
}
