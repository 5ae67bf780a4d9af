using System.CommandLine;

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

    /// <summary>Parses <paramref name="args"/> and runs the chosen verb.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("KalshiActors: an event-sourced actor engine that trades Kalshi event contracts.");
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"kalshi-actors: {error.Message}").ConfigureAwait(false);
            }

            return UsageError;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
