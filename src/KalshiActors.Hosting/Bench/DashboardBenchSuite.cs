using System.Diagnostics;
using System.Net.WebSockets;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench dashboard`: a node trading on the embedded simulator, first with no dashboard client, then with 50 WebSocket
/// clients on loopback for the same time. Reports the tick-to-order latency of both phases (median and p95; their ratio is
/// the degradation), the messages every client received (the fewest must be above zero), the clients dropped, and the
/// managed heap before and after the loaded phase (flat = the bounded queues hold).
/// </summary>
public sealed class DashboardBenchSuite : IBenchSuite
{
    private const int Clients = 50;

    /// <inheritdoc />
    public string Name => "dashboard";

    /// <inheritdoc />
    public string Description => "dashboard load: tick-to-order latency with 0 and 50 WebSocket clients (60 s each), messages per client, heap growth";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var phase = options.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(60);
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
                    ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 5 } }
                    ev-maker { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 5, style = maker } }
                  }
                  risk.max-concurrent-positions = 1000
                }
                """, cancellationToken).ConfigureAwait(false);
            var node = await TradingNode.StartAsync(
                KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [config] }), new TradingNodeOptions(), cancellationToken).ConfigureAwait(false);
            await using (node.ConfigureAwait(false))
            {
                var dashboard = node.Dashboard ?? throw new InvalidOperationException("the dashboard did not start");
                var probe = node.System.ActorOf(Props.Create(() => new DashboardBenchProbeActor()), "bench-dashboard-probe");
                options.Progress.WriteLine($"dashboard: warming up 5 s, then {phase.TotalSeconds:0} s without clients");
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                await probe.Ask<List<double>>(TakeLatencies.Instance, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
                var baseline = await probe.Ask<List<double>>(TakeLatencies.Instance, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);

                options.Progress.WriteLine($"dashboard: {Clients} WebSocket clients for {phase.TotalSeconds:0} s");
                var heapBefore = HeapMegabytes();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var wsUrl = new Uri(dashboard.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
                var clients = Enumerable.Range(0, Clients).Select(_ => ReadAsync(wsUrl, stop.Token)).ToList();
                await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
                var loaded = await probe.Ask<List<double>>(TakeLatencies.Instance, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                var heapLoaded = HeapMegabytes();
                await stop.CancelAsync().ConfigureAwait(false);
                var received = await Task.WhenAll(clients).ConfigureAwait(false);
                var heapAfter = HeapMegabytes();

                var baseMedian = Percentile(baseline, 0.5);
                var loadedMedian = Percentile(loaded, 0.5);
                return
                [
                    new("orders_baseline", baseline.Count),
                    new("tick_to_order_ms_p50_baseline", baseMedian),
                    new("tick_to_order_ms_p95_baseline", Percentile(baseline, 0.95)),
                    new("orders_50_clients", loaded.Count),
                    new("tick_to_order_ms_p50_50_clients", loadedMedian),
                    new("tick_to_order_ms_p95_50_clients", Percentile(loaded, 0.95)),
                    new("tick_to_order_p50_ratio", baseMedian > 0 ? loadedMedian / baseMedian : double.NaN),
                    new("ws_messages_min_per_client", received.Min()),
                    new("ws_messages_max_per_client", received.Max()),
                    new("ws_clients_dropped", dashboard.DroppedClients),
                    new("heap_mb_before_clients", heapBefore),
                    new("heap_mb_with_clients", heapLoaded),
                    new("heap_mb_after_clients", heapAfter),
                ];
            }
        }
        finally
        {
            KalshiActors.Persistence.Sqlite.SqliteJournalStorage.ReleasePooledConnections();
            Directory.Delete(temp, recursive: true);
        }
    }

    // One client: counts whole messages until stopped.
    private static async Task<long> ReadAsync(Uri url, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("kalshi-actors");
        await socket.ConnectAsync(url, stop).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        long messages = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (result.EndOfMessage)
                {
                    messages++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }

        return messages;
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
