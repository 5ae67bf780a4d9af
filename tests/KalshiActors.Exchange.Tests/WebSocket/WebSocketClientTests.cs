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
}
