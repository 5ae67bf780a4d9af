using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench dashboard`: a node trading on the embedded simulator, measured alternately with no dashboard client and with 50
/// WebSocket clients on loopback, several rounds of equal phases. The clients run in a process of their own at low
/// priority (`bench dashboard-clients`), as browsers would, so the figures are of the node: the tick-to-order latency of
/// each phase (median and p95, pooled over the rounds; their ratio is the degradation), the messages every client
/// received (the fewest must be above zero), the clients dropped, the managed heap before, during and after the loaded
/// phases, and the machine's load average.
/// </summary>
public sealed class DashboardBenchSuite : IBenchSuite
{
    private const int Clients = 50;

    /// <inheritdoc />
    public string Name => "dashboard";

    /// <inheritdoc />
    public string Description => "dashboard load: tick-to-order latency alternately with 0 and 50 WebSocket clients (another process; 3 rounds of 30 s each), messages per client, heap growth";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var phase = options.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        var rounds = options.Quick ? 1 : 3;
        var temp = Directory.CreateTempSubdirectory("kalshi-bench-dashboard-").FullName;
        try
        {
            var config = Path.Combine(temp, "node.conf");
            var journal = options.Journal ?? "sqlite:" + Path.Combine(temp, "node.db").Replace('\\', '/');
            await File.WriteAllTextAsync(config, $$"""
                kalshi-actors {
                  mode = simulator
                  persistence.journal-uri = "{{journal}}"
                  logging.file.enabled = off
                  node.status-interval = 1h
                  simulator { step-interval = 200ms, seed = 7 }
                  dashboard { url = "http://127.0.0.1:0", token-file = "{{Path.Combine(temp, "token").Replace('\\', '/')}}" }
                  strategies.instances {
                    ev-threshold.enabled = false
                    vol-kelly-btc15m.enabled = false
                    ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 100000 } }
                    ev-maker { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 100000, style = maker } }
                  }
                  # Limits out of the way, so the strategies keep trading for the whole run (the latency is the point).
                  risk { max-concurrent-positions = 1000, max-market-exposure = 10, max-event-exposure = 10, max-category-exposure = 10, max-total-exposure = 10, daily-loss-limit = 100000, disabled-checks = [drawdown-breaker] }
                }
                """, cancellationToken).ConfigureAwait(false);
            var loadStart = LoadAverage();
            var node = await TradingNode.StartAsync(
                KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [config] }), new TradingNodeOptions(), cancellationToken).ConfigureAwait(false);
            await using (node.ConfigureAwait(false))
            {
                var dashboard = node.Dashboard ?? throw new InvalidOperationException("the dashboard did not start");
                var probe = node.System.ActorOf(Props.Create(() => new DashboardBenchProbeActor()), "bench-dashboard-probe");
                var wsUrl = new Uri(dashboard.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
                Task<List<double>> TakeAsync() => probe.Ask<List<double>>(TakeLatencies.Instance, TimeSpan.FromSeconds(5), cancellationToken);

                options.Progress.WriteLine($"dashboard: warming up 5 s, then {rounds} rounds of {phase.TotalSeconds:0} s without clients and {phase.TotalSeconds:0} s with {Clients}");
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                await TakeAsync().ConfigureAwait(false);
                var baseline = new List<double>();
                var loaded = new List<double>();
                var figures = new List<BenchFigure>();
                var received = new List<long>();
                var separate = true;
                double heapBefore = 0, heapLoaded = 0;
                for (var round = 1; round <= rounds; round++)
                {
                    await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
                    var quiet = await TakeAsync().ConfigureAwait(false);
                    baseline.AddRange(quiet);
                    heapBefore = Math.Max(heapBefore, HeapMegabytes());

                    options.Progress.WriteLine($"dashboard: round {round}: {Clients} WebSocket clients for {phase.TotalSeconds:0} s");
                    var clients = await DashboardClients.StartAsync(wsUrl, Clients, phase + TimeSpan.FromSeconds(2), options.Progress, cancellationToken).ConfigureAwait(false);
                    separate &= clients.SeparateProcess;
                    // Connecting is not the steady state measured: the phase starts once every client is connected.
                    await TakeAsync().ConfigureAwait(false);
                    await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
                    var busy = await TakeAsync().ConfigureAwait(false);
                    loaded.AddRange(busy);
                    heapLoaded = Math.Max(heapLoaded, HeapMegabytes());
                    received.AddRange(await clients.Completion.ConfigureAwait(false));
                    // The clients closing is not the quiet state either.
                    await TakeAsync().ConfigureAwait(false);
                    figures.Add(new($"round{round}_tick_to_order_ms_p50_baseline", Percentile(quiet, 0.5)));
                    figures.Add(new($"round{round}_tick_to_order_ms_p50_50_clients", Percentile(busy, 0.5)));
                }

                var heapAfter = HeapMegabytes();
                var loadEnd = LoadAverage();
                var status = node.Status();
                var baseMedian = Percentile(baseline, 0.5);
                var loadedMedian = Percentile(loaded, 0.5);
                return
                [
                    new("signals_session", status.Signals),
                    new("orders_session", status.OrdersSubmitted),
                    new("rounds", rounds),
                    new("phase_s", phase.TotalSeconds),
                    new("ws_clients_separate_process", separate ? 1 : 0),
                    new("orders_baseline", baseline.Count),
                    new("tick_to_order_ms_p50_baseline", baseMedian),
                    new("tick_to_order_ms_p95_baseline", Percentile(baseline, 0.95)),
                    new("orders_50_clients", loaded.Count),
                    new("tick_to_order_ms_p50_50_clients", loadedMedian),
                    new("tick_to_order_ms_p95_50_clients", Percentile(loaded, 0.95)),
                    new("tick_to_order_p50_ratio", baseMedian > 0 ? loadedMedian / baseMedian : double.NaN),
                    .. figures,
                    new("ws_messages_min_per_client", received.Count == 0 ? double.NaN : received.Min()),
                    new("ws_messages_max_per_client", received.Count == 0 ? double.NaN : received.Max()),
                    new("ws_clients_dropped", dashboard.DroppedClients),
                    new("heap_mb_before_clients", heapBefore),
                    new("heap_mb_with_clients", heapLoaded),
                    new("heap_mb_after_clients", heapAfter),
                    new("load_avg_1m_start", loadStart),
                    new("load_avg_1m_end", loadEnd),
                ];
            }
        }
        finally
        {
            KalshiActors.Persistence.Sqlite.SqliteJournalStorage.ReleasePooledConnections();
            Directory.Delete(temp, recursive: true);
        }
    }

    // The machine's 1-minute load average (Linux), NaN elsewhere: every figure here is only as good as the machine was quiet.
    private static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static double HeapMegabytes() => GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
    }
}
