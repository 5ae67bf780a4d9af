using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Persistence;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>
/// The scripted scenario the node tests trade: the simulator's bitcoin ladder priced by two expected-value strategies
/// that believe in a far lower volatility than the simulator's (so they see edges), one sized within the guardian's
/// per-order limit (approved) and one above it (rejected).
/// </summary>
internal static class TradingScenario
{
    /// <summary>The simulator side: a fast step, so the maker re-quotes and noise takers trade often.</summary>
    public const string Simulator = """
        step-interval = 200ms
        seed = 7
        """;

    /// <summary>The node side (appended to the venue's node configuration).</summary>
    public const string Node = """
        kalshi-actors {
          strategies.instances {
            ev-threshold.enabled = false
            vol-kelly-btc15m.enabled = false
            ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 2s, max-contracts = 5 } }
            ev-big { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 2s, max-contracts = 50 } }
          }
          risk.max-contracts-per-order = 20
        }
        """;

    public static Task<TradingNode> StartAsync(SimulatedVenue venue, string journalPath, string extra = "") =>
        TradingNode.StartAsync(
            KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [venue.NodeConfig(journalPath, Node + "\n" + extra)] }),
            new TradingNodeOptions { LookupVariable = venue.Variables.GetValueOrDefault },
            CancellationToken.None);

    /// <summary>Waits (bounded) until the node's journal-derived counts satisfy <paramref name="condition"/>.</summary>
    public static async Task WaitForAsync(TradingNode node, Func<NodeStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + limit;
        while (!condition(node.Status()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {limit.TotalSeconds:0} s waiting for {what}; status: {node.Status().ToLine()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every event in the journal at <paramref name="path"/>, read after the node stopped.</summary>
    public static async Task<IReadOnlyList<EventEnvelope>> ReadJournalAsync(string path)
    {
        var registry = new KalshiActors.Persistence.Serialization.EventRegistry();
        NodeModules.RegisterEvents(registry);
        await using var storage = KalshiActors.Persistence.Sqlite.SqliteJournalStorage.Open(path, new PersistenceSettings());
        var journal = new KalshiActors.Persistence.Journal.EventJournal(storage, registry, TimeProvider.System);
        var events = new List<EventEnvelope>();
        await foreach (var envelope in journal.CurrentAllEvents())
        {
            events.Add(envelope);
        }

        return events;
    }

    /// <summary>The trade ids of every fill event in <paramref name="events"/>.</summary>
    public static IReadOnlyList<string> FillTradeIds(IEnumerable<EventEnvelope> events) =>
        [.. events.Select(e => e.Event).Select(e => e switch
        {
            OrderFilled f => f.TradeId,
            OrderPartiallyFilled p => p.TradeId,
            _ => null,
        }).OfType<string>()];
}
