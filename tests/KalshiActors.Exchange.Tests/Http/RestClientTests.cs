using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.Tests.Support;
using KalshiActors.Exchange.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Exchange.Tests.Http;

public sealed class RestClientTests : IAsyncLifetime
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, string Body, bool SignatureValid)> _requests = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app => app.Run(HandleAsync));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task GetMarketsAsync_follows_cursor_and_signs_every_page()
    {
        await using var client = CreateClient(out _);
        var tickers = new List<string>();
        await foreach (var market in client.GetMarketsAsync(new MarketsQuery { Status = "open" }, CancellationToken.None))
        {
            tickers.Add(market.Ticker!);
        }

        Assert.Equal(["A-1", "A-2", "B-1"], tickers);
        var requests = _requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid, $"signature of {r.PathAndQuery} did not verify"));
        Assert.Contains("cursor=page2", requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("status=open", requests[1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_transient_503_is_retried_until_success()
    {
        _failuresLeft["/trade-api/v2/exchange/status"] = 2;
        await using var client = CreateClient(out _);
        var status = await client.GetExchangeStatusAsync(CancellationToken.None);
        Assert.True(status.TradingActive);
        Assert.Equal(3, _requests.Count);
    }

    [Fact]
    public async Task CreateOrderAsync_transient_failure_resends_identical_body_with_same_client_order_id()
    {
        _failuresLeft["/trade-api/v2/portfolio/events/orders"] = 1;
        await using var client = CreateClient(out _);
        var gateway = new KalshiOrderGateway(client);
        var clientOrderId = new ClientOrderId("coid-1");
        var ack = await gateway.CreateOrderAsync(
            new OrderRequest(new MarketTicker("KXBTC15M-26AUG132115-15"), BookSide.Bid, Price.ParseDollars("0.56"), Quantity.Parse("10"), TimeInForce.GoodTillCanceled, SelfTradePrevention.TakerAtCross, clientOrderId),
            CancellationToken.None);

        Assert.Equal("order-1", ack.OrderId.Value);
        Assert.Equal(Quantity.Parse("10.00"), ack.RemainingCount);
        var bodies = _requests.Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        using var sent = JsonDocument.Parse(bodies[0]);
        Assert.Equal("coid-1", sent.RootElement.GetProperty("client_order_id").GetString());
        Assert.Equal("0.5600", sent.RootElement.GetProperty("price").GetString());
        Assert.Equal("10.00", sent.RootElement.GetProperty("count").GetString());
        Assert.Equal("bid", sent.RootElement.GetProperty("side").GetString());
    }

    [Fact]
    public async Task AmendOrderAsync_server_error_is_not_retried_and_carries_exchange_code()
    {
        _failuresLeft["/trade-api/v2/portfolio/events/orders/o-9/amend"] = 5;
        await using var client = CreateClient(out _);
        var error = await Assert.ThrowsAsync<KalshiApiException>(() =>
            client.AmendOrderAsync("o-9", new AmendOrderV2Request { Ticker = "T", Side = "bid", Price = "0.5000", Count = "1.00" }, CancellationToken.None));
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("internal_error", error.ErrorCode);
        Assert.Equal("injected failure", error.ExchangeMessage);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task CancelOrderAsync_rate_limited_429_is_retried()
    {
        _failuresLeft["/trade-api/v2/portfolio/events/orders/o-7"] = 1;
        await using var client = CreateClient(out _);
        var response = await client.CancelOrderAsync("o-7", CancellationToken.None);
        Assert.Equal("2.00", response.ReducedBy);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task GetOrderAsync_not_found_becomes_typed_exception_with_code()
    {
        await using var client = CreateClient(out _);
        var error = await Assert.ThrowsAsync<KalshiApiException>(() => client.GetOrderAsync("missing", CancellationToken.None));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("not_found", error.ErrorCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Request_to_closed_port_becomes_network_error_not_HttpRequestException()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var http = new HttpClient();
        await using var client = new KalshiRestClient(
            http,
            new KalshiRestClientOptions { RestBaseUrl = new Uri($"http://127.0.0.1:{port}/trade-api/v2"), MaxRetries = 0 },
            null,
            TimeProvider.System,
            NullLogger<KalshiRestClient>.Instance);
        var error = await Assert.ThrowsAsync<KalshiApiException>(() => client.GetExchangeStatusAsync(CancellationToken.None));
        Assert.Equal(0, error.StatusCode);
        Assert.Equal(KalshiApiException.NetworkError, error.ErrorCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Gateway_GetBalanceAsync_and_GetFillsAsync_map_to_domain_values()
    {
        await using var client = CreateClient(out _);
        var gateway = new KalshiOrderGateway(client);
        var balance = await gateway.GetBalanceAsync(CancellationToken.None);
        Assert.Equal(Money.ParseDollars("123.4567"), balance.Available);
        Assert.Equal(Money.FromCents(20000), balance.PortfolioValue);
        var fill = Assert.Single(await gateway.GetFillsAsync(new FillQuery(), CancellationToken.None));
        Assert.Equal(BookSide.Ask, fill.Side);
        Assert.Equal(Price.ParseDollars("0.4200"), fill.YesPrice);
        Assert.Equal(Quantity.Parse("3.50"), fill.Count);
        Assert.Equal(Money.ParseDollars("0.0714"), fill.Fee);
    }

    [Fact]
    public async Task Gateway_batch_create_reports_each_item_and_decrease_sends_exactly_one_field()
    {
        await using var client = CreateClient(out _);
        var gateway = new KalshiOrderGateway(client);
        var ticker = new MarketTicker("T");
        OrderRequest Order(string id) => new(ticker, BookSide.Ask, Price.ParseDollars("0.30"), Quantity.Parse("1"), TimeInForce.ImmediateOrCancel, SelfTradePrevention.Maker, new ClientOrderId(id));

        var results = await gateway.CreateOrdersAsync([Order("a"), Order("b")], CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.Equal("o-a", results[0].Ack!.OrderId.Value);
        Assert.Null(results[0].Rejection);
        Assert.Equal(new OrderRejection("available_balance_too_low", "insufficient balance"), results[1].Rejection);
        Assert.Equal(new ClientOrderId("b"), results[1].ClientOrderId);

        var decreased = await gateway.DecreaseOrderAsync(new DecreaseRequest(new OrderId("o-a"), null, Quantity.Parse("0.5"), null), CancellationToken.None);
        Assert.Equal(Quantity.Parse("0.50"), decreased.RemainingCount);
        var body = _requests.Last().Body;
        Assert.Equal("{\"reduce_by\":\"0.50\"}", body);
        await Assert.ThrowsAsync<ArgumentException>(() => gateway.DecreaseOrderAsync(new DecreaseRequest(new OrderId("o-a"), null, null, null), CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"error\":\"too many requests\"}", null, "too many requests")]
    [InlineData("{\"error\":{\"code\":\"invalid_order\",\"message\":\"bad\",\"details\":\"price\"}}", "invalid_order", "bad (price)")]
    [InlineData("{\"code\":\"invalid_parameters\",\"message\":\"m\"}", "invalid_parameters", "m")]
    [InlineData("<html>oops</html>", null, "<html>oops</html>")]
    [InlineData("", null, "Bad Request")]
    public void ErrorBody_accepts_every_envelope(string body, string? code, string message)
    {
        var parsed = ErrorBody.Parse(body, "Bad Request");
        Assert.Equal(code, parsed.Code);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public async Task RateLimiter_lanes_are_separate_buckets_that_run_dry()
    {
        // One token per second: the bucket cannot refill between the two acquisitions below.
        await using var limiter = new ExchangeRateLimiter(new TokenBucketBudget(1, 10), new TokenBucketBudget(1, 10));
        Assert.True(limiter.TryAcquire(RateLimitLane.Write, 10));
        Assert.False(limiter.TryAcquire(RateLimitLane.Write, 10));
        Assert.True(limiter.TryAcquire(RateLimitLane.Read, 10));
    }

    private KalshiRestClient CreateClient(out KalshiCredentials credentials)
    {
        credentials = KalshiCredentials.FromPem("test-key", _key.ExportPkcs8PrivateKeyPem());
        return new KalshiRestClient(
            new HttpClient(),
            new KalshiRestClientOptions { RestBaseUrl = new Uri(_server.BaseUri, "/trade-api/v2"), RetryBaseDelay = TimeSpan.Zero },
            credentials,
            TimeProvider.System,
            NullLogger<KalshiRestClient>.Instance);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        var timestamp = request.Headers[KalshiSignature.TimestampHeader].ToString();
        var signature = request.Headers[KalshiSignature.SignatureHeader].ToString();
        var valid = request.Headers[KalshiSignature.KeyHeader] == "test-key"
            && long.TryParse(timestamp, out var ms)
            && KalshiSignature.Verify(_key, KalshiSignature.BuildStringToSign(ms, request.Method, request.Path + request.QueryString), signature);
        _requests.Enqueue((request.Method, request.Path + request.QueryString, body, valid));

        var path = request.Path.Value!;
        if (_failuresLeft.TryGetValue(path, out var left) && left > 0)
        {
            _failuresLeft[path] = left - 1;
            context.Response.StatusCode = path.EndsWith("/amend", StringComparison.Ordinal) ? 500 : path.Contains("/o-7", StringComparison.Ordinal) ? 429 : 503;
            await context.Response.WriteAsync(context.Response.StatusCode == 429
                ? "{\"error\":\"too many requests\"}"
                : "{\"error\":{\"code\":\"internal_error\",\"message\":\"injected failure\"}}");
            return;
        }

        context.Response.ContentType = "application/json";
        (int Status, string Json) answer = path switch
        {
            "/trade-api/v2/markets" when request.Query["cursor"] == "page2" => (200, "{\"markets\":[{\"ticker\":\"B-1\"}],\"cursor\":\"\"}"),
            "/trade-api/v2/markets" => (200, "{\"markets\":[{\"ticker\":\"A-1\"},{\"ticker\":\"A-2\"}],\"cursor\":\"page2\"}"),
            "/trade-api/v2/exchange/status" => (200, "{\"exchange_active\":true,\"trading_active\":true}"),
            "/trade-api/v2/portfolio/events/orders" => (201, "{\"order_id\":\"order-1\",\"client_order_id\":\"coid-1\",\"fill_count\":\"0.00\",\"remaining_count\":\"10.00\",\"ts_ms\":1786669512345}"),
            "/trade-api/v2/portfolio/events/orders/o-7" => (200, "{\"order_id\":\"o-7\",\"reduced_by\":\"2.00\",\"ts_ms\":1}"),
            "/trade-api/v2/portfolio/events/orders/batched" => (201, "{\"orders\":[{\"order_id\":\"o-a\",\"client_order_id\":\"a\",\"fill_count\":\"1.00\",\"remaining_count\":\"0.00\",\"average_fill_price\":\"0.3000\",\"average_fee_paid\":\"0.0147\",\"ts_ms\":5},{\"error\":{\"code\":\"available_balance_too_low\",\"message\":\"insufficient balance\"}}]}"),
            "/trade-api/v2/portfolio/events/orders/o-a/decrease" => (200, "{\"order_id\":\"o-a\",\"client_order_id\":\"a\",\"remaining_count\":\"0.50\",\"ts_ms\":6}"),
            "/trade-api/v2/portfolio/balance" => (200, "{\"balance\":12345,\"balance_dollars\":\"123.4567\",\"portfolio_value\":20000,\"updated_ts\":1786669512}"),
            "/trade-api/v2/portfolio/fills" => (200, "{\"fills\":[{\"fill_id\":\"f1\",\"trade_id\":\"t1\",\"order_id\":\"o1\",\"ticker\":\"T\",\"market_ticker\":\"T\",\"outcome_side\":\"no\",\"book_side\":\"ask\",\"count_fp\":\"3.50\",\"yes_price_dollars\":\"0.4200\",\"no_price_dollars\":\"0.5800\",\"is_taker\":true,\"fee_cost\":\"0.0714\",\"created_time\":\"2026-08-14T01:05:12Z\"}],\"cursor\":null}"),
            _ => (404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such thing\"}}"),
        };
        context.Response.StatusCode = answer.Status;
        await context.Response.WriteAsync(answer.Json);
    }
}
