using System.CommandLine;
using System.Globalization;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Logging;
using KalshiActors.Hosting.Node;
using Serilog.Extensions.Logging;

namespace KalshiActors.Cli.Commands;

/// <summary>`run`: starts the trading node in the configured mode until --duration elapses or Ctrl+C / SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var duration = new Option<string?>("--duration")
        {
            Description = "Stop by itself after this long (e.g. 90s, 10m, 2h); default: run until Ctrl+C or SIGTERM.",
            HelpName = "TIME",
        };
        var record = new Option<string?>("--record")
        {
            Description = "Also write every market-data message received to DIR/market-data-<time>.jsonl, for backtests.",
            HelpName = "DIR",
        };
        var confirmLive = new Option<bool>("--confirm-live")
        {
            Description = "Required with --env live or demo: confirms that real orders go to the exchange.",
        };
        var dashboardUrl = new Option<string?>("--dashboard-url")
        {
            Description = "Serve the dashboard here instead of kalshi-actors.dashboard.url (default http://127.0.0.1:8000).",
            HelpName = "URL",
        };
        var command = new Command(
            "run",
            "Run the trading node: market data -> strategies -> risk guardian -> order routers -> portfolio, every step journaled. " +
            "--env simulator (default, offline: embedded exchange on loopback), paper (simulated fills, no orders sent), demo or live (API keys and --confirm-live).");
        command.Options.Add(duration);
        command.Options.Add(record);
        command.Options.Add(confirmLive);
        command.Options.Add(dashboardUrl);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runFor = parse.GetValue(duration) is { } text ? ParseDuration(text) : (TimeSpan?)null;
            var configuration = KalshiActorsConfiguration.Load(global.Sources(parse, environment));
            using var serilog = KalshiActorsLogging.CreateLogger(configuration.Settings.Logging, Directory.GetCurrentDirectory());
            using var loggers = new SerilogLoggerFactory(serilog);
            var error = TextWriter.Synchronized(environment.Error);
            TradingNode node;
            try
            {
                node = await TradingNode.StartAsync(
                    configuration,
                    new TradingNodeOptions
                    {
                        ConfirmLive = parse.GetValue(confirmLive),
                        RecordDirectory = parse.GetValue(record),
                        LookupVariable = environment.Lookup,
                        StatusOutput = line => error.WriteLine(line),
                        LoggerFactory = loggers,
                        DashboardUrl = parse.GetValue(dashboardUrl),
                        NoticeOutput = line => error.WriteLine(line),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (NodeStartRefusedException e)
            {
                throw new CliUsageException($"run refused: {e.Message}");
            }

            await using (node.ConfigureAwait(false))
            {
                await error.WriteLineAsync(
                    $"node running: {node.Exchange.Description}; {node.Strategies.Count} strategies; " +
                    (runFor is { } d ? $"stops after {TradingNode.Describe(d)}" : "Ctrl+C to stop")).ConfigureAwait(false);
                var summary = await node.RunAsync(runFor, cancellationToken).ConfigureAwait(false);
                foreach (var line in summary.ToLines())
                {
                    await environment.Out.WriteLineAsync(line).ConfigureAwait(false);
                }

                await environment.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return KalshiActorsCli.Success;
        });
        return command;
    }

    /// <summary>`90s`, `10m`, `2h`, `1d`, `500ms` or a TimeSpan (`00:10:00`); positive.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        TimeSpan? value = null;
        if (split > 0 && decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            var seconds = trimmed[split..].Trim().ToLowerInvariant() switch
            {
                "ms" => number / 1000m,
                "s" or "sec" or "" => number,
                "m" or "min" => number * 60m,
                "h" => number * 3600m,
                "d" => number * 86400m,
                _ => (decimal?)null,
            };
            value = seconds is { } s ? TimeSpan.FromMilliseconds((double)(s * 1000m)) : null;
        }

        if (value is null && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
        {
            value = span;
        }

        return value is { } positive && positive > TimeSpan.Zero
            ? positive
            : throw new CliUsageException($"--duration '{text}' is not a positive duration; write e.g. 90s, 10m, 2h or 00:10:00");
    }
}
