using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Exchange.Tests.Http;

public sealed class KalshiMarketCatalogSourceTests : IAsyncLifetime
{
    private const string BtcMarket = """{"ticker":"KXBTC15M-26DEC040430-30","event_ticker":"KXBTC15M-26DEC040430","title":"BTC price up in next 15 mins?","status":"active","open_time":"2026-12-04T09:15:00Z","close_time":"2026-12-04T09:30:00Z","floor_strike":100000.25,"price_level_structure":"deci_cent","price_ranges":[{"start":"0.0000","end":"0.1000","step":"0.0010"},{"start":"0.1000","end":"0.9000","step":"0.0100"},{"start":"0.9000","end":"1.0000","step":"0.0010"}]}""";
    private const string GameMarket = """{"ticker":"KXSIMNBAGAME-26DEC04SIMTST-SIM","event_ticker":"KXSIMNBAGAME-26DEC04SIMTST","title":"Simville wins?","status":"open","close_time":"2026-12-04T12:00:00Z"}""";
    private readonly ConcurrentQueue<string> _requests = new();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app => app.Run(HandleAsync));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetOpenMarketsAsync_reads_every_page_with_event_series_fees_and_ticks()
    {
        await using var client = CreateClient();
        var source = new KalshiMarketCatalogSource(client);

        var markets = await source.GetOpenMarketsAsync(CancellationToken.None);

        Assert.Equal(["KXBTC15M-26DEC040430-30", "KXSIMNBAGAME-26DEC04SIMTST-SIM"], markets.Select(m => m.Ticker.Value));
        var btc = markets[0];
        Assert.Equal("KXBTC15M", btc.SeriesTicker.Value);
        Assert.Equal("KXBTC15M-26DEC040430", btc.EventTicker.Value);
        Assert.Equal("Crypto", btc.Category);
        Assert.Equal(MarketState.Active, btc.State);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), btc.CloseTime);
        Assert.Equal(100000.25m, btc.FloorStrike);
        Assert.Equal("BTC", btc.Underlying);
        Assert.Equal(new SeriesFeeParameters(FeeType.Quadratic, 10_000), btc.Fees);
        Assert.Equal(3, btc.Ticks.Ranges.Count);
        Assert.True(btc.Ticks.IsValid(Price.ParseDollars("0.0550")));
        Assert.False(btc.Ticks.IsValid(Price.ParseDollars("0.5550")));
        Assert.False(btc.MutuallyExclusive);

        var game = markets[1];
        Assert.Equal(MarketState.Active, game.State);
        Assert.Equal("Sports", game.Category);
        Assert.Equal(new SeriesFeeParameters(FeeType.QuadraticWithMakerFees, 5_000), game.Fees);
        Assert.True(game.MutuallyExclusive);
        Assert.Null(game.Underlying);
        Assert.Equal(TickStructure.LinearCent, game.Ticks);

        // Events and series are fetched once each.
        Assert.Single(_requests, r => r.StartsWith("/trade-api/v2/series/KXBTC15M", StringComparison.Ordinal));
        await source.GetOpenMarketsAsync(CancellationToken.None);
        Assert.Single(_requests, r => r.StartsWith("/trade-api/v2/series/KXBTC15M", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMarketAsync_unknown_market_is_null()
    {
        await using var client = CreateClient();
        var source = new KalshiMarketCatalogSource(client);

        Assert.Null(await source.GetMarketAsync(new MarketTicker("KXNOPE-1"), CancellationToken.None));
        Assert.Equal("KXBTC15M-26DEC040430-30", (await source.GetMarketAsync(new MarketTicker("KXBTC15M-26DEC040430-30"), CancellationToken.None))!.Ticker.Value);
    }

    [Theory]
    [InlineData("unopened", MarketState.Initialized)]
    [InlineData("active", MarketState.Active)]
    [InlineData("inactive", MarketState.Paused)]
    [InlineData("closed", MarketState.Closed)]
    [InlineData("amended", MarketState.Determined)]
    [InlineData("finalized", MarketState.Settled)]
    [InlineData("something-new", MarketState.Closed)]
    public void StateOf_maps_rest_status_words(string status, MarketState expected) => Assert.Equal(expected, KalshiMarketCatalogSource.StateOf(status));

    private KalshiRestClient CreateClient() => new(
        new HttpClient(),
        new KalshiRestClientOptions { RestBaseUrl = new Uri(_server.BaseUri, "/trade-api/v2"), RetryBaseDelay = TimeSpan.Zero },
        null,
        TimeProvider.System,
        NullLogger<KalshiRestClient>.Instance);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value!;
        _requests.Enqueue(path + request.QueryString);
        context.Response.ContentType = "application/json";
        (int Status, string Json) answer = path switch
        {
            "/trade-api/v2/markets" when request.Query["cursor"] == "p2" => (200, $$"""{"markets":[{{GameMarket}}],"cursor":""}"""),
            "/trade-api/v2/markets" => (200, $$"""{"markets":[{{BtcMarket}}],"cursor":"p2"}"""),
            "/trade-api/v2/markets/KXBTC15M-26DEC040430-30" => (200, $$"""{"market":{{BtcMarket}}}"""),
            "/trade-api/v2/events/KXBTC15M-26DEC040430" => (200, """{"event":{"event_ticker":"KXBTC15M-26DEC040430","series_ticker":"KXBTC15M","mutually_exclusive":false}}"""),
            "/trade-api/v2/events/KXSIMNBAGAME-26DEC04SIMTST" => (200, """{"event":{"event_ticker":"KXSIMNBAGAME-26DEC04SIMTST","series_ticker":"KXSIMNBAGAME","mutually_exclusive":true}}"""),
            "/trade-api/v2/series/KXBTC15M" => (200, """{"series":{"ticker":"KXBTC15M","category":"Crypto","fee_type":"quadratic","fee_multiplier":1}}"""),
            "/trade-api/v2/series/KXSIMNBAGAME" => (200, """{"series":{"ticker":"KXSIMNBAGAME","category":"Sports","fee_type":"quadratic_with_maker_fees","fee_multiplier":0.5}}"""),
            _ => (404, """{"error":{"code":"not_found","message":"no such thing"}}"""),
        };
        context.Response.StatusCode = answer.Status;
        await context.Response.WriteAsync(answer.Json);
    }
}
