using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Strategies.Framework;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>
/// The strategy suite trading the embedded simulator through the whole pipeline: one node runs the mean-reversion,
/// buy-the-dip, arbitrage and in-game strategies (the other instances off) until each has had an order filled; every
/// test then follows its strategy's chain through the journal: signal → approved intent → order → fill. The simulator
/// runs the "arbitrage" scenario: its election event's maker quotes 5 cents under the hidden value (maker-skew = -0.05),
/// so the YES asks of the three outcomes sum to about $0.93. The dip comes from a ScanCompleted the test publishes in the
/// scanner's place (the rain market "fell 10 cents in 24h"); the dip instance posts (maker) there, because its taker
/// orders at the ask the node's book showed expired unfilled in this scenario (see the report of this branch).
/// </summary>
public sealed class StrategySuiteEndToEndTests(StrategySuiteEndToEndTests.SuiteRun run) : IClassFixture<StrategySuiteEndToEndTests.SuiteRun>
{
    [Fact]
    public void MeanReversion_TradesOnTheSimulator_SignalToApprovedIntentToOrderToFill() => run.AssertChain("mean-reversion");

    [Fact]
    public void BuyTheDip_TradesTheScannedDip_SignalToApprovedIntentToOrderToFill()
    {
        var signal = run.AssertChain("buy-the-dip");
        Assert.Equal(Side.Yes, signal.Side);
        Assert.StartsWith("KXSIMRAIN", signal.Ticker.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrage_SendsFillOrKillLegs_OfOneSet_AndClosesIt()
    {
        run.AssertChain("arbitrage");
        var legs = run.Events.OfType<IntentApproved>().Where(a => a.Intent.StrategyId == "arbitrage" && a.Intent.Action == Domain.Action.Buy).ToList();
        Assert.All(legs, l => Assert.Equal(ExecutionStyle.FillOrKill, l.Intent.Style));
        Assert.All(legs, l => Assert.NotNull(l.Intent.ArbitrageGroup));
        var opened = run.Events.OfType<ArbitrageOpened>().First();
        Assert.Equal(3, opened.Legs.Count);
        Assert.True(opened.ExpectedProfit > Money.Zero);
        Assert.Contains(run.Events.OfType<OrderSubmitted>(), s => s.IntentId == opened.Legs[0].IntentId && s.Style == ExecutionStyle.FillOrKill);
        Assert.Contains(run.Events.OfType<ArbitrageClosed>(), c => c.GroupId == opened.GroupId);
    }

    [Fact]
    public void InGame_TradesTheGame_SignalToApprovedIntentToOrderToFill()
    {
        var signal = run.AssertChain("in-game");
        Assert.StartsWith("KXSIMNBAGAME", signal.Ticker.Value, StringComparison.Ordinal);
    }

    /// <summary>One simulator, one node, run until every strategy of the suite had a fill; then the journal.</summary>
    public sealed class SuiteRun : IAsyncLifetime
    {
        private const string Simulator = """
            step-interval = 200ms
            seed = 11
            markets = [
              { kind = binary, series = KXSIMRAIN, title = "Will it rain in Simville tomorrow?", fair-value = 0.40 }
              { kind = event, series = KXSIMELECT, title = "Who wins the Simville mayoral race?", outcomes = [ALICE, BOB, CAROL], maker-skew = -0.05 }
              { kind = ladder, series = KXSIMBTCD, title = "Bitcoin price at the close?", spot = 100000, strikes = [99000, 100000, 101000] }
              { kind = game, series = KXSIMNBAGAME, title = "Simville at Testtown", outcomes = [SIM, TST], fee-type = quadratic_with_maker_fees }
            ]
            """;

        private const string NodeConfig = """
            kalshi-actors {
              strategies.instances {
                ev-threshold.enabled = false
                vol-kelly-btc15m.enabled = false
                mean-reversion { enabled = true, series = [KXSIMBTCD], parameters { style = maker, window = 20, sample-interval = 200ms, entry-z = 1.0, exit-z = 0.3, min-stdev = 0.001, min-edge = 0, cooldown = 1s, max-contracts = 5 } }
                buy-the-dip { enabled = true, series = [KXSIMRAIN], parameters { style = maker, min-edge = 0.01, min-time-to-close = 1m, stop-loss = 0.03, max-contracts = 5 } }
                arbitrage { enabled = true, series = [KXSIMELECT], parameters { min-edge = 0.01, max-contracts = 10, cooldown = 5s } }
                in-game { enabled = true, parameters { home-advantage = 10, max-contracts = 5 } }
              }
            }
            """;

        private static readonly string[] Suite = ["mean-reversion", "buy-the-dip", "arbitrage", "in-game"];

        private readonly TempDirectory _temp = new();
        private SimulatedVenue _venue = null!;

        /// <summary>Every journaled event, in order.</summary>
        public IReadOnlyList<object> Events { get; private set; } = [];

        /// <summary>Fills the node saw while the suite ran (a measured figure, not asserted).</summary>
        public int FillsSeen { get; private set; }

        public async Task InitializeAsync()
        {
            _venue = await SimulatedVenue.StartAsync(_temp, Simulator);
            var journal = Path.Combine(_temp.Path, "suite.db");
            var node = await TradingNode.StartAsync(
                KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [_venue.NodeConfig(journal, NodeConfig)] }),
                new TradingNodeOptions { LookupVariable = _venue.Variables.GetValueOrDefault },
                CancellationToken.None);
            await using (node)
            {
                var timeline = EventTimeline.Attach(node.System, typeof(OrderLifecycleEvent));
                await PublishDipAsync(node);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (!Suite.All(id => timeline.Of<OrderLifecycleEvent>().Any(e => StrategyOf(e) == id)) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                FillsSeen = timeline.Of<OrderLifecycleEvent>().Count(e => e is OrderFilled or OrderPartiallyFilled);
                await node.StopAsync("test");
            }

            Events = [.. (await TradingScenario.ReadJournalAsync(journal)).Select(e => e.Event)];
        }

        public async Task DisposeAsync()
        {
            await _venue.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _temp.Dispose();
        }

        /// <summary>Asserts signal → approved intent → order → fill for <paramref name="strategyId"/>; returns the signal.</summary>
        public SignalRaised AssertChain(string strategyId)
        {
            var fills = Events.OfType<OrderLifecycleEvent>().Where(e => StrategyOf(e) == strategyId).ToList();
            Assert.True(fills.Count > 0, $"{strategyId} had no fill in 120 s: {Events.OfType<SignalRaised>().Count(s => s.StrategyId == strategyId)} signals; rejections: " +
                string.Join("; ", Events.OfType<IntentRejected>().Where(r => r.Intent.StrategyId == strategyId).Select(r => $"{r.Check} {r.Reason}").Distinct().Take(5)) +
                "; orders: " + string.Join("; ", Events.OfType<OrderLifecycleEvent>().Where(e => Events.OfType<OrderSubmitted>().Any(o => o.ClientOrderId == e.ClientOrderId && o.StrategyId == strategyId)).Select(e => e.ToString()).Take(6)));
            var submitted = Events.OfType<OrderSubmitted>().Where(s => fills.Any(f => f.ClientOrderId == s.ClientOrderId)).ToList();
            Assert.NotEmpty(submitted);
            var order = submitted[0];
            Assert.Equal(strategyId, order.StrategyId);
            Assert.Contains(Events.OfType<IntentApproved>(), a => a.Intent.IntentId == order.IntentId && a.Intent.StrategyId == strategyId);
            return Assert.Single(Events.OfType<SignalRaised>(), s => s.IntentId == order.IntentId);
        }

        private static string? StrategyOf(OrderLifecycleEvent e) => e switch
        {
            OrderFilled f => f.StrategyId,
            OrderPartiallyFilled p => p.StrategyId,
            _ => null,
        };

        /// <summary>Stands in for the scanner: the rain market ranked first, its YES down 10 cents in 24h.</summary>
        private static async Task PublishDipAsync(TradingNode node)
        {
            var catalog = await node.System.ActorSelection(ActorNames.CatalogPath).ResolveOne(TimeSpan.FromSeconds(10));
            MarketInfo? rain = null;
            for (var i = 0; i < 100 && rain is null; i++)
            {
                var snapshot = await catalog.Ask<MarketCatalogSnapshot>(new GetMarketCatalog(), TimeSpan.FromSeconds(5));
                rain = snapshot.Markets.FirstOrDefault(m => m.SeriesTicker.Value == "KXSIMRAIN");
                if (rain is null)
                {
                    await Task.Delay(100);
                }
            }

            Assert.NotNull(rain);
            var now = node.System.TimeProvider.GetUtcNow();
            var scan = new ScanCompleted(now, 1, [new ScannedMarket(1, rain.Ticker, rain.EventTicker, 1_000_000, null, null, null, null,
                Money.FromUnits(-1_000), null, Quantity.FromContracts(1000), Quantity.FromContracts(1000), Money.FromDollars(100), rain.CloseTime, now)]);

            // The strategy asks the scanner for its latest ranking at start, but there is no scanner here; publish until its
            // first signal (a publish before it subscribed would be lost).
            for (var i = 0; i < 50; i++)
            {
                node.System.EventStream.Publish(scan);
                await Task.Delay(200);
            }
        }
    }
}
