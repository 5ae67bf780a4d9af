using System.CommandLine;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Hosting.Strategies;

namespace KalshiActors.Cli.Commands;

/// <summary>`strategies report` and `strategies calibration`: how the strategies did, read from the journal.</summary>
internal static class StrategiesCommand
{
    private static readonly string[] Formats = ["table", "json"];

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var strategies = new Command("strategies", "Strategy quality and calibration, read from the journal.");
        strategies.Subcommands.Add(Report(global, environment));
        strategies.Subcommands.Add(Calibration(global, environment));
        return strategies;
    }

    private static Option<string?> JournalOption() => new("--journal")
    {
        Description = $"Journal URI (sqlite:PATH, postgres:..., memory:); default kalshi-actors.persistence.journal-uri ({JournalInspector.DefaultUri}).",
        HelpName = "URI",
    };

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "Output format: table or json (one object per line).", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong(Formats);
        return option;
    }

    private static Command Report(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var format = FormatOption();
        var since = new Option<string?>("--since")
        {
            Description = "Only signals and fills at or after this time: ISO-8601 (2026-12-04T09:00Z) or a duration back from now (24h, 7d, 30m).",
            HelpName = "TIME",
        };
        var report = new Command("report", "Per strategy: signals, fills, hit rate, P&L after fees, average edge at entry vs realised.") { uri, since, format };
        report.SetAction(async (parse, cancellationToken) =>
        {
            var from = ParseSince(parse.GetValue(since));
            await Inspect(() => StrategyJournalReports.PrintReportAsync(
                JournalUriText(parse, uri, global, environment), from, parse.GetValue(format)!, environment.Out, cancellationToken)).ConfigureAwait(false);
            return KalshiActorsCli.Success;
        });
        return report;
    }

    private static Command Calibration(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var format = FormatOption();
        var strategy = new Option<string?>("--strategy") { Description = "Only this strategy instance (default: every one with buy signals).", HelpName = "ID" };
        var bins = new Option<int>("--bins") { Description = "Equal-width probability bins.", DefaultValueFactory = _ => 10, HelpName = "N" };
        var minSamples = new Option<int>("--min-samples") { Description = "Prior weight of the model's own value in a bin.", DefaultValueFactory = _ => 20, HelpName = "N" };
        var calibration = new Command("calibration", "The table model P(YES) -> realised frequency learned from settled outcomes (what `calibrate = on` applies).")
        {
            uri, strategy, bins, minSamples, format,
        };
        calibration.SetAction(async (parse, cancellationToken) =>
        {
            var binCount = parse.GetValue(bins);
            var weight = parse.GetValue(minSamples);
            if (binCount < 1 || weight < 1)
            {
                throw new CliUsageException($"--bins {binCount} --min-samples {weight}: both must be at least 1");
            }

            await Inspect(() => StrategyJournalReports.PrintCalibrationAsync(
                JournalUriText(parse, uri, global, environment), parse.GetValue(strategy), binCount, weight, parse.GetValue(format)!, environment.Out, cancellationToken)).ConfigureAwait(false);
            return KalshiActorsCli.Success;
        });
        return calibration;
    }

    /// <summary>--since as a time, or null when not given; a bad value is a usage error.</summary>
    private static DateTimeOffset? ParseSince(string? text)
    {
        try
        {
            return StrategyJournalReports.ParseSince(text, TimeProvider.System.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }

    private static string JournalUriText(ParseResult parse, Option<string?> uri, GlobalOptions global, CliEnvironment environment) =>
        parse.GetValue(uri) ?? KalshiActorsConfiguration.Load(global.Sources(parse, environment)).JournalUri;

    private static async Task Inspect(Func<Task> inspection)
    {
        try
        {
            await inspection().ConfigureAwait(false);
        }
        catch (JournalLocationException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
