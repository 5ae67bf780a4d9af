using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using Spectre.Console;

namespace KalshiActors.Hosting.Persistence;

/// <summary>Reads a journal as stored (manifest and JSON payload) for `journal events` and `journal stats`, without knowing its event types.</summary>
public static class JournalInspector
{
    /// <summary>The journal URI used when neither --journal nor configuration names one.</summary>
    public static string DefaultUri => JournalUri.Default;

    /// <summary>Prints events by persistence id (first/last are sequence numbers) or by global ordering, optionally of one tag.</summary>
    /// <exception cref="JournalLocationException">The URI is malformed or names no journal.</exception>
    public static async Task PrintEventsAsync(
        string uri, string? persistenceId, string? tag, long first, long last, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var storage = await OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        var rows = persistenceId is not null
            ? storage.ReadEventsAsync(persistenceId, first, last, long.MaxValue, cancellationToken)
            : ByOrdering(storage, tag, first, last, cancellationToken);
        await Print(output, format, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prints events per persistence id, tag and manifest, the journal's size and its highest ordering.</summary>
    /// <exception cref="JournalLocationException">The URI is malformed or names no journal.</exception>
    public static async Task PrintStatisticsAsync(string uri, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var storage = await OpenAsync(uri, cancellationToken).ConfigureAwait(false);
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
            switch (format)
            {
                case "json":
                    await output.WriteLineAsync(StatsJson(statistics)).ConfigureAwait(false);
                    break;
                case "csv":
                    await output.WriteLineAsync("group,key,count").ConfigureAwait(false);
                    foreach (var (group, key, count) in rows)
                    {
                        await output.WriteLineAsync($"{group},{Csv(key)},{count.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                    }

                    break;
                default:
                    var table = new Table().AddColumn("group").AddColumn("key").AddColumn(new TableColumn("count").RightAligned());
                    foreach (var (group, key, count) in rows)
                    {
                        table.AddRow(group, Markup.Escape(key), count.ToString("#,##0", CultureInfo.InvariantCulture));
                    }

                    Console(output).Write(table);
                    break;
            }

    }

    private static async Task<IJournalStorage> OpenAsync(string text, CancellationToken cancellationToken)
    {
        JournalUri parsed;
        try
        {
            parsed = JournalUri.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new JournalLocationException(ex.Message);
        }

        if (parsed.Kind == JournalKind.Sqlite && !File.Exists(parsed.Target))
        {
            // Reading must not create an empty journal where the user mistyped a path.
            throw new JournalLocationException($"{parsed.Target}: no journal file there; check --journal (sqlite:PATH)");
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

/// <summary>A journal URI that is malformed or points at no journal; the message says which and what to write instead.</summary>
public sealed class JournalLocationException(string message) : Exception(message);
