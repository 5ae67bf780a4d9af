using System.CommandLine;
using System.Globalization;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Simulator;

namespace KalshiActors.Cli.Commands;

/// <summary>`simulator`: runs the simulated exchange standalone on loopback until interrupted.</summary>
internal static class SimulatorCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var port = new Option<int?>("--port") { Description = "TCP port to listen on (0 = any free port); overrides kalshi-actors.simulator.port.", HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the run; overrides kalshi-actors.simulator.seed.", HelpName = "S" };
        var command = new Command(
            "simulator",
            "Run the simulated exchange (same REST and WebSocket protocol as Kalshi) on loopback; prints its URLs and a generated API key pair.");
        command.Options.Add(port);
        command.Options.Add(seed);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sources = global.Sources(parse, environment);
            var overrides = new List<SettingOverride>(sources.Overrides);
            if (parse.GetValue(port) is { } portValue)
            {
                overrides.Add(new SettingOverride($"{EmbeddedSimulator.SectionPath}.port", portValue.ToString(CultureInfo.InvariantCulture), "--port"));
            }

            if (parse.GetValue(seed) is { } seedValue)
            {
                overrides.Add(new SettingOverride($"{EmbeddedSimulator.SectionPath}.seed", seedValue.ToString(CultureInfo.InvariantCulture), "--seed"));
            }

            var configuration = KalshiActorsConfiguration.Load(sources with { Overrides = overrides });
            await using var server = await EmbeddedSimulator.StartAsync(configuration, cancellationToken).ConfigureAwait(false);
            var output = environment.Out;
            await output.WriteLineAsync($"rest: {server.RestBaseUrl}").ConfigureAwait(false);
            await output.WriteLineAsync($"websocket: {server.WebSocketUrl}").ConfigureAwait(false);
            await output.WriteLineAsync($"control: {server.FaultControlUrl}").ConfigureAwait(false);
            if (server.GeneratedKeyId is { } keyId)
            {
                await output.WriteLineAsync($"api-key-id: {keyId}").ConfigureAwait(false);
                await output.WriteLineAsync("api-private-key (PKCS#1 PEM, for clients of this simulator only):").ConfigureAwait(false);
                await output.WriteLineAsync(server.GeneratedPrivateKeyPem).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await environment.Error.WriteLineAsync("simulator running; press Ctrl+C to stop").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await environment.Error.WriteLineAsync("simulator stopped").ConfigureAwait(false);
            }

            return KalshiActorsCli.Success;
        });
        return command;
    }
}
