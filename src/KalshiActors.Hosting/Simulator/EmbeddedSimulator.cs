using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Simulator;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hosting.Simulator;

/// <summary>Starts the embedded exchange simulator from the node's configuration (`kalshi-actors.simulator`).</summary>
public static class EmbeddedSimulator
{
    /// <summary>The configuration section the simulator reads.</summary>
    public const string SectionPath = "kalshi-actors.simulator";

    /// <summary>Reads the simulator settings and starts the server on loopback.</summary>
    /// <exception cref="ConfigurationException">The simulator section is invalid; every problem is listed.</exception>
    public static Task<RunningSimulator> StartAsync(KalshiActorsConfiguration configuration, CancellationToken cancellationToken) =>
        StartAsync(ReadSettings(configuration), cancellationToken);

    /// <summary>Starts the server on loopback with <paramref name="settings"/> (the configured ones, adjusted: other markets, say).</summary>
    public static async Task<RunningSimulator> StartAsync(SimulatorSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var server = await SimulatorServer.StartAsync(settings, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RunningSimulator(server);
    }

    /// <summary>The simulator settings of <paramref name="configuration"/> (`kalshi-actors.simulator`).</summary>
    /// <exception cref="ConfigurationException">The simulator section is invalid; every problem is listed.</exception>
    public static SimulatorSettings ReadSettings(KalshiActorsConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = new ConfigurationBuilder().AddHoconConfig(configuration.Config).Build().GetSection(SectionPath.Replace('.', ':'));
        try
        {
            return SimulatorSettings.Create(section);
        }
        catch (SimulatorConfigurationException ex)
        {
            throw new ConfigurationException(ex.Problems.Select(p => new ConfigurationProblem(SectionPath, p, null)).ToList());
        }
    }
}

/// <summary>A started simulator: where clients reach it and, when it generated one, the API key pair they sign with.</summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly SimulatorServer _server;

    internal RunningSimulator(SimulatorServer server) => _server = server;

    /// <summary>REST base URL (`.../trade-api/v2`).</summary>
    public Uri RestBaseUrl => _server.RestBaseUrl;

    /// <summary>WebSocket URL (`ws://.../trade-api/ws/v2`).</summary>
    public Uri WebSocketUrl => _server.WebSocketUrl;

    /// <summary>The fault-injection control endpoint.</summary>
    public Uri FaultControlUrl => new(_server.BaseUrl, "/sim/faults");

    /// <summary>Key id of the generated pair, or null when keys were configured.</summary>
    public string? GeneratedKeyId => _server.GeneratedKey?.KeyId;

    /// <summary>PKCS#1 PEM private key of the generated pair (for this simulator's clients only), or null.</summary>
    public string? GeneratedPrivateKeyPem => _server.GeneratedKey?.PrivateKeyPem;

    /// <summary>Stops the server.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
