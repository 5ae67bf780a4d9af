using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using Spectre.Console;

namespace KalshiActors.Cli.Commands;

/// <summary>`journal events` and `journal stats`: read a journal from the shell without knowing its event types.</summary>
internal static class JournalCommand
{
    private static readonly string[] Formats = ["table", "json", "csv"];

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var journal = new Command("journal", "Inspect an event journal (rows as stored: manifest and JSON payload).");
        journal.Subcommands.Add(Events(global, environment));
        journal.Subcommands.Add(Stats(global, environment));
        return journal;
    }

    private static Option<string?> JournalOption() => new("--journal")
    {
        Description = $"Journal URI: sqlite:PATH, postgres:CONNECTION-STRING (password also via PGPASSWORD) or memory:; default kalshi-actors.persistence.journal-uri ({JournalUri.Default}).",
        HelpName = "URI",
    };

    private static Option<string> FormatOption(string fallback)
    {
        var option = new Option<string>("--format") { Description = "Output format: table, json (one object per line) or csv.", DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(Formats);
        return option;
    }

    private static Command Events(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var persistenceId = new Option<string?>("--persistence-id") { Description = "Only this persistence id; --from/--to are then sequence numbers.", HelpName = "ID" };
        var tag = new Option<string?>("--tag") { Description = "Only events with this tag; --from/--to are then global orderings.", HelpName = "T" };
        var from = new Option<long?>("--from") { Description = "First sequence number (with --persistence-id) or global ordering (otherwise).", HelpName = "N" };
        var to = new Option<long?>("--to") { Description = "Last sequence number or global ordering, inclusive.", HelpName = "N" };
        var format = FormatOption("table");
        var events = new Command("events", "List stored events in order.") { uri, persistenceId, tag, from, to, format };
        events.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(persistenceId);
            var tagName = parse.GetValue(tag);
            if (id is not null && tagName is not null)
            {
                throw new CliUsageException("--persistence-id and --tag cannot be combined; pick one");
            }

            var first = parse.GetValue(from) ?? 1;
            var last = parse.GetValue(to) ?? long.MaxValue;
            if (first < 0 || last < first)
            {
                throw new CliUsageException($"--from {first} --to {last} is not a range; use 0 <= from <= to");
            }

            await using var storage = await Open(parse, uri, global, environment, cancellationToken).ConfigureAwait(false);
            var rows = id is not null
                ? storage.ReadEventsAsync(id, first, last, long.MaxValue, cancellationToken)
                : ByOrdering(storage, tagName, first, last, cancellationToken);
            await Print(environment.Out, parse.GetValue(format)!, rows, cancellationToken).ConfigureAwait(false);
            return KalshiActorsCli.Success;
        });
        return events;
    }

    private static Command Stats(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var format = FormatOption("table");
        var stats = new Command("stats", "Events per persistence id, tag and manifest; size and highest ordering.") { uri, format };
        stats.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await Open(parse, uri, global, environment, cancellationToken).ConfigureAwait(false);
            var statistics = await storage.ReadStatisticsAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<(string Group, string Key, long Count)>
            {
                ("journal", "events", statistics.EventCount),
                ("journal", "highest-ordering", statistics.HighestOrdering),
                ("journal", "size-bytes", statistics.SizeBytes),
            };
            rows.AddRange(statistics.ByPersistenceId.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("persistence-id", p.Key, p.Value)));
            rows.AddRange(statistics.ByTag.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("tag", p.Key, p.Value)));
            rows.AddRange(statistics.ByManifest.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("manifest", p.Key, p.Value)));
            switch (parse.GetValue(format))
            {
                case "json":
                    await environment.Out.WriteLineAsync(StatsJson(statistics)).ConfigureAwait(false);
                    break;
                case "csv":
                    await environment.Out.WriteLineAsync("group,key,count").ConfigureAwait(false);
                    foreach (var (group, key, count) in rows)
                    {
                        await environment.Out.WriteLineAsync($"{group},{Csv(key)},{count.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                    }

                    break;
                default:
                    var table = new Table().AddColumn("group").AddColumn("key").AddColumn(new TableColumn("count").RightAligned());
                    foreach (var (group, key, count) in rows)
                    {
                        table.AddRow(group, Markup.Escape(key), count.ToString("#,##0", CultureInfo.InvariantCulture));
                    }

                    Console(environment.Out).Write(table);
                    break;
            }

            return KalshiActorsCli.Success;
        });
        return stats;
    }

    private static async Task<IJournalStorage> Open(
        ParseResult parse, Option<string?> uri, GlobalOptions global, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(uri)
                   ?? KalshiActorsConfiguration.Load(global.Sources(parse, environment)).Config.GetString("kalshi-actors.persistence.journal-uri");
        JournalUri parsed;
        try
        {
            parsed = JournalUri.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        if (parsed.Kind == JournalKind.Sqlite && !File.Exists(parsed.Target))
        {
            // Reading must not create an empty journal where the user mistyped a path.
            throw new CliUsageException($"{parsed.Target}: no journal file there; check --journal (sqlite:PATH)");
        }

        return await JournalStorages.OpenJournalAsync(text, new PersistenceSettings(), cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<JournalRow> ByOrdering(IJournalStorage storage, string? tag, long first, long last, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Page = 1000;
        var after = first - 1;
        while (true)
        {
            var count = 0;
            var page = tag is null ? storage.ReadAllAsync(after, Page, cancellationToken) : storage.ReadTaggedAsync(tag, after, Page, cancellationToken);
            await foreach (var row in page.ConfigureAwait(false))
            {
                if (row.Ordering > last)
                {
                    yield break;
                }

                count++;
                after = row.Ordering;
                yield return row;
            }

            if (count < Page)
            {
                yield break;
            }
        }
    }

    private static async Task Print(TextWriter output, string format, IAsyncEnumerable<JournalRow> rows, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case "json":
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    await output.WriteLineAsync(RowJson(row)).ConfigureAwait(false);
                }

                break;
            case "csv":
                await output.WriteLineAsync("ordering,persistence_id,sequence_nr,manifest,timestamp,tags,payload").ConfigureAwait(false);
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    await output.WriteLineAsync(string.Join(',',
                        row.Ordering.ToString(CultureInfo.InvariantCulture), Csv(row.PersistenceId), row.SequenceNr.ToString(CultureInfo.InvariantCulture),
                        Csv(row.Manifest), Time(row.Timestamp), Csv(string.Join(' ', row.Tags)), Csv(Encoding.UTF8.GetString(row.Payload.Span)))).ConfigureAwait(false);
                }

                break;
            default:
                var table = new Table().AddColumn("ordering").AddColumn("persistence id").AddColumn("seq").AddColumn("manifest").AddColumn("time").AddColumn("tags").AddColumn("payload");
                await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    table.AddRow(
                        row.Ordering.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.PersistenceId), row.SequenceNr.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(row.Manifest), Time(row.Timestamp), Markup.Escape(string.Join(' ', row.Tags)), Markup.Escape(Encoding.UTF8.GetString(row.Payload.Span)));
                }

                Console(output).Write(table);
                break;
        }
    }

    private static string RowJson(JournalRow row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("ordering", row.Ordering);
            writer.WriteString("persistence_id", row.PersistenceId);
            writer.WriteNumber("sequence_nr", row.SequenceNr);
            writer.WriteString("manifest", row.Manifest);
            writer.WriteString("timestamp", Time(row.Timestamp));
            writer.WriteStartArray("tags");
            foreach (var t in row.Tags)
            {
                writer.WriteStringValue(t);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("payload");
            try
            {
                writer.WriteRawValue(row.Payload.Span);
            }
            catch (JsonException)
            {
                // A corrupt payload is shown as text rather than aborting the listing.
                writer.WriteStringValue(Encoding.UTF8.GetString(row.Payload.Span));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string StatsJson(JournalStatistics statistics)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("events", statistics.EventCount);
            writer.WriteNumber("highest_ordering", statistics.HighestOrdering);
            writer.WriteNumber("size_bytes", statistics.SizeBytes);
            foreach (var (name, counts) in new[] { ("by_persistence_id", statistics.ByPersistenceId), ("by_tag", statistics.ByTag), ("by_manifest", statistics.ByManifest) })
            {
                writer.WriteStartObject(name);
                foreach (var pair in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteNumber(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IAnsiConsole Console(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
    });
}
