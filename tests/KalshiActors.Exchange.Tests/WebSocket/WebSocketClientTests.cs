using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Tests.Support;
using KalshiActors.Exchange.WebSocket;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Exchange.Tests.WebSocket;

public sealed class WebSocketClientTests : IAsyncLifetime
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly List<string> _commands = [];
    private LoopbackServer _server = null!;

    // When set, the server answers commands one by one instead of playing the scripted book stream.
    private volatile bool _interactive;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.UseWebSockets();
        app.Run(ServeAsync);
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task Client_subscribes_receives_books_reports_gap_and_surfaces_disconnect()
    {
        await using var client = CreateClient(_key);
        await client.ConnectAsync(CancellationToken.None);
        await client.SubscribeAsync(MarketDataChannels.OrderBook, [new MarketTicker("KXBTC15M-26AUG132115-15")], CancellationToken.None);

        var events = new List<MarketDataEvent>();
        await foreach (var e in client.Events.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            events.Add(e);
        }

        Assert.Collection(
            events,
            e => Assert.IsType<BookSnapshotReceived>(e),
            e => Assert.Equal(Quantity.Parse("-20"), Assert.IsType<BookDeltaReceived>(e).Delta),
            e => Assert.Equal(new SequenceGapDetected(1, 3, 4), e),
            e => Assert.Equal(Side.No, Assert.IsType<BookDeltaReceived>(e).Side),
            e => Assert.Contains("server closed", Assert.IsType<FeedDisconnected>(e).Reason, StringComparison.Ordinal));

        var subscribe = Assert.Single(_commands);
        Assert.Contains("\"cmd\":\"subscribe\"", subscribe, StringComparison.Ordinal);
        Assert.Contains("\"use_yes_price\":false", subscribe, StringComparison.Ordinal);
        Assert.Contains("\"channels\":[\"orderbook_delta\"]", subscribe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_wait_for_their_replies_and_refusals_become_typed_exceptions()
    {
        _interactive = true;
        await using var client = CreateClient(_key);
        await client.ConnectAsync(CancellationToken.None);
        var ticker = new MarketTicker("KXBTC15M-26AUG132115-15");
        await client.SubscribeAsync(MarketDataChannels.OrderBook | MarketDataChannels.Trades, [ticker], CancellationToken.None);
        await client.RequestSnapshotsAsync([ticker], CancellationToken.None);
        var refused = await Assert.ThrowsAsync<KalshiWebSocketException>(() => client.UpdateSubscriptionAsync(99, "add_markets", [ticker], CancellationToken.None));
        Assert.Equal(7, refused.Code);
        await client.UnsubscribeAsync(MarketDataChannels.Trades, CancellationToken.None);

        var first = await client.Events.ReadAsync();
        var snapshot = Assert.IsType<BookSnapshotReceived>(first);
        Assert.Equal(1, snapshot.Sequence);
        var failure = Assert.IsType<SubscriptionFailed>(await client.Events.ReadAsync());
        Assert.Equal(7, failure.Code);
        Assert.False(failure.IsTerminal);

        string[] commands;
        lock (_commands)
        {
            commands = [.. _commands];
        }

        Assert.Equal(4, commands.Length);
        Assert.Contains("\"channels\":[\"orderbook_delta\",\"trade\"]", commands[0], StringComparison.Ordinal);
        Assert.Contains("\"action\":\"get_snapshot\"", commands[1], StringComparison.Ordinal);
        Assert.Contains("\"sid\":1", commands[1], StringComparison.Ordinal);
        Assert.Contains("\"cmd\":\"unsubscribe\"", commands[3], StringComparison.Ordinal);
        Assert.Contains("\"sids\":[2]", commands[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_with_wrong_key_fails_with_typed_exception()
    {
        using var other = RSA.Create(2048);
        await using var client = CreateClient(other);
        var error = await Assert.ThrowsAsync<KalshiWebSocketException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.Contains("could not open", error.Message, StringComparison.Ordinal);
    }

    private KalshiWebSocketClient CreateClient(RSA key) =>
        new(
            new KalshiWebSocketOptions { WebSocketUrl = new Uri($"ws://127.0.0.1:{_server.BaseUri.Port}/trade-api/ws/v2") },
            KalshiCredentials.FromPem("ws-key", key.ExportPkcs8PrivateKeyPem()),
            TimeProvider.System,
            NullLogger<KalshiWebSocketClient>.Instance);

    private async Task ServeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var signed = long.TryParse(headers[KalshiSignature.TimestampHeader], out var ms)
            && KalshiSignature.Verify(_key, KalshiSignature.BuildStringToSign(ms, "GET", context.Request.Path), headers[KalshiSignature.SignatureHeader].ToString());
        if (!context.WebSockets.IsWebSocketRequest || !signed)
        {
            context.Response.StatusCode = 401;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (_interactive)
        {
            await AnswerCommandsAsync(socket);
            return;
        }

        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var command = Encoding.UTF8.GetString(buffer, 0, received.Count);
        lock (_commands)
        {
            _commands.Add(command);
        }

        const string ticker = "KXBTC15M-26AUG132115-15";
        string[] frames =
        [
            """{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}""",
            $$$"""{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"{{{ticker}}}","market_id":"m","yes_dollars_fp":[["0.4800","120.00"]],"no_dollars_fp":[["0.4900","80.00"]]}}""",
            $$$"""{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"{{{ticker}}}","market_id":"m","price_dollars":"0.4800","delta_fp":"-20.00","side":"yes","ts_ms":1786669512345}}""",
            $$$"""{"type":"orderbook_delta","sid":1,"seq":4,"msg":{"market_ticker":"{{{ticker}}}","market_id":"m","price_dollars":"0.4900","delta_fp":"5.00","side":"no","ts_ms":1786669512395}}""",
        ];
        foreach (var frame in frames)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "maintenance", CancellationToken.None);
    }

    private async Task AnswerCommandsAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[4096];
        for (var i = 0; i < 4; i++)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var command = Encoding.UTF8.GetString(buffer, 0, received.Count);
            lock (_commands)
            {
                _commands.Add(command);
            }

            var id = System.Text.Json.JsonDocument.Parse(command).RootElement.GetProperty("id").GetInt64();
            string[] replies = i switch
            {
                0 => [$$$"""{"type":"subscribed","id":{{{id}}},"msg":{"channel":"orderbook_delta","sid":1}}""", $$$"""{"type":"subscribed","id":{{{id}}},"msg":{"channel":"trade","sid":2}}"""],
                1 => [$$$"""{"type":"ok","id":{{{id}}},"sid":1,"msg":{"market_tickers":["KXBTC15M-26AUG132115-15"]}}""", """{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXBTC15M-26AUG132115-15"}}"""],
                2 => [$$$"""{"type":"error","id":{{{id}}},"msg":{"code":7,"msg":"Unknown sid"}}"""],
                _ => [$$$"""{"type":"unsubscribed","id":{{{id}}},"sid":2}"""],
            };
            foreach (var reply in replies)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}
