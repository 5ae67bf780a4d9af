using System.Diagnostics;
using KalshiActors.Persistence.CrashWriter;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Persistence.Tests.PostgreSql;

namespace KalshiActors.Persistence.Tests;

/// <summary>
/// Kills a child process that persists in a loop with SIGKILL at a random moment, twice (the second run recovers and
/// continues), then checks that every acknowledged event is stored, sequence numbers are contiguous, and the journal
/// opens cleanly.
/// </summary>
internal static class CrashSafety
{
    private const int Writers = 4;

    public static async Task RunAsync(string journalUri, string schema, Func<Task<IJournalStorage>> openStorage)
    {
        var acked = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            // Random kill point: somewhere between a few and a few hundred acknowledged events into this run.
            var killAfter = Random.Shared.Next(10, 200);
            await RunChildUntilKilledAsync(journalUri, schema, killAfter, acked);
        }

        await using var journal = new EventJournal(await openStorage(), CrashEvents.CreateRegistry(), TimeProvider.System);
        Assert.NotEmpty(acked);
        foreach (var (persistenceId, lastAcked) in acked)
        {
            var events = await journal.ReplayAsync(persistenceId, 1, long.MaxValue).ToListAsync();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.SequenceNr));
            Assert.All(events, e => Assert.Equal(e.SequenceNr, ((Counted)e.Payload).Number));
            Assert.True(events.Count >= lastAcked, $"{persistenceId}: {lastAcked} events were acknowledged but only {events.Count} are stored");
        }
    }

    /// <summary>
    /// The decision/order pair (PersistAsync + SendWritesNow, then Persist-before-acting in another actor) killed twice:
    /// no order is in the journal without its decision, each decision is ordered before its order, and every order that
    /// was acted on is stored.
    /// </summary>
    public static async Task RunPairsAsync(string journalUri, string schema, Func<Task<IJournalStorage>> openStorage)
    {
        var acked = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            await RunChildUntilKilledAsync(journalUri, schema, Random.Shared.Next(20, 400), acked, "pairs");
        }

        await using var journal = new EventJournal(await openStorage(), CrashEvents.CreateRegistry(), TimeProvider.System);
        var decided = new Dictionary<(int Writer, long Number), long>();
        var ordered = new Dictionary<(int Writer, long Number), long>();
        await foreach (var envelope in journal.CurrentAllEvents())
        {
            var writer = int.Parse(envelope.PersistenceId[(envelope.PersistenceId.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            switch (envelope.Event)
            {
                case Decided d:
                    decided.Add((writer, d.Number), envelope.Offset);
                    break;
                case Ordered o:
                    ordered.Add((writer, o.Number), envelope.Offset);
                    break;
            }
        }

        Assert.NotEmpty(acked);
        Assert.NotEmpty(ordered);
        foreach (var (key, offset) in ordered)
        {
            Assert.True(decided.TryGetValue(key, out var decisionOffset), $"order {key} is in the journal without its decision");
            Assert.True(decisionOffset < offset, $"decision {key} was stored after its order");
        }

        foreach (var (ordersId, number) in acked)
        {
            var writer = int.Parse(ordersId["orders-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ordered.ContainsKey((writer, number)), $"order {number} of {ordersId} was acted on but is not stored");
        }
    }

    private static async Task RunChildUntilKilledAsync(string journalUri, string schema, int killAfter, Dictionary<string, long> acked, string? mode = null)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "KalshiActors.Persistence.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", child, journalUri, schema, Writers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (mode is not null)
        {
            start.ArgumentList.Add(mode);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var seen = 0;
        try
        {
            while (seen < killAfter)
            {
                var line = await process.StandardOutput.ReadLineAsync(limit.Token)
                           ?? throw new InvalidOperationException($"the crash writer ended before being killed: {await stderr}");
                var parts = line.Split(' ');
                Assert.Equal("ack", parts[0]);
                var sequenceNr = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(sequenceNr > acked.GetValueOrDefault(parts[1]), $"ack {sequenceNr} for {parts[1]} after {acked.GetValueOrDefault(parts[1])}");
                acked[parts[1]] = sequenceNr;
                seen++;
            }
        }
        finally
        {
            // Process.Kill sends SIGKILL on Linux: no shutdown hooks, no flushing, mid-transaction.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        // Acks printed before the kill landed are acknowledged events too.
        string? rest;
        while ((rest = await process.StandardOutput.ReadLineAsync(CancellationToken.None)) is not null)
        {
            var parts = rest.Split(' ');
            if (parts.Length == 3 && parts[0] == "ack" && long.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var sequenceNr))
            {
                acked[parts[1]] = Math.Max(sequenceNr, acked.GetValueOrDefault(parts[1]));
            }
        }
    }
}

public sealed class SqliteCrashSafetyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SqliteJournal_after_SIGKILL_keeps_every_acknowledged_event_contiguously_and_opens_cleanly()
    {
        var path = Path.Combine(_directory.Path, "crash.db");

        await CrashSafety.RunAsync("sqlite:" + path, "public", () => Task.FromResult<IJournalStorage>(SqliteJournalStorage.Open(path, new PersistenceSettings())));
    }

    [Fact]
    public async Task SqliteJournal_after_SIGKILL_never_holds_an_order_whose_decision_was_persisted_async_before_it_without_that_decision()
    {
        var path = Path.Combine(_directory.Path, "pairs.db");

        await CrashSafety.RunPairsAsync("sqlite:" + path, "public", () => Task.FromResult<IJournalStorage>(SqliteJournalStorage.Open(path, new PersistenceSettings())));
    }
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCrashSafetyTests(PostgreSqlServerFixture server)
{
    [Fact]
    public async Task PostgreSqlJournal_after_SIGKILL_keeps_every_acknowledged_event_contiguously()
    {
        var schema = PostgreSqlServerFixture.NewSchema();

        await CrashSafety.RunAsync(
            "postgres:" + server.ConnectionString,
            schema,
            async () => await PostgreSqlJournalStorage.OpenAsync(server.ConnectionString, new PersistenceSettings { PostgresSchema = schema }));
    }

    [Fact]
    public async Task PostgreSqlJournal_after_SIGKILL_never_holds_an_order_whose_decision_was_persisted_async_before_it_without_that_decision()
    {
        var schema = PostgreSqlServerFixture.NewSchema();

        await CrashSafety.RunPairsAsync(
            "postgres:" + server.ConnectionString,
            schema,
            async () => await PostgreSqlJournalStorage.OpenAsync(server.ConnectionString, new PersistenceSettings { PostgresSchema = schema }));
    }
}
