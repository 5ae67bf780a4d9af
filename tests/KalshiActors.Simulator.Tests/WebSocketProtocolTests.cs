using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Exchange.Auth;

namespace KalshiActors.Simulator.Tests;

/// <summary>The simulator's WebSocket protocol seen raw: command replies, error codes, sequencing and the NO-price scale.</summary>
public sealed class WebSocketProtocolTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
    private SimulatorServer server = null!;
    private ClientWebSocket socket = null!;
    private string ticker = null!;

    public async Task InitializeAsync()
    {
        server = await SimulatorServer.StartAsync(new SimulatorSettings
        {
            AutoAdvance = false,
            ParticipantsEnabled = false,
            Markets = [new MarketDefinition { Kind = MarketKind.Binary, Series = "KXWS" }],
            SignatureTolerance = TimeSpan.FromDays(1),
        }, clock, cancellationToken: timeout.Token);
        ticker = server.Exchange.Markets[0].Ticker;
        socket = await ConnectAsync(sign: true);
    }

    public async Task DisposeAsync()
    {
        socket.Dispose();
        await server.DisposeAsync();
        timeout.Dispose();
    }

    [Fact]
    public async Task Upgrade_without_signature_is_refused()
    {
        using var anonymous = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(server.WebSocketUrl, timeout.Token));
    }

    [Fact]
    public async Task Subscribe_acks_each_channel_with_its_own_sid_and_lists_them()
    {
        await SendAsync("""{"id":1,"cmd":"subscribe","params":{"channels":["ticker","trade"]}}""");
        var first = await ReceiveAsync();
        var second = await ReceiveAsync();
        await SendAsync("""{"id":2,"cmd":"list_subscriptions"}""");
        var list = await ReceiveAsync();

        Assert.Equal("subscribed", first.GetProperty("type").GetString());
        Assert.Equal(1, first.GetProperty("id").GetInt64());
        Assert.NotEqual(first.GetProperty("msg").GetProperty("sid").GetInt64(), second.GetProperty("msg").GetProperty("sid").GetInt64());
        Assert.Equal(2, list.GetProperty("msg").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"id":3,"cmd":"subscribe","params":{"channels":["nonsense"]}}""", 8)]
    [InlineData("""{"id":3,"cmd":"subscribe","params":{"channels":["orderbook_delta"]}}""", 14)]
    [InlineData("""{"id":3,"cmd":"subscribe","params":{"channels":[]}}""", 3)]
    [InlineData("""{"id":3,"cmd":"unsubscribe","params":{"sids":[99]}}""", 7)]
    [InlineData("""{"id":3,"cmd":"dance"}""", 5)]
    [InlineData("""{"id":3,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_tickers":["NOPE"]}}""", 16)]
    [InlineData("""not json""", 1)]
    public async Task Bad_commands_get_the_exchange_error_code(string command, int code)
    {
        await SendAsync(command);
        var reply = await ReceiveAsync();

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal(code, reply.GetProperty("msg").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Orderbook_snapshot_then_deltas_carry_consecutive_seq_and_no_levels_in_no_prices()
    {
        server.Exchange.PlaceOrder("someone", new PlaceOrderRequest(ticker, BookSide.Ask, 6000, 500, TimeInForce.GoodTillCanceled,
            SelfTradePrevention.TakerAtCross), clock.GetUtcNow());
        await SendAsync($$$"""{"id":1,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_tickers":["{{{ticker}}}"],"use_yes_price":false}}""");
        Assert.Equal("subscribed", (await ReceiveAsync()).GetProperty("type").GetString());
        var snapshot = await ReceiveAsync();
        server.Exchange.PlaceOrder("someone", new PlaceOrderRequest(ticker, BookSide.Bid, 4000, 300, TimeInForce.GoodTillCanceled,
            SelfTradePrevention.TakerAtCross), clock.GetUtcNow());
        var delta = await ReceiveAsync();

        Assert.Equal("orderbook_snapshot", snapshot.GetProperty("type").GetString());
        Assert.Equal(1, snapshot.GetProperty("seq").GetInt64());
        var noLevel = snapshot.GetProperty("msg").GetProperty("no_dollars_fp")[0];
        Assert.Equal("0.4000", noLevel[0].GetString());
        Assert.Equal("5.00", noLevel[1].GetString());
        Assert.False(snapshot.GetProperty("msg").TryGetProperty("yes_dollars_fp", out _));
        Assert.Equal("orderbook_delta", delta.GetProperty("type").GetString());
        Assert.Equal(2, delta.GetProperty("seq").GetInt64());
        Assert.Equal("yes", delta.GetProperty("msg").GetProperty("side").GetString());
        Assert.Equal("0.4000", delta.GetProperty("msg").GetProperty("price_dollars").GetString());
        Assert.Equal("3.00", delta.GetProperty("msg").GetProperty("delta_fp").GetString());
    }

    [Fact]
    public async Task Stalled_connection_delivers_queued_messages_once_the_stall_is_lifted()
    {
        await SendAsync("""{"id":1,"cmd":"subscribe","params":{"channels":["market_lifecycle_v2"]}}""");
        await ReceiveAsync();
        lock (server.Exchange.Sync)
        {
            server.Exchange.Faults.StallWebSockets = true;
        }

        server.SettleEarly(ticker, false);
        var pending = ReceiveAsync();
        Assert.False(pending.IsCompleted);
        lock (server.Exchange.Sync)
        {
            server.Exchange.Faults.StallWebSockets = false;
        }

        var first = await pending;
        Assert.Equal("market_lifecycle_v2", first.GetProperty("type").GetString());
        Assert.Equal("close_date_updated", first.GetProperty("msg").GetProperty("event_type").GetString());
    }

    private async Task<ClientWebSocket> ConnectAsync(bool sign)
    {
        var client = new ClientWebSocket();
        if (sign)
        {
            using var credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
            var headers = credentials.Sign("GET", SimulatorServer.WebSocketPath, TimeProvider.System);
            client.Options.SetRequestHeader(KalshiSignature.KeyHeader, headers.KeyId);
            client.Options.SetRequestHeader(KalshiSignature.TimestampHeader, headers.TimestampMs);
            client.Options.SetRequestHeader(KalshiSignature.SignatureHeader, headers.Signature);
        }

        await client.ConnectAsync(server.WebSocketUrl, timeout.Token);
        return client;
    }

    private Task SendAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);

    private async Task<JsonElement> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
            total += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, total)).RootElement.Clone();
            }
        }
    }
}
