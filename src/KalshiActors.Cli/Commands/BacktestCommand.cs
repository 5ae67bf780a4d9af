using System.CommandLine;
using System.Globalization;
using KalshiActors.Hosting.Backtest;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Logging;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace KalshiActors.Cli.Commands;

/// <summary>`backtest`: recorded market data through the production actors on a virtual clock; reports as JSON, CSV and SVG.</summary>
internal static class BacktestCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var data = new Option<string>("--data")
        {
            Description = "The recording: a JSONL file `run --record` wrote, a file of Kalshi WebSocket frames (one per line), or a directory of *.jsonl.",
            HelpName = "PATH",
            Required = true,
        };
        var strategies = new Option<string[]>("--strategies")
        {
            Description = "Strategy instance ids to run (comma-separated or repeated); default: every enabled instance of the configuration.",
            HelpName = "IDS",
            AllowMultipleArgumentsPerToken = true,
        };
        var from = new Option<string?>("--from") { Description = "Skip recorded messages before this time (RFC 3339).", HelpName = "TIME" };
        var to = new Option<string?>("--to") { Description = "Stop before this time (RFC 3339).", HelpName = "TIME" };
        var seed = new Option<long>("--seed") { Description = "Seed, recorded in the report (the pipeline draws no random numbers).", HelpName = "S" };
        var output = new Option<string>("--out")
        {
            Description = "Directory for report.json, metrics.csv, fills.csv, equity.csv and equity.svg (with --sweep: sweep.json and sweep.csv).",
            HelpName = "DIR",
            DefaultValueFactory = _ => "backtest-report",
        };
        var journal = new Option<string?>("--journal")
        {
            Description = "Journal the run's events to this URI (sqlite:PATH); default: in memory.",
            HelpName = "URI",
        };
        var sweep = new Option<string[]>("--sweep")
        {
            Description = "Strategy parameter grid, repeatable: key=v1,v2,... (key = parameter for every instance, or instance.parameter); runs every combination in parallel and ranks them.",
            HelpName = "KEY=VALUES",
        };
        var fillModel = new Option<string>("--fill-model")
        {
            Description = "How orders fill: paper (the paper queue model paper trading uses) or matching (the simulator's matching engine holding the recorded levels as resting orders).",
            HelpName = "paper|matching",
            DefaultValueFactory = _ => "paper",
        };
        fillModel.AcceptOnlyFromAmong("paper", "matching");
        var command = new Command(
            "backtest",
            "Run recorded market data through the same book, strategy, risk, router (paper queue model or the simulator's matching engine as fill model) and portfolio actors on a virtual clock; " +
            "writes P&L, fees, trades, win rate, Sharpe, Sortino, drawdown, exposure and turnover per strategy and market. " +
            "Uses --env backtest unless --env is given.")
        {
            data, strategies, from, to, seed, output, journal, sweep, fillModel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sources = global.Sources(parse, environment);
            var configuration = KalshiActorsConfiguration.Load(sources with { Environment = sources.Environment ?? "backtest" });
            var path = parse.GetRequiredValue(data);
            var chosen = parse.GetValue(strategies) is { Length: > 0 } ids
                ? ids.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList()
                : null;
            var grid = BacktestSweep.ParseGrid(parse.GetValue(sweep) ?? []);
            var outDirectory = parse.GetValue(output)!;
            var fromTime = Time(parse.GetValue(from), "--from");
            var toTime = Time(parse.GetValue(to), "--to");

            BacktestRecording recording;
            try
            {
                recording = BacktestRecording.Load(path, fromTime, toTime);
            }
            catch (BacktestDataException e)
            {
                throw new CliUsageException($"backtest: cannot read the recording: {e.Message}");
            }

            if (recording.StepCount == 0)
            {
                throw new CliUsageException($"backtest: {path} holds nothing between {parse.GetValue(from) ?? "the start"} and {parse.GetValue(to) ?? "the end"}");
            }

            using var serilog = KalshiActorsLogging.CreateLogger(configuration.Settings.Logging, Directory.GetCurrentDirectory());
            using var loggers = new SerilogLoggerFactory(serilog);
            var options = new BacktestOptions
            {
                Strategies = chosen,
                Seed = parse.GetValue(seed),
                JournalUri = parse.GetValue(journal),
                LoggerFactory = loggers,
                FillModel = parse.GetValue(fillModel) == "matching" ? BacktestFillModel.Matching : BacktestFillModel.Paper,
            };
            await environment.Error.WriteLineAsync(
                $"backtest: {recording.Events:N0} events ({recording.BookDeltas:N0} book deltas) in {recording.MarketCount} markets, " +
                $"{Iso(recording.Start)} to {Iso(recording.End)}").ConfigureAwait(false);
            try
            {
                if (grid.Count > 0)
                {
                    var ranked = await BacktestSweep.RunAsync(configuration, recording, options, grid, cancellationToken).ConfigureAwait(false);
                    var files = await BacktestSweep.WriteAsync(ranked, outDirectory, cancellationToken).ConfigureAwait(false);
                    await environment.Out.WriteAsync(BacktestSweep.Table(ranked)).ConfigureAwait(false);
                    await environment.Out.WriteLineAsync($"reports: {string.Join(", ", files)}").ConfigureAwait(false);
                    return KalshiActorsCli.Success;
                }

                var result = await RunWithProgressAsync(configuration, recording, options, environment, cancellationToken).ConfigureAwait(false);
                var paths = await BacktestReport.WriteAsync(result, outDirectory, cancellationToken).ConfigureAwait(false);
                await environment.Out.WriteAsync(BacktestReport.Summary(result)).ConfigureAwait(false);
                await environment.Out.WriteLineAsync($"reports: {string.Join(", ", paths)}").ConfigureAwait(false);
                await environment.Error.WriteLineAsync(
                    string.Create(CultureInfo.InvariantCulture, $"backtest: {result.EventsFed:N0} events in {result.PipelineTime.TotalSeconds:F2}s ({result.EventsFed / Math.Max(result.PipelineTime.TotalSeconds, 1e-9):N0} events/s)")).ConfigureAwait(false);
                return KalshiActorsCli.Success;
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"backtest: {e.Message}");
            }
        });
        return command;
    }

    private static async Task<BacktestResult> RunWithProgressAsync(
        KalshiActorsConfiguration configuration, BacktestRecording recording, BacktestOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        // The bar is for a person watching: only on a real terminal, never into a pipe or a test's writer.
        if (!ReferenceEquals(environment.Out, Console.Out) || Console.IsOutputRedirected || recording.Events < 100_000)
        {
            return await BacktestRunner.RunAsync(configuration, recording, options, cancellationToken).ConfigureAwait(false);
        }

        BacktestResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new EventsPerSecondColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("backtest", maxValue: recording.Events);
                result = await BacktestRunner.RunAsync(
                    configuration,
                    recording,
                    options with { Progress = (done, _) => task.Value = done },
                    cancellationToken).ConfigureAwait(false);
                task.Value = recording.Events;
            }).ConfigureAwait(false);
        return result!;
    }

    private static DateTimeOffset? Time(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new CliUsageException($"{option} '{text}' is not a time; write e.g. 2026-03-02T14:05:00Z");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Events per second from the task's own rate.
    private sealed class EventsPerSecondColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} events/s") : "- events/s");
    }
}
