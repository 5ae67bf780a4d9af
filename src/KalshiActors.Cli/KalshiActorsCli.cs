using System.CommandLine;
using KalshiActors.Cli.Commands;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Cli;

/// <summary>The `kalshi-actors` command line: builds the verb tree and maps outcomes to exit codes.</summary>
public static class KalshiActorsCli
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a runtime failure.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Exit code for a usage or configuration error.</summary>
    public const int UsageError = 2;

    // How long a verb may take to finish after Ctrl+C or SIGTERM before the process exits anyway.
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Parses <paramref name="args"/> and runs the chosen verb against the real console and environment.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliEnvironment.FromProcess());

    /// <summary>Parses <paramref name="args"/> and runs the chosen verb against <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var root = BuildRoot(environment);
        var parse = root.Parse(args);
        // `--help` and `--version` answer even when the rest of the line does not parse.
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            // Some parser messages list the accepted values on separate lines; the contract is one line per error report.
            var errors = string.Join("; ", parse.Errors.Select(e => OneLine(e.Message)));
            await environment.Error.WriteLineAsync($"kalshi-actors: {errors} (see 'kalshi-actors --help')").ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = environment.Out,
                    Error = environment.Error,
                    EnableDefaultExceptionHandler = false,
                    // Ctrl+C / SIGTERM cancel the verb's token; `run` then shuts down gracefully (cancels, journal flush,
                    // summary), which may take longer than the parser's default 2 s before it gives up on the verb.
                    ProcessTerminationTimeout = GracefulStopTimeout,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await environment.Error.WriteLineAsync(OneLine(problem.ToString())).ConfigureAwait(false);
            }

            return UsageError;
        }
        catch (CliUsageException ex)
        {
            await environment.Error.WriteLineAsync($"kalshi-actors: {OneLine(ex.Message)}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C (System.CommandLine cancels the action's token) or the caller's token: a stopped run, not a crash.
            await environment.Error.WriteLineAsync("kalshi-actors: canceled").ConfigureAwait(false);
            return RuntimeFailure;
        }
#pragma warning disable CA1031 // The edge of the program: any failure becomes one line and exit code 1, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await environment.Error.WriteLineAsync($"kalshi-actors: failed: {ex.GetType().Name}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return RuntimeFailure;
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static RootCommand BuildRoot(CliEnvironment environment)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("KalshiActors: an event-sourced actor engine that trades Kalshi event contracts.");
        global.AddTo(root);
        root.Subcommands.Add(ConfigCommands.Create(global, environment));
        root.Subcommands.Add(BenchCommand.Create(environment));
        root.Subcommands.Add(AuthCommand.Create(global, environment));
        root.Subcommands.Add(SimulatorCommand.Create(global, environment));
        root.Subcommands.Add(JournalCommand.Create(global, environment));
        root.Subcommands.Add(StrategiesCommand.Create(global, environment));
        root.Subcommands.Add(RunCommand.Create(global, environment));
        root.Subcommands.Add(ScanCommand.Create(global, environment));
        root.Subcommands.Add(ReplayCommand.Create(global, environment));
        root.Subcommands.Add(AuditCommand.Create(global, environment));
        root.Subcommands.Add(BacktestCommand.Create(global, environment));
        return root;
    }
}
