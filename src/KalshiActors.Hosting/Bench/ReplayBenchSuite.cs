using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Hosting.Replay;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Portfolio;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench replay`: a trading journal (orders submitted, accepted, filled and booked across 20 markets, 1% left resting)
/// written to a temp SQLite file, then read back as typed events, projected into the audit trail, and replayed in full
/// through the production actors (<see cref="JournalReplay"/>).
/// </summary>
public sealed class ReplayBenchSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "replay";

    /// <inheritdoc />
    public string Description => "journal replay from SQLite: typed events read, audit trail rows, full replay through the production actors";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var orders = options.Quick ? 5_000 : 250_000;
        var temp = Directory.CreateTempSubdirectory("kalshi-bench-replay-").FullName;
        var uri = "sqlite:" + Path.Combine(temp, "replay.db");
        try
        {
            options.Progress.WriteLine($"writing a journal of {orders:N0} orders ({orders * 4:N0} events) to {uri}");
            var events = await WriteJournalAsync(uri, orders, cancellationToken).ConfigureAwait(false);
            var figures = new List<BenchFigure>();

            // Each rate twice: per second of wall time, and per second of this process's CPU time (on a shared machine the wall
            // time also counts other processes' turns).
            options.Progress.WriteLine("reading every event back as its type (CurrentAllEvents)");
            var (read, readCpu) = await MeasureAsync(() => ReadAsync(uri, events, cancellationToken)).ConfigureAwait(false);
            figures.Add(new("journal_read_events_per_s", events / read.TotalSeconds));
            figures.Add(new("journal_read_events_per_cpu_s", events / readCpu.TotalSeconds));

            options.Progress.WriteLine("projecting the audit trail");
            var rows = 0L;
            var (audit, auditCpu) = await MeasureAsync(async () => rows = await AuditAsync(uri, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            figures.Add(new("audit_rows_per_s", rows / audit.TotalSeconds));
            figures.Add(new("audit_rows_per_cpu_s", rows / auditCpu.TotalSeconds));

            options.Progress.WriteLine("replaying through the production actors (portfolio, routers, risk guardian)");
            ReplayResult? result = null;

            // The configuration is the replay's input, read once per process (~0.13 s, the HOCON reader's first use): the rate
            // is the replay's, from opening the journal to the settled digest.
            var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources());
            var (replay, replayCpu) = await MeasureAsync(async () => result = await JournalReplay.RunAsync(
                configuration, new ReplayOptions { JournalUri = uri }, null, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (result!.Events != events)
            {
                throw new InvalidOperationException($"replay saw {result.Events} events, expected {events}");
            }

            figures.Add(new("replay_events_per_s", events / replay.TotalSeconds));
            figures.Add(new("replay_events_per_cpu_s", events / replayCpu.TotalSeconds));
            figures.Add(new("replay_seconds", replay.TotalSeconds));
            figures.Add(new("events", events));
            return figures;
        }
        finally
        {
            SqliteJournalStorage.ReleasePooledConnections();
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<long> WriteJournalAsync(string uri, int orders, CancellationToken cancellationToken)
    {
        var registry = ReplayJournal.CreateRegistry();
        await using var storage = await JournalStorages.OpenJournalAsync(uri, new PersistenceSettings { SqliteSynchronous = SqliteSynchronous.Off }, cancellationToken).ConfigureAwait(false);
        var start = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var sequence = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<JournalRow>(10_000);
        var written = 0L;
        async Task AddAsync(string persistenceId, object e, DateTimeOffset at, string[] tags)
        {
            var serialized = registry.Serialize(e);
            var sequenceNr = sequence[persistenceId] = sequence.GetValueOrDefault(persistenceId) + 1;
            batch.Add(new JournalRow(0, persistenceId, sequenceNr, serialized.Manifest, serialized.Payload, tags, at.ToUnixTimeMilliseconds(), "bench"));
            written++;
            if (batch.Count == batch.Capacity)
            {
                await storage.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        string[] order = ["order"];
        string[] fill = ["fill", "order"];
        for (var i = 0; i < orders; i++)
        {
            var ticker = new MarketTicker($"KXBENCH-26DEC04-T{i % 20:00}");
            var router = "router-" + ticker.Value;
            var at = start.AddMilliseconds(i * 10);
            var intent = IntentId.For("bench", ticker, i + 1);
            var id = intent.ToClientOrderId();
            var orderId = new OrderId($"ex-{i}");
            var price = Price.FromCents(20 + (i % 60));
            var count = Quantity.FromContracts(1 + (i % 5));
            await AddAsync(router, new OrderSubmitted(id, intent, "bench", ticker, new EventTicker("KXBENCH-26DEC04"), Side.Yes, Domain.Action.Buy, price, count, ExecutionStyle.Maker, true, true, at), at, order)
                .ConfigureAwait(false);
            await AddAsync(router, new OrderAccepted(id, orderId, ticker, count, at), at, order).ConfigureAwait(false);
            if (i % 100 == 99)
            {
                // Left resting: its router starts in the replay, as after a restart.
                await AddAsync(router, new OrderRepriced(id, orderId, ticker, price, count, at), at, order).ConfigureAwait(false);
                await AddAsync(router, new OrderRepriced(id, orderId, ticker, price, count, at), at, order).ConfigureAwait(false);
                continue;
            }

            var fee = Money.FromCents(1);
            await AddAsync(router, new OrderFilled(id, orderId, ticker, $"t-{i}", "bench", Side.Yes, Domain.Action.Buy, price, count, fee, false, count, at), at, fill).ConfigureAwait(false);
            await AddAsync("portfolio", new FillBooked($"t-{i}", id, ticker, "bench", Side.Yes, Domain.Action.Buy, price, count, fee, false, false, at), at, []).ConfigureAwait(false);
        }

        if (batch.Count > 0)
        {
            await storage.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> MeasureAsync(Func<Task> work)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await work().ConfigureAwait(false);
        var wall = watch.Elapsed;
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpu);
    }

    private static async Task ReadAsync(string uri, long expected, CancellationToken cancellationToken)
    {
        await using var journal = new EventJournal(await ReplayJournal.OpenAsync(uri, cancellationToken).ConfigureAwait(false), ReplayJournal.CreateRegistry(), TimeProvider.System, 4096);
        var read = 0L;
        await foreach (var _ in journal.CurrentAllEvents(0, cancellationToken).ConfigureAwait(false))
        {
            read++;
        }

        if (read != expected)
        {
            throw new InvalidOperationException($"read {read} events, expected {expected}");
        }
    }

    private static async Task<long> AuditAsync(string uri, CancellationToken cancellationToken)
    {
        await using var storage = await ReplayJournal.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        var rows = 0L;
        await foreach (var _ in AuditTrail.ReadAsync(storage, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }
}
