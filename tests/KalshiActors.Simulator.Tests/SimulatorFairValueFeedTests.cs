using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Simulator.Tests;

/// <summary>The simulator's hidden processes as a fair-value feed, and the REST catalog source over the simulator.</summary>
public sealed class SimulatorFairValueFeedTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private SimulatorServer server = null!;

    public async Task InitializeAsync() =>
        server = await SimulatorServer.StartAsync(
            new SimulatorSettings { AutoAdvance = false, ParticipantsEnabled = false }, clock, cancellationToken: timeout.Token);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        timeout.Dispose();
    }

    [Fact]
    public async Task Feed_reports_each_series_spot_under_its_underlying_and_each_game_state()
    {
        await using var feed = server.CreateFairValueFeed("sim", TimeSpan.FromHours(1));
        await feed.StartAsync(timeout.Token);

        var first = Drain(feed);
        var spots = first.OfType<SpotPriceObserved>().ToList();
        Assert.Contains(spots, s => s.Underlying == "BTC" && s.Price == 100_000m);
        Assert.Contains(spots, s => s.Underlying == "KXSIMBTCD");
        Assert.All(spots, s => Assert.Equal("sim", s.Source));
        var game = Assert.Single(first.OfType<GameStateObserved>());
        Assert.Equal(("TST", "SIM"), (game.HomeTeam, game.AwayTeam));
        Assert.StartsWith("KXSIMNBAGAME-", game.GameId, StringComparison.Ordinal);
        Assert.Equal(game.GameId, game.EventTicker?.Value);
        Assert.True(game.ClockRemainingInPeriod <= game.RegulationPeriodLength);

        clock.Advance(TimeSpan.FromMinutes(10));
        server.Advance();
        feed.Sample();
        var later = Drain(feed);
        var btcLater = later.OfType<SpotPriceObserved>().Single(s => s.Underlying == "BTC");
        Assert.NotEqual(100_000m, btcLater.Price);
        Assert.Equal(clock.GetUtcNow(), btcLater.SourceTime);
        var gameLater = later.OfType<GameStateObserved>().Single();
        Assert.True(gameLater.HomeScore + gameLater.AwayScore >= game.HomeScore + game.AwayScore);
    }

    [Fact]
    public void UnderlyingOf_uses_the_longest_prefix_or_the_series_itself()
    {
        var feed = server.CreateFairValueFeed(underlyingsBySeriesPrefix: new Dictionary<string, string> { ["KX"] = "ANY", ["KXBTC"] = "BTC" });

        Assert.Equal("BTC", feed.UnderlyingOf("KXBTC15M"));
        Assert.Equal("ANY", feed.UnderlyingOf("KXETH15M"));
        Assert.Equal("OTHER", feed.UnderlyingOf("OTHER"));
    }

    [Fact]
    public async Task KalshiMarketCatalogSource_describes_the_simulator_markets()
    {
        using var credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
        using var http = new HttpClient();
        // Signed on the simulator's clock, which stands at a fixed date (on the wall clock this failed a day after it).
        await using var rest = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0, PageSize = 3 }, credentials,
            clock, NullLogger<KalshiRestClient>.Instance);
        var source = new KalshiMarketCatalogSource(rest);

        var markets = await source.GetOpenMarketsAsync(timeout.Token);

        Assert.NotEmpty(markets);
        Assert.All(markets, m => Assert.Equal(MarketState.Active, m.State));
        var btc = Assert.Single(markets, m => m.SeriesTicker.Value == "KXBTC15M");
        Assert.Equal("BTC", btc.Underlying);
        Assert.NotNull(btc.FloorStrike);
        var games = markets.Where(m => m.SeriesTicker.Value == "KXSIMNBAGAME").ToList();
        Assert.Equal(2, games.Count);
        Assert.All(games, g => Assert.True(g.MutuallyExclusive));
        Assert.All(games, g => Assert.Equal(FeeType.QuadraticWithMakerFees, g.Fees.FeeType));
        Assert.Equal(3, markets.Count(m => m.SeriesTicker.Value == "KXSIMELECT"));
        var one = await source.GetMarketAsync(btc.Ticker, timeout.Token);
        Assert.Equal(btc.Ticker, one!.Ticker);
    }

    private static List<FairValueObservation> Drain(IFairValueFeed feed)
    {
        var items = new List<FairValueObservation>();
        while (feed.Observations.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
