using System.Globalization;
using System.Net.WebSockets;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench dashboard-clients`: the WebSocket clients of `bench dashboard`, run in a process of their own (which that suite
/// starts, at low priority) so the node's measurement is of the node, not of clients sharing its thread pool. Reads
/// <c>KALSHI_BENCH_WS_URL</c>, <c>KALSHI_BENCH_WS_CLIENTS</c> and <c>KALSHI_BENCH_WS_SECONDS</c>; prints "connected" on
/// the progress stream once every client is connected, reads for that long, then reports the messages per client.
/// </summary>
public sealed class DashboardClientsBenchSuite : IBenchSuite
{
    /// <summary>The variable naming the dashboard's `/ws` URL.</summary>
    public const string UrlVariable = "KALSHI_BENCH_WS_URL";

    /// <summary>The variable giving the number of clients.</summary>
    public const string ClientsVariable = "KALSHI_BENCH_WS_CLIENTS";

    /// <summary>The variable giving how long the clients read (seconds, after all connected).</summary>
    public const string SecondsVariable = "KALSHI_BENCH_WS_SECONDS";

    /// <summary>What the suite prints on the progress stream once every client is connected.</summary>
    public const string ConnectedLine = "dashboard-clients: connected";

    /// <inheritdoc />
    public string Name => "dashboard-clients";

    /// <inheritdoc />
    public string Description => "the WebSocket clients of `bench dashboard` in their own process (started by it; needs " + UrlVariable + ")";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"bench dashboard-clients is started by bench dashboard: {UrlVariable} must name the dashboard's ws:// URL");
        var clients = int.Parse(Environment.GetEnvironmentVariable(ClientsVariable) ?? "50", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Environment.GetEnvironmentVariable(SecondsVariable) ?? "60", CultureInfo.InvariantCulture);
        var (messages, dropped) = await RunClientsAsync(url, clients, TimeSpan.FromSeconds(seconds), options.Progress, cancellationToken).ConfigureAwait(false);
        return
        [
            new("ws_clients", clients),
            new("ws_messages_min_per_client", messages.Min()),
            new("ws_messages_max_per_client", messages.Max()),
            new("ws_clients_closed_by_server", dropped),
        ];
    }

    /// <summary>Connects <paramref name="clients"/> clients, reads for <paramref name="duration"/> once all are connected; messages per client and how many the server closed.</summary>
    internal static async Task<(long[] Messages, int ClosedByServer)> RunClientsAsync(Uri url, int clients, TimeSpan duration, TextWriter progress, CancellationToken cancellationToken)
    {
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < clients; i++)
            {
                var socket = new ClientWebSocket();
                sockets.Add(socket);
                socket.Options.AddSubProtocol("kalshi-actors");
                await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            }

            await progress.WriteLineAsync(ConnectedLine).ConfigureAwait(false);
            await progress.FlushAsync(cancellationToken).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(duration);
            var reads = await Task.WhenAll(sockets.Select(s => ReadAsync(s, stop.Token))).ConfigureAwait(false);
            return ([.. reads.Select(r => r.Messages)], reads.Count(r => r.ClosedByServer));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    // One client: counts whole messages until stopped.
    private static async Task<(long Messages, bool ClosedByServer)> ReadAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        long messages = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (messages, true);
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
            return (messages, true);
        }

        return (messages, false);
    }
}
