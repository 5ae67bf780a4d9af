using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using KalshiActors.Dashboard.Bridge;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Testing;

namespace KalshiActors.Dashboard.Tests;

/// <summary>Reads JSON messages from a dashboard WebSocket.</summary>
internal sealed class WsReader(ClientWebSocket socket) : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];

    public ClientWebSocket Socket => socket;

    public static async Task<WsReader> ConnectAsync(string serverUrl, string? token = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("kalshi-actors");
        if (token is not null)
        {
            socket.Options.AddSubProtocol("bearer." + token);
        }

        await socket.ConnectAsync(new Uri(serverUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), CancellationToken.None);
        return new WsReader(socket);
    }

    public async Task<JsonNode> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by the server");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(_buffer, 0, length))!;
            }
        }
    }

    /// <summary>The next message of <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonNode> NextOfAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await NextAsync(timeout);
            if (message["type"]!.GetValue<string>() == type)
            {
                return message["data"]!;
            }
        }
    }

    public void Dispose() => socket.Dispose();
}

public sealed class WebSocketTests : DashboardSpec
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public async Task A_client_gets_a_status_update_then_every_kind_of_message()
    {
        using var ws = await WsReader.ConnectAsync(Server.Url);
        Assert.Equal("kalshi-actors", ws.Socket.SubProtocol);
        var status = await ws.NextOfAsync("status_update");
        Assert.Equal("simulator", status["mode"]!.GetValue<string>());
        await EventuallyAsync("/api/health", _ => Server.ClientCount == 1);

        var intent = new IntentId("ev:" + Ticker.Value + ":1");
        Sys.EventStream.Publish(Book(1));
        Assert.Equal(1, (await ws.NextOfAsync("book"))["sequence"]!.GetValue<long>());
        Sys.EventStream.Publish(new SignalRaised("ev", 1, Ticker, Side.Yes, Domain.Action.Buy, 0.6, Price.FromCents(50), Money.FromCents(7),
            new SizingRationale(0.1, 0.25, 1, Money.FromDollars(1000), Quantity.FromContracts(4), "kelly"), intent, At));
        Assert.Equal("0.0700", (await ws.NextOfAsync("signal"))["edge"]!.GetValue<string>());
        Sys.EventStream.Publish(new OrderFilled(intent.ToClientOrderId(), new OrderId("o"), Ticker, "t-1", "ev", Side.Yes, Domain.Action.Buy, Price.FromCents(50),
            Quantity.FromContracts(1), Money.FromCents(2), true, Quantity.FromContracts(1), At));
        Assert.Equal("filled", (await ws.NextOfAsync("order"))["status"]!.GetValue<string>());
        Assert.Equal("t-1", (await ws.NextOfAsync("fill"))["tradeId"]!.GetValue<string>());
        Sys.EventStream.Publish(new AlertRaised("a-1", AlertKind.SpreadTightened, Ticker, "tight", new Dictionary<string, string>(), At));
        Assert.Equal("spread-tightened", (await ws.NextOfAsync("alert"))["kind"]!.GetValue<string>());
        Sys.EventStream.Publish(new CircuitBreakerStateChanged("kalshi-ws", BreakerState.Closed, BreakerState.Open, "errors", [], At));
        Assert.Equal("open", (await ws.NextOfAsync("breaker"))["state"]!.GetValue<string>());
        Sys.EventStream.Publish(new TradingStateChanged(TradingState.Active, TradingState.Halted, "kill switch", At));
        await ws.NextOfAsync("status_update");
    }

    [Fact]
    public async Task A_plain_http_request_to_ws_is_a_400_problem() =>
        await AssertProblem(await Http.GetAsync("/ws"), 400);

    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_and_others_keep_receiving()
    {
        await Server.DisposeAsync();
        Server = await StartServerAsync(Settings with { ClientQueueCapacity = 8 });
        using var slow = await WsReader.ConnectAsync(Server.Url);
        using var fast = await WsReader.ConnectAsync(Server.Url);
        await fast.NextOfAsync("status_update");
        await EventuallyAsync(new Uri(new Uri(Server.Url), "/api/health").ToString(), _ => Server.ClientCount == 2);

        // Big alerts fill the slow client's socket buffers, then its queue; the fast one reads them all.
        var text = new string('x', 200_000);
        var received = 0;
        for (var i = 0; i < 400 && Server.DroppedClients == 0; i++)
        {
            Sys.EventStream.Publish(new AlertRaised("big-" + i, AlertKind.PriceDrop, Ticker, text, new Dictionary<string, string>(), At));
            await fast.NextOfAsync("alert");
            received++;
        }

        Assert.Equal(1, Server.DroppedClients);
        Assert.Equal(1, Server.ClientCount);
        Sys.EventStream.Publish(new AlertRaised("after", AlertKind.PriceDrop, Ticker, "still here", new Dictionary<string, string>(), At));
        Assert.Equal("after", (await fast.NextOfAsync("alert"))["alertId"]!.GetValue<string>());
        Assert.True(received > 8);
    }
}

/// <summary>Book throttling on a manual clock: at most one book message per market per interval, the latest one following.</summary>
public sealed class WebSocketThrottlingTests : DashboardSpec
{
    public WebSocketThrottlingTests()
        : base(new ManualTimeProvider(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)))
    {
    }

    [Fact]
    public async Task Book_updates_are_throttled_per_client_and_market_and_the_latest_is_delivered()
    {
        using var ws = await WsReader.ConnectAsync(Server.Url);
        await ws.NextOfAsync("status_update");
        await EventuallyAsync("/api/health", _ => Server.ClientCount == 1);
        var other = new MarketTicker("KXOTHER-1");
        for (var sequence = 1; sequence <= 50; sequence++)
        {
            Sys.EventStream.Publish(Book(sequence));
        }

        Sys.EventStream.Publish(Book(1, other));
        await EventuallyAsync($"/api/markets/{Ticker.Value}/book", b => b["sequence"]?.GetValue<long>() == 50);

        // The clock has not moved: the first update of each market went out, the rest wait.
        var first = await ws.NextOfAsync("book");
        Assert.Equal((Ticker.Value, 1L), (first["ticker"]!.GetValue<string>(), first["sequence"]!.GetValue<long>()));
        var second = await ws.NextOfAsync("book");
        Assert.Equal("KXOTHER-1", second["ticker"]!.GetValue<string>());

        Clock!.Advance(TimeSpan.FromMilliseconds(100));
        var latest = await ws.NextOfAsync("book");
        Assert.Equal((Ticker.Value, 50L), (latest["ticker"]!.GetValue<string>(), latest["sequence"]!.GetValue<long>()));

        // Nothing else was held back: a new update after the interval goes out at once.
        Clock.Advance(TimeSpan.FromMilliseconds(100));
        Sys.EventStream.Publish(Book(51));
        Assert.Equal(51, (await ws.NextOfAsync("book"))["sequence"]!.GetValue<long>());
    }
}
