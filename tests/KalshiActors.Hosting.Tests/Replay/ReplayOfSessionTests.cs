using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Replay;
using KalshiActors.Hosting.Tests.Node;

namespace KalshiActors.Hosting.Tests.Replay;

public sealed class ReplayOfSessionTests(SimulatorSessionFixture session) : IClassFixture<SimulatorSessionFixture>
{
    private Task<ReplayResult> ReplayAsync(long? untilOrdering = null) =>
        JournalReplay.RunAsync(session.Configuration, new ReplayOptions { JournalUri = session.JournalUri, UntilOrdering = untilOrdering }, null, CancellationToken.None);

    [Fact]
    public async Task Replay_OfTheWholeJournal_GivesTheDigestTheNodePrintedAtShutdown()
    {
        var replay = await ReplayAsync();

        Assert.Matches("^[0-9a-f]{64}$", session.Summary.Digest);
        Assert.Equal(session.Summary.Digest, replay.Digest);
        Assert.Equal($"state-digest={session.Summary.Digest}", replay.ToLines()[^1]);
        Assert.True(replay.AuditRows["fill"] >= 1);
        Assert.True(replay.AuditRows["risk_decision"] >= 2);
    }

    [Fact]
    public async Task Verify_ReplaysToTheRecordedOrdering_AndMatchesTheShutdownRecord()
    {
        var verification = await ReplayVerification.RunAsync(
            session.Configuration, new ReplayOptions { JournalUri = session.JournalUri }, null, CancellationToken.None);

        Assert.True(verification.Matches, verification.ToLine());
        Assert.Equal("shutdown", verification.Recorded.Reason);
        Assert.Equal(session.Summary.Digest, verification.Recorded.Digest);
        Assert.Equal(verification.Recorded.Ordering, verification.Replay.Bound.Ordering);
        Assert.Empty(verification.DifferingComponents);
        Assert.StartsWith("verify: OK", verification.ToLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterJournal_ReplaysAndVerifiesOneNode_AndWithoutANodeSaysWhichToPick()
    {
        // The session's journal as a cluster's: nodes a and b each with their own copy of the per-node streams
        // (portfolio@a, risk-guardian@a, node-state-digest@a, ...), the routers' streams shared.
        var path = Path.Combine(Path.GetDirectoryName(session.JournalPath)!, $"cluster-{Guid.NewGuid():N}.db");
        var rows = new List<KalshiActors.Persistence.Journal.JournalRow>();
        await using (var source = KalshiActors.Persistence.Sqlite.SqliteJournalStorage.OpenForReading(session.JournalPath, new KalshiActors.Persistence.PersistenceSettings()))
        {
            await foreach (var row in source.ReadAllAsync(0, int.MaxValue, CancellationToken.None))
            {
                rows.Add(row);
            }
        }

        var a = new KalshiActors.Cluster.NodeScopedIds("a");
        var b = new KalshiActors.Cluster.NodeScopedIds("b");
        await using (var target = KalshiActors.Persistence.Sqlite.SqliteJournalStorage.Open(path, new KalshiActors.Persistence.PersistenceSettings()))
        {
            var copies = rows.Select(r => r with { Ordering = 0, PersistenceId = a.ToStored(r.PersistenceId) })
                .Concat(rows.Where(r => b.ToStored(r.PersistenceId) != r.PersistenceId).Select(r => r with { Ordering = 0, PersistenceId = b.ToStored(r.PersistenceId) }));
            await target.WriteAsync([.. copies], CancellationToken.None);
        }

        var cluster = new ReplayOptions { JournalUri = "sqlite:" + path };
        var refused = await Assert.ThrowsAsync<ReplayException>(() => JournalReplay.RunAsync(session.Configuration, cluster, null, CancellationToken.None));
        Assert.Contains("cluster's journal (nodes a, b)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--node", refused.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ReplayException>(() => JournalReplay.RunAsync(session.Configuration, cluster with { Node = "c" }, null, CancellationToken.None));
        Assert.Contains("its nodes are a, b", unknown.Message, StringComparison.Ordinal);

        // Node b's copies were written after a's (orderings after the recorded digest's), so b is replayed to the end and
        // a, whose rows keep the session's orderings, is verified against its recorded digest.
        var replay = await JournalReplay.RunAsync(session.Configuration, cluster with { Node = "b" }, null, CancellationToken.None);
        Assert.Equal(session.Summary.Digest, replay.Digest);
        var verification = await ReplayVerification.RunAsync(session.Configuration, cluster with { Node = "a" }, null, CancellationToken.None);
        Assert.True(verification.Matches, verification.ToLine());
        Assert.Equal(session.Summary.Digest, verification.Recorded.Digest);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ReplayingTwice_GivesIdenticalBytes()
    {
        var first = await ReplayAsync();
        var second = await ReplayAsync();

        Assert.Equal(first.ToJson(), second.ToJson());
        Assert.Equal(first.ToLines(), second.ToLines());
    }

    [Fact]
    public async Task ReplayFromTheStore_WithoutLoadingTheJournal_GivesTheSameResult()
    {
        var loaded = await ReplayAsync();
        var streamed = await JournalReplay.RunAsync(
            session.Configuration, new ReplayOptions { JournalUri = session.JournalUri, MaxPreloadedEvents = 0 }, null, CancellationToken.None);

        Assert.Equal(loaded.ToJson(), streamed.ToJson());
    }

    [Fact]
    public async Task UntilOrdering_StopsExactlyThere()
    {
        var events = await TradingScenario.ReadJournalAsync(session.JournalPath);
        var firstFill = events.First(e => e.Event is OrderFilled or OrderPartiallyFilled);
        var before = await ReplayAsync(firstFill.Offset - 1);
        var at = await ReplayAsync(firstFill.Offset);

        Assert.Equal(firstFill.Offset, at.Bound.Ordering);
        Assert.Equal(firstFill.Offset, at.Events);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(firstFill.Timestamp), at.Bound.At);
        Assert.Equal(firstFill.Offset - 1, before.Bound.Ordering);
        Assert.Equal(firstFill.Offset - 1, before.Events);

        // Up to the first fill the portfolio holds nothing; with it, the portfolio books it (its booking comes later in the
        // journal, so the recovered portfolio's catch-up books it, in memory only).
        Assert.DoesNotContain("\"ticker\"", System.Text.Encoding.UTF8.GetString(before.Parts[0].CanonicalJson), StringComparison.Ordinal);
        Assert.Contains($"\"ticker\":\"{((OrderLifecycleEvent)firstFill.Event).Ticker}\"", System.Text.Encoding.UTF8.GetString(at.Parts[0].CanonicalJson), StringComparison.Ordinal);
        Assert.True(at.EventsWrittenInMemory >= 1);
    }

    [Fact]
    public async Task Explain_ShowsTheWholeChainOfAFilledOrder()
    {
        var events = await TradingScenario.ReadJournalAsync(session.JournalPath);
        var fill = events.Select(e => e.Event).OfType<OrderLifecycleEvent>().First(e => e is OrderFilled or OrderPartiallyFilled);
        var id = fill.ClientOrderId.Value;

        var explanation = await OrderExplanation.RunAsync(session.Configuration, session.JournalUri, id, null, CancellationToken.None);
        var text = string.Join("\n", explanation.ToLines());

        Assert.NotNull(explanation.Signal);
        Assert.NotNull(explanation.Signal!.Book);
        Assert.Equal(explanation.Submitted.IntentId, explanation.Signal.IntentId);
        var approved = Assert.IsType<IntentApproved>(explanation.Decision);
        Assert.NotEmpty(approved.Figures);
        Assert.Contains(explanation.Lifecycle, r => r.Summary.StartsWith("submitted", StringComparison.Ordinal));
        Assert.Contains(explanation.Lifecycle, r => r.Kind == "fill");
        Assert.NotEmpty(explanation.Booked);
        Assert.NotNull(explanation.Position);
        Assert.Contains("book as the strategy saw it:", text, StringComparison.Ordinal);
        Assert.Contains("yes bid", text, StringComparison.Ordinal);
        Assert.Contains("approved", text, StringComparison.Ordinal);
        Assert.Contains($"    {approved.Figures.Keys.Order(StringComparer.Ordinal).First()} = ", text, StringComparison.Ordinal);
        Assert.Contains("resulting position:", text, StringComparison.Ordinal);
        Assert.Contains($" in {fill.Ticker}, cost ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownOrder_IsAClearError()
    {
        var error = await Assert.ThrowsAsync<ReplayException>(
            () => OrderExplanation.RunAsync(session.Configuration, session.JournalUri, "no-such-order", null, CancellationToken.None));
        Assert.Contains("no order with client order id 'no-such-order'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_PastTheEnd_OrOfAMissingFile_IsAClearError()
    {
        var past = await Assert.ThrowsAsync<ReplayException>(() => ReplayAsync(long.MaxValue / 2));
        Assert.Contains("past the end of the journal", past.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<ReplayException>(() => JournalReplay.RunAsync(
            session.Configuration, new ReplayOptions { JournalUri = "sqlite:" + session.JournalPath + ".missing" }, null, CancellationToken.None));
        Assert.Contains("no journal file there", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(session.JournalPath + ".missing"));
    }

    [Fact]
    public async Task NodeRecordsItsDigest_AsStateDigestRecorded_InTheJournal()
    {
        var events = await TradingScenario.ReadJournalAsync(session.JournalPath);
        var recorded = events.Where(e => e.Event is StateDigestRecorded).ToList();
        var last = Assert.IsType<StateDigestRecorded>(recorded[^1].Event);

        Assert.Equal(session.Summary.Digest, last.Digest);
        Assert.True(last.Ordering < recorded[^1].Offset);
        Assert.Equal(["execution", "portfolio", "risk"], last.Parts.Keys.Order(StringComparer.Ordinal));
    }
}
