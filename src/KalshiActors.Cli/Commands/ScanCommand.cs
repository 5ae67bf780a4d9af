using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KalshiActors.Domain.Protocol;
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
            var statistics = scan.Result.Statistics;
            var perSecond = scan.Elapsed.TotalSeconds > 0 ? scan.Result.Scan.MarketsScanned / scan.Elapsed.TotalSeconds : 0;
            await environment.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"scan: {scan.Where}: {scan.Result.Scan.MarketsScanned} markets, {scan.Result.Scan.Ranked.Count} ranked, {statistics.Requests} requests ({statistics.Pages} pages, {statistics.HistoryLookups} history lookups) in {scan.Elapsed.TotalMilliseconds:0} ms ({perSecond:0} markets/s)")).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                await environment.Out.WriteLineAsync(ToJson(scan, count)).ConfigureAwait(false);
            }
            else
            {
                WriteTable(environment.Out, scan, count);
            }

            return KalshiActorsCli.Success;
        });
        return command;
    }

    /// <summary>One JSON object: the scan's figures and the best <paramref name="top"/> markets, prices and money as fixed-point strings.</summary>
    internal static string ToJson(OneScanResult scan, int top)
    {
        var result = scan.Result;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", result.Scan.At);
            writer.WriteString("source", scan.Where);
            writer.WriteNumber("marketsScanned", result.Scan.MarketsScanned);
            writer.WriteNumber("rankedCount", result.Scan.Ranked.Count);
            writer.WriteNumber("requests", result.Statistics.Requests);
            writer.WriteNumber("pages", result.Statistics.Pages);
            writer.WriteNumber("historyLookups", result.Statistics.HistoryLookups);
            writer.WriteNumber("elapsedMs", (long)scan.Elapsed.TotalMilliseconds);
            writer.WriteStartObject("rejectedBy");
            foreach (var (filter, count) in result.Statistics.RejectedBy.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(filter, count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("ranked");
            foreach (var market in result.Scan.Ranked.Take(top))
            {
                writer.WriteStartObject();
                writer.WriteNumber("rank", market.Rank);
                writer.WriteString("ticker", market.Ticker.Value);
                writer.WriteString("eventTicker", market.EventTicker.Value);
                writer.WriteNumber("scoreMicros", market.ScoreMicros);
                writer.WriteString("yesBid", market.YesBid?.ToDollarString());
                writer.WriteString("yesAsk", market.YesAsk?.ToDollarString());
                writer.WriteString("lastPrice", market.LastPrice?.ToDollarString());
                writer.WriteString("spread", market.Spread?.ToDollarString());
                writer.WriteString("change24h", market.Change24h?.ToDollarString());
                writer.WriteString("change7d", market.Change7d?.ToDollarString());
                writer.WriteString("volume24h", market.Volume24h.ToFixedString());
                writer.WriteString("openInterest", market.OpenInterest.ToFixedString());
                writer.WriteString("liquidity", market.Liquidity.ToDollarString());
                WriteTime(writer, "closeTime", market.CloseTime);
                WriteTime(writer, "lastTradeAt", market.LastTradeAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
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

        var result = scan.Result;
        var table = new Table()
            .Title(Markup.Escape($"market scan: {result.Scan.Ranked.Count} of {result.Scan.MarketsScanned} markets ranked"))
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("ticker")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("bid").RightAligned())
            .AddColumn(new TableColumn("ask").RightAligned())
            .AddColumn(new TableColumn("last").RightAligned())
            .AddColumn(new TableColumn("spread").RightAligned())
            .AddColumn(new TableColumn("chg 24h").RightAligned())
            .AddColumn(new TableColumn("chg 7d").RightAligned())
            .AddColumn(new TableColumn("vol 24h").RightAligned())
            .AddColumn(new TableColumn("open int").RightAligned())
            .AddColumn(new TableColumn("liquidity").RightAligned())
            .AddColumn(new TableColumn("closes in").RightAligned())
            .AddColumn(new TableColumn("last trade").RightAligned());
        var now = result.Scan.At;
        foreach (var market in result.Scan.Ranked.Take(top))
        {
            table.AddRow(
                market.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(market.Ticker.Value),
                market.ScoreMicros.ToString(CultureInfo.InvariantCulture),
                market.YesBid?.ToDollarString() ?? "-",
                market.YesAsk?.ToDollarString() ?? "-",
                market.LastPrice?.ToDollarString() ?? "-",
                market.Spread?.ToDollarString() ?? "-",
                market.Change24h?.ToDollarString() ?? "-",
                market.Change7d?.ToDollarString() ?? "-",
                market.Volume24h.ToFixedString(),
                market.OpenInterest.ToFixedString(),
                market.Liquidity.ToDollarString(),
                market.CloseTime is { } close ? Ago(close - now) : "-",
                market.LastTradeAt is { } last ? Ago(now - last) + " ago" : "never");
        }

        if (result.Scan.Ranked.Count == 0)
        {
            table.Caption(Markup.Escape("no market passed the filters: " + Rejections(result.Statistics.RejectedBy)));
        }

        console.Write(table);
    }

    private static string Rejections(IReadOnlyDictionary<string, int> rejectedBy) =>
        rejectedBy.Count == 0 ? "no open markets" : string.Join(", ", rejectedBy.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    private static string Ago(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{Math.Max(0, (int)span.TotalSeconds)}s";
}
