using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KalshiActors.Hosting.Bench;
using Spectre.Console;

namespace KalshiActors.Cli.Commands;

/// <summary>`bench SUITE`: runs one registered benchmark suite and prints its figures.</summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var suites = environment.BenchSuites;
        var suite = new Argument<string>("SUITE")
        {
            Description = suites.Count == 0
                ? "The suite to run."
                : "The suite to run: " + string.Join("; ", suites.Select(s => $"{s.Name} ({s.Description})")),
        };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object of the figures on stdout." };
        var quick = new Option<bool>("--quick") { Description = "Small workloads for a smoke run; figures are indicative only." };
        var journal = new Option<string?>("--journal")
        {
            Description = "Journal for suites that persist: sqlite:PATH, postgres:CONNECTION or memory:.",
            HelpName = "URI",
        };

        var bench = new Command("bench", "Run a benchmark suite; progress goes to stderr, figures to stdout.")
        {
            // With no suite registered the verb could do nothing, so it stays out of the help.
            Hidden = suites.Count == 0,
        };
        bench.Arguments.Add(suite);
        bench.Options.Add(json);
        bench.Options.Add(quick);
        bench.Options.Add(journal);
        bench.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(suite);
            var chosen = suites.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
                ?? throw new CliUsageException(suites.Count == 0
                    ? $"unknown bench suite '{name}': this build has no bench suites"
                    : $"unknown bench suite '{name}'; known suites: {string.Join(", ", suites.Select(s => s.Name))}");

            var options = new BenchOptions(parse.GetValue(quick), parse.GetValue(journal), environment.Error);
            await environment.Error.WriteLineAsync($"bench {chosen.Name}: running{(options.Quick ? " (quick)" : string.Empty)}").ConfigureAwait(false);
            var figures = await chosen.RunAsync(options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await environment.Out.WriteLineAsync(ToJson(figures)).ConfigureAwait(false);
            }
            else
            {
                WriteTable(environment.Out, chosen, figures);
            }

            return KalshiActorsCli.Success;
        });
        return bench;
    }

    /// <summary>One JSON object, figure keys in the suite's order; a non-finite figure is null (JSON has no NaN).</summary>
    internal static string ToJson(IReadOnlyList<BenchFigure> figures)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var figure in figures)
            {
                if (double.IsFinite(figure.Value))
                {
                    writer.WriteNumber(figure.Key, figure.Value);
                }
                else
                {
                    writer.WriteNull(figure.Key);
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTable(TextWriter output, IBenchSuite suite, IReadOnlyList<BenchFigure> figures)
    {
        // Colour only on an interactive terminal: a redirected table must be plain text for files and scripts.
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var table = new Table().Title(Markup.Escape(suite.Name)).AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var figure in figures)
        {
            table.AddRow(Markup.Escape(figure.Key), figure.Value.ToString("#,##0.###", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
