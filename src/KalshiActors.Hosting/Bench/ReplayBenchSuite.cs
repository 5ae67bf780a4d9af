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

            options.Progress.WriteLine("reading every event back as its type (CurrentAllEvents)");
            figures.Add(new("journal_read_events_per_s", await ReadAsync(uri, events, cancellationToken).ConfigureAwait(false)));

            options.Progress.WriteLine("projecting the audit trail");
            figures.Add(new("audit_rows_per_s", await AuditAsync(uri, cancellationToken).ConfigureAwait(false)));

            options.Progress.WriteLine("replaying through the production actors (portfolio, routers, risk guardian)");
            var watch = Stopwatch.StartNew();
            var result = await JournalReplay.RunAsync(
                KalshiActorsConfiguration.Load(new ConfigurationSources()), new ReplayOptions { JournalUri = uri }, null, cancellationToken).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            if (result.Events != events)
            {
                throw new InvalidOperationException($"replay saw {result.Events} events, expected {events}");
            }

            figures.Add(new("replay_events_per_s", events / elapsed.TotalSeconds));
            figures.Add(new("replay_seconds", elapsed.TotalSeconds));
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

    private static async Task<double> ReadAsync(string uri, long expected, CancellationToken cancellationToken)
    {
        await using var journal = new EventJournal(await ReplayJournal.OpenAsync(uri, cancellationToken).ConfigureAwait(false), ReplayJournal.CreateRegistry(), TimeProvider.System, 4096);
        var watch = Stopwatch.StartNew();
        var read = 0L;
        await foreach (var _ in journal.CurrentAllEvents(0, cancellationToken).ConfigureAwait(false))
        {
            read++;
        }

        var elapsed = watch.Elapsed;
        return read == expected ? read / elapsed.TotalSeconds : throw new InvalidOperationException($"read {read} events, expected {expected}");
    }

    private static async Task<double> AuditAsync(string uri, CancellationToken cancellationToken)
    {
        await using var storage = await ReplayJournal.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var rows = 0L;
        await foreach (var _ in AuditTrail.ReadAsync(storage, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        return rows / watch.Elapsed.TotalSeconds;
    }
}
