using System.CommandLine;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Logging;
using KalshiActors.Hosting.Scanning;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace KalshiActors.Cli.Commands;

/// <summary>`scan`: one market scan against the configured exchange (the embedded simulator by default), ranked best first.</summary>
internal static class ScanCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var top = new Option<int>("--top") { Description = "Show the best N markets.", HelpName = "N", DefaultValueFactory = _ => 20 };
        var format = new Option<string>("--format") { Description = "table (default) or json (one object on stdout).", HelpName = "FORMAT", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var warmUp = new Option<string?>("--warm-up")
        {
            Description = "With the embedded simulator: let its participants quote and trade this long before scanning (default 5s).",
            HelpName = "TIME",
        };
        var command = new Command(
            "scan",
            "Scan every open market once with the kalshi-actors.scanner filters and print the ranking (reads only; nothing is sent). " +
            "--env simulator (default) scans the embedded simulator; demo or live scan the exchange's public market data.");
        command.Options.Add(top);
        command.Options.Add(format);
        command.Options.Add(warmUp);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(top);
            if (count < 1)
            {
                throw new CliUsageException($"--top must be at least 1 (got {count})");
            }

            var wait = parse.GetValue(warmUp) is { } text ? RunCommand.ParseDuration(text) : TimeSpan.FromSeconds(5);
            var configuration = KalshiActorsConfiguration.Load(global.Sources(parse, environment));
            using var serilog = KalshiActorsLogging.CreateLogger(configuration.Settings.Logging, Directory.GetCurrentDirectory());
            using var loggers = new SerilogLoggerFactory(serilog);
            await environment.Error.WriteLineAsync("scan: scanning open markets").ConfigureAwait(false);
            var scan = await OneScan.RunAsync(configuration, environment.Lookup, wait, loggers, cancellationToken).ConfigureAwait(false);
            await environment.Error.WriteLineAsync(ScanReport.Summary(scan)).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                await environment.Out.WriteLineAsync(ScanReport.ToJson(scan, count)).ConfigureAwait(false);
            }
            else
            {
                WriteTable(environment.Out, scan, count);
            }

            return KalshiActorsCli.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, OneScanResult scan, int top)
    {
        // Colour only on an interactive terminal: a redirected table must be plain text for files and scripts.
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });

        // Fourteen columns and long tickers: a redirected table gets room for one line per market.
        if (!interactive)
        {
            console.Profile.Width = 200;
        }

        var table = new Table().Title(Markup.Escape(ScanReport.Title(scan)));
        foreach (var (column, index) in ScanReport.Columns.Select((c, i) => (c, i)))
        {
            // The ticker is text; every other column is a figure and reads best right-aligned.
            table.AddColumn(index == 1 ? new TableColumn(column) : new TableColumn(column).RightAligned());
        }

        foreach (var row in ScanReport.Rows(scan, top))
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        if (ScanReport.EmptyCaption(scan) is { } caption)
        {
            table.Caption(Markup.Escape(caption));
        }

        console.Write(table);
    }
}
