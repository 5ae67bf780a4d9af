using KalshiActors.Hosting.Backtest;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Testing;

namespace KalshiActors.Regression.Tests;

/// <summary>
/// Fixed recordings and seeds through the whole backtest pipeline (books, strategies, risk guardian, paper routers,
/// portfolio) must give the checked-in digests of the order list and of the final state, and the same bytes twice.
/// A changed digest means the trading behaviour changed: if that was intended, update the golden value in the same commit
/// and say why.
/// </summary>
public sealed class BacktestRegressionTests
{
    // Golden digests: (seed, order-list digest, state digest, fills).
    public static TheoryData<long, string, string, long> SyntheticGolden => new()
    {
        { 1, "4aae9923d8ed0979313b69819e6aa43aecef38c89f3391effa98d18ac035790d", "3172d4dd11fe36895917a8be777dd92fb656671299c24ec1feca46950c02a306", 40 },
        { 7, "ce2989b0606c9f295a40fbaf8d7438271dcca0819634764044c2b3b35c360b3b", "3d4886c450abba7233fa2d529c31a1c96160bee0e48b4ba17729579b70ae5058", 45 },
    };

    [Theory]
    [MemberData(nameof(SyntheticGolden))]
    public async Task Synthetic_recording_gives_the_golden_order_list_and_state_digests(long seed, string orderListDigest, string stateDigest, long fills)
    {
        using var directory = new TempDirectory();
        var result = await RunSyntheticAsync(seed, directory.Path);

        var actual = (result.OrderListDigest, result.StateDigest, result.Total.Trades);
        Assert.True((orderListDigest, stateDigest, fills) == actual, $"seed {seed}: got {actual}, golden {(orderListDigest, stateDigest, fills)}");
    }

    // The actors run on one thread and the SQLite journal commits on it too (in line, as the in-memory one): the results
    // do not depend on where the journal is.
    [Fact]
    public async Task A_sqlite_journal_gives_the_same_golden_digests_as_the_in_memory_one()
    {
        using var directory = new TempDirectory();
        var result = await RunSyntheticAsync(1, directory.Path, journalUri: "sqlite:" + Path.Combine(directory.Path, "journal.db"));

        var golden = SyntheticGolden.Single(g => (long)g[0] == 1);
        Assert.Equal((string)golden[1], result.OrderListDigest);
        Assert.Equal((string)golden[2], result.StateDigest);
        Assert.Equal((long)golden[3], result.Total.Trades);
    }

    [Fact]
    public async Task Same_recording_and_seed_twice_give_byte_identical_reports()
    {
        using var directory = new TempDirectory();
        var first = await RunSyntheticAsync(3, directory.Path);
        var second = await RunSyntheticAsync(3, directory.Path);

        Assert.True(first.Total.Trades > 0, "the recording should make the strategies trade, or the comparison proves little");
        Assert.Equal(BacktestReport.Json(first), BacktestReport.Json(second));
        Assert.Equal(BacktestReport.MetricsCsv(first), BacktestReport.MetricsCsv(second));
        Assert.Equal(BacktestReport.FillsCsv(first), BacktestReport.FillsCsv(second));
        Assert.Equal(BacktestReport.EquityCsv(first), BacktestReport.EquityCsv(second));
        Assert.Equal(BacktestReport.EquitySvg(first), BacktestReport.EquitySvg(second));
    }

    [Fact]
    public async Task Matching_engine_fill_model_trades_the_recording_and_gives_identical_bytes_twice()
    {
        using var directory = new TempDirectory();
        var first = await RunSyntheticAsync(3, directory.Path, BacktestFillModel.Matching);
        var second = await RunSyntheticAsync(3, directory.Path, BacktestFillModel.Matching);

        Assert.True(first.Total.Trades > 0, "the recording should make the strategies trade through the matching engine");
        Assert.All(first.Orders.OfType<Domain.Protocol.OrderFilled>(), f => Assert.StartsWith("sim-t-", f.TradeId, StringComparison.Ordinal));
        Assert.Equal(first.OrderListDigest, second.OrderListDigest);
        Assert.Equal(first.StateDigest, second.StateDigest);
        Assert.Equal(BacktestReport.Json(first), BacktestReport.Json(second));
        Assert.Equal(BacktestReport.EquityCsv(first), BacktestReport.EquityCsv(second));
    }

    // The shared recorded frames (real Feb-2026 captures and hand-written current and legacy shapes): the books and the
    // rest of the pipeline take them without error; the default strategies have no fair value to trade on, so no order.
    public static TheoryData<string, string> SharedGolden => new()
    {
        { "examples/HANDWRITTEN_ws_public_fixedpoint.jsonl", "93171f8ecb79bad8360498baf455e6dd60f5473064406fc6e05e99f96d83abf5" },
        { "examples/HANDWRITTEN_ws_legacy_cents.jsonl", "22ec8115a9415e19ccaf548a72e854e38669305b399fd5f4c606666ca1124c31" },
        { "examples/HANDWRITTEN_ws_orderbook_gap.jsonl", "93171f8ecb79bad8360498baf455e6dd60f5473064406fc6e05e99f96d83abf5" },
        { "ws/kalshi_trade.jsonl", "98c4ad460893807364731104593a52b203ad13336b6b93ad289b1950a48e541e" },
        { "ws/kalshi_ticker.jsonl", "98c4ad460893807364731104593a52b203ad13336b6b93ad289b1950a48e541e" },
    };

    [SharedDataTheory]
    [MemberData(nameof(SharedGolden))]
    public async Task Shared_fixture_runs_through_the_pipeline_with_the_golden_state_digest(string fixture, string stateDigest)
    {
        var recording = BacktestRecording.Load(RepositoryLayout.Shared("kalshi", "fixtures", fixture));
        var first = await BacktestRunner.RunAsync(Configuration(), recording, new BacktestOptions { Seed = 1 }, CancellationToken.None);
        var second = await BacktestRunner.RunAsync(Configuration(), recording, new BacktestOptions { Seed = 1 }, CancellationToken.None);

        Assert.Equal(EmptyDigest, first.OrderListDigest);
        Assert.True(stateDigest == first.StateDigest, $"{fixture}: state digest {first.StateDigest}, golden {stateDigest}");
        Assert.Equal(BacktestReport.Json(first), BacktestReport.Json(second));
    }

    private const string EmptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    internal static KalshiActorsConfiguration Configuration() => KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = "backtest" });

    // Ten recorded minutes of five strike markets (12,000 deltas, 600 spot prices), written as the recorder's JSONL and
    // read back, so the file format is part of what the digest pins.
    internal static async Task<BacktestResult> RunSyntheticAsync(long seed, string directory, BacktestFillModel fillModel = BacktestFillModel.Paper, string? journalUri = null)
    {
        var path = Path.Combine(directory, $"synthetic-{seed}.jsonl");
        if (!File.Exists(path))
        {
            await using var file = File.Create(path);
            SyntheticMarketData.WriteJsonl(SyntheticMarketData.Generate(new SyntheticOptions(seed)), file);
        }

        var recording = BacktestRecording.Load(path);
        return await BacktestRunner.RunAsync(Configuration(), recording, new BacktestOptions { Seed = seed, FillModel = fillModel, JournalUri = journalUri }, CancellationToken.None);
    }
}
