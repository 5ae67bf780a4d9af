using System.Net.Http.Json;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>
/// A simulator that outlives the nodes of a test (started here, not inside the node), with its generated key written to a
/// file, and the configuration that points a node at it; plus the simulator's own view of our orders and fills.
/// </summary>
internal sealed class SimulatedVenue : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly HttpClient _http = new();
    private readonly KalshiCredentials _credentials;
    private readonly KalshiRestClient _rest;

    private SimulatedVenue(TempDirectory temp, RunningSimulator simulator, string keyFile)
    {
        _temp = temp;
        Simulator = simulator;
        KeyFile = keyFile;
        _credentials = KalshiCredentials.FromPem(simulator.GeneratedKeyId!, simulator.GeneratedPrivateKeyPem!);
        var exchange = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings.Exchange;
        _rest = new KalshiRestClient(_http, exchange.Rest with { RestBaseUrl = simulator.RestBaseUrl }, _credentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        Gateway = new KalshiOrderGateway(_rest);
    }

    public RunningSimulator Simulator { get; }

    public string KeyFile { get; }

    /// <summary>Reads our orders, fills and positions at the simulator (the truth a node is checked against).</summary>
    public IOrderGateway Gateway { get; }

    /// <summary>The environment variables a node (or a child `run` process) signs with.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["KALSHI_API_KEY_ID"] = Simulator.GeneratedKeyId!,
        ["KALSHI_PRIVATE_KEY_FILE"] = KeyFile,
    };

    /// <summary>Starts a simulator configured by <paramref name="simulatorHocon"/> (a `kalshi-actors.simulator { }` body).</summary>
    public static async Task<SimulatedVenue> StartAsync(TempDirectory temp, string simulatorHocon)
    {
        var file = temp.Write($"venue-{Guid.NewGuid():N}.conf", "kalshi-actors.simulator {\n" + simulatorHocon + "\n}");
        var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [file] });
        var simulator = await EmbeddedSimulator.StartAsync(configuration, CancellationToken.None);
        var keyFile = temp.Write($"venue-key-{Guid.NewGuid():N}.pem", simulator.GeneratedPrivateKeyPem!);
        if (!OperatingSystem.IsWindows())
        {
            // The credentials loader warns about key files others can read.
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new SimulatedVenue(temp, simulator, keyFile);
    }

    /// <summary>A `--config` file pointing a node at this simulator (not embedded), with <paramref name="extra"/> appended.</summary>
    public string NodeConfig(string journalPath, string extra = "") => _temp.Write($"node-{Guid.NewGuid():N}.conf", $$"""
        kalshi-actors {
          mode = simulator
          persistence.journal-uri = "sqlite:{{journalPath}}"
          logging.file.enabled = off
          logging.console.enabled = off
          node.simulator.embedded = off
          node.status-interval = 0s
          exchange.environments.simulator {
            rest-url = "{{Simulator.RestBaseUrl}}"
            websocket-url = "{{Simulator.WebSocketUrl}}"
          }
        }
        {{extra}}
        """);

    /// <summary>Sets faults through the control API (fields as in POST /sim/faults).</summary>
    public async Task FaultsAsync(object faults)
    {
        using var response = await _http.PostAsJsonAsync(Simulator.FaultControlUrl, faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Clears every fault.</summary>
    public async Task ClearFaultsAsync()
    {
        using var response = await _http.DeleteAsync(Simulator.FaultControlUrl);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _rest.DisposeAsync();
        _credentials.Dispose();
        _http.Dispose();
        await Simulator.DisposeAsync();
    }
}
