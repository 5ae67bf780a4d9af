using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KalshiActors.Hosting.Replay;

/// <summary>One line of the audit trail: what happened, in journal order, with the journal row it comes from.</summary>
/// <param name="Ordering">The event's global ordering (rows from one event share it).</param>
/// <param name="Time">When the event was journaled.</param>
/// <param name="Kind">signal, intent, risk_decision, order, fill, position, portfolio, alert, breaker, risk_state, operator_command, configuration, market, digest, other or unknown.</param>
/// <param name="Market">The market ticker, when the event concerns one.</param>
/// <param name="Strategy">The strategy instance, when known (order events inherit it from their submission).</param>
/// <param name="ClientOrderId">The order, when the event concerns one.</param>
/// <param name="IntentId">The intent, when the event concerns one.</param>
/// <param name="Summary">One line a person reads: the decision, reason and figures.</param>
/// <param name="Manifest">The stored manifest.</param>
/// <param name="PersistenceId">The stream that wrote it.</param>
/// <param name="SequenceNr">Its position in that stream.</param>
/// <param name="Details">The event as stored (JSON), so nothing is lost.</param>
public sealed record AuditRow(
    long Ordering,
    DateTimeOffset Time,
    string Kind,
    string? Market,
    string? Strategy,
    string? ClientOrderId,
    string? IntentId,
    string Summary,
    string Manifest,
    string PersistenceId,
    long SequenceNr,
    string Details)
{
    /// <summary>The CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "ordering,time,kind,market,strategy,client_order_id,intent_id,summary,manifest,persistence_id,sequence_nr,details";

    /// <summary>The row as one CSV line (RFC 4180 quoting).</summary>
    public string ToCsv() => string.Join(
        ',',
        Ordering.ToString(CultureInfo.InvariantCulture),
        FormatTime(Time),
        Kind,
        Csv(Market),
        Csv(Strategy),
        Csv(ClientOrderId),
        Csv(IntentId),
        Csv(Summary),
        Csv(Manifest),
        Csv(PersistenceId),
        SequenceNr.ToString(CultureInfo.InvariantCulture),
        Csv(Details));

    /// <summary>The row as one JSON object (keys as the CSV header; details embedded as JSON when it is JSON).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("ordering", Ordering);
            json.WriteString("time", FormatTime(Time));
            json.WriteString("kind", Kind);
            WriteNullable(json, "market", Market);
            WriteNullable(json, "strategy", Strategy);
            WriteNullable(json, "client_order_id", ClientOrderId);
            WriteNullable(json, "intent_id", IntentId);
            json.WriteString("summary", Summary);
            json.WriteString("manifest", Manifest);
            json.WriteString("persistence_id", PersistenceId);
            json.WriteNumber("sequence_nr", SequenceNr);
            json.WritePropertyName("details");
            if (IsJson(Details))
            {
                json.WriteRawValue(Details);
            }
            else
            {
                json.WriteStringValue(Details);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>ISO 8601 UTC with milliseconds, as every replay output writes times.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Csv(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
