using System.Text.Json;
using KalshiActors.Hosting.Tests.Replay;

namespace KalshiActors.Cli.Tests;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task<string> JournalAsync() => "sqlite:" + await HandBuiltJournal.WriteAsync(_directory.Path);

    [Fact]
    public async Task Audit_PrintsEveryRowAsCsv_AndFiltersByStrategyAsJson()
    {
        var journal = await JournalAsync();

        var csv = await CliRun.RunAsync(["audit", "--journal", journal]);
        var json = await CliRun.RunAsync(["audit", "--journal", journal, "--strategy", "ev-big", "--format", "json"]);

        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ordering,time,kind,market,strategy,client_order_id,intent_id,summary,manifest,persistence_id,sequence_nr,details", lines[0].TrimEnd('\r'));
        Assert.Equal(HandBuiltJournal.Kinds.Length + 1, lines.Length);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(["signal", "intent", "risk_decision"], json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Replay_PrintsTheSummaryEndingWithTheDigest_SameBytesTwice()
    {
        var journal = await JournalAsync();

        var first = await CliRun.RunAsync(["replay", "--journal", journal]);
        var second = await CliRun.RunAsync(["replay", "--journal", journal]);
        var json = await CliRun.RunAsync(["replay", "--journal", journal, "--json"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Out, second.Out);
        Assert.Matches(@"state-digest=[0-9a-f]{64}\s*$", first.Out);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(16, root.GetProperty("until_ordering").GetInt64());
        Assert.Contains($"state-digest={root.GetProperty("state_digest").GetString()}", first.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UntilOrdering_StopsThere_UntilTime_ToTheLastEventBefore()
    {
        var journal = await JournalAsync();

        // Ordering 3 (the approval), not 6 (the fill): cut between the fill (6) and its booking (7), the portfolio books the
        // fill during the replay while the risk guardian takes its day-start equity from whichever portfolio state it sees
        // first (this hand-built journal has no TradingDayStarted, which a node journals before its first intent).
        var ordering = JsonDocument.Parse((await CliRun.RunAsync(["replay", "--journal", journal, "--until-ordering", "3", "--json"])).Out).RootElement;
        var time = JsonDocument.Parse((await CliRun.RunAsync(["replay", "--journal", journal, "--until", "2026-12-04T10:00:02.500Z", "--json"])).Out).RootElement;

        Assert.Equal(3, ordering.GetProperty("until_ordering").GetInt64());
        Assert.Equal(3, ordering.GetProperty("events").GetInt64());
        Assert.Equal("2026-12-04T10:00:02.000Z", ordering.GetProperty("until_time").GetString());
        Assert.Equal(3, time.GetProperty("until_ordering").GetInt64());
        Assert.Equal(ordering.GetProperty("state_digest").GetString(), time.GetProperty("state_digest").GetString());
    }

    [Fact]
    public async Task Verify_AgainstADigestThatDoesNotMatch_ExitsOne_NamingTheDifference()
    {
        var journal = await JournalAsync();

        var result = await CliRun.RunAsync(["replay", "--journal", journal, "--verify"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("verify: MISMATCH at ordering 16", result.Out, StringComparison.Ordinal);
        Assert.Contains("differing: portfolio, execution, risk", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Until_PicksTheLatestDigestRecordedAtOrBeforeTheBound_ByTimeOrOrdering()
    {
        // Besides the journal's (wrong) shutdown digest for ordering 16 at 10:00:15, the node recorded the true digest of
        // ordering 3 at 10:00:07 (appended later, so it is also the last record of the journal). Ordering 3, not one
        // between the fill and its booking: see Replay_UntilOrdering_StopsThere_UntilTime_ToTheLastEventBefore.
        var path = await HandBuiltJournal.WriteAsync(_directory.Path);
        var journal = "sqlite:" + path;
        var digest = JsonDocument.Parse((await CliRun.RunAsync(["replay", "--journal", journal, "--until-ordering", "3", "--json"])).Out)
            .RootElement.GetProperty("state_digest").GetString()!;
        await HandBuiltJournal.AppendDigestAsync(path, digest, 3, HandBuiltJournal.Start.AddSeconds(7));

        var byTime = await CliRun.RunAsync(["replay", "--journal", journal, "--verify", "--until", "2026-12-04T10:00:10Z"]);
        var byOrdering = await CliRun.RunAsync(["replay", "--journal", journal, "--verify", "--until-ordering", "15", "--json"]);
        var laterTime = await CliRun.RunAsync(["replay", "--journal", journal, "--verify", "--until", "2026-12-04T10:00:20Z"]);
        var tooEarly = await CliRun.RunAsync(["replay", "--journal", journal, "--verify", "--until", "2026-12-04T10:00:05Z"]);

        Assert.Equal(0, byTime.ExitCode);
        Assert.Contains($"verify: OK: replay to ordering 3 reproduces the node's periodic digest {digest}", byTime.Out, StringComparison.Ordinal);
        Assert.Equal(0, byOrdering.ExitCode);
        var root = JsonDocument.Parse(byOrdering.Out).RootElement;
        Assert.Equal((true, 3L), (root.GetProperty("matches").GetBoolean(), root.GetProperty("recorded_ordering").GetInt64()));
        Assert.Equal(1, laterTime.ExitCode);
        Assert.Contains("verify: MISMATCH at ordering 16", laterTime.Out, StringComparison.Ordinal);
        Assert.Equal(2, tooEarly.ExitCode);
        Assert.Contains("no state digest was recorded at or before 2026-12-04T10:00:05.000Z", tooEarly.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ShowsTheChainOfTheOrder()
    {
        var journal = await JournalAsync();

        var result = await CliRun.RunAsync(["replay", "--journal", journal, "--explain", HandBuiltJournal.Order.Value]);

        Assert.Equal(0, result.ExitCode);
        var text = result.Out.ReplaceLineEndings("\n");
        Assert.Contains("book as the strategy saw it:\n  #41 Live: yes bid 0.4300 x 10.00, yes ask 0.4500 x 8.00", text, StringComparison.Ordinal);
        Assert.Contains("risk decision:\n  2026-12-04T10:00:02.000Z approved: ev-small intent Buy 5.00 Yes limit 0.4500", text, StringComparison.Ordinal);
        Assert.Contains("    market_exposure = 0.0000\n    order_dollars = 2.2500\n", text, StringComparison.Ordinal);
        Assert.Contains("  #4 2026-12-04T10:00:03.000Z submitted Buy 5.00 Yes @ 0.4500 (ImmediateOrCancel)", text, StringComparison.Ordinal);
        Assert.Contains("fills: 1\n  #6 ", text, StringComparison.Ordinal);
        Assert.Contains($"resulting position:\n  after ordering 7: 5.00 yes in {HandBuiltJournal.Market}, cost 2.250000, fees 0.090000", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--explain", "no-such-order", "no order with client order id 'no-such-order'")]
    [InlineData("--until", "yesterday", "--until 'yesterday' is not a time")]
    [InlineData("--until-ordering", "999", "--until-ordering 999 is past the end of the journal")]
    public async Task BadInput_IsAClearUsageError(string option, string value, string message)
    {
        var journal = await JournalAsync();

        var result = await CliRun.RunAsync(["replay", "--journal", journal, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task MissingJournal_OrConflictingBounds_AreUsageErrors()
    {
        var missing = Path.Combine(_directory.Path, "missing.db");

        var replay = await CliRun.RunAsync(["replay", "--journal", "sqlite:" + missing]);
        var audit = await CliRun.RunAsync(["audit", "--journal", "sqlite:" + missing]);
        var both = await CliRun.RunAsync(["replay", "--journal", await JournalAsync(), "--until", "2026-12-04T10:00:00Z", "--until-ordering", "3"]);

        Assert.Equal((2, 2, 2), (replay.ExitCode, audit.ExitCode, both.ExitCode));
        Assert.Contains("no journal file there", replay.Error, StringComparison.Ordinal);
        Assert.Contains("no journal file there", audit.Error, StringComparison.Ordinal);
        Assert.Contains("cannot be combined", both.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
