using KalshiActors.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>
/// The benchmark ceiling for the SQLite journal: the same rows written into the same table by plain prepared INSERTs,
/// 1,000 per transaction, with nothing of the journal around them (no serialization, no actors, no batching logic).
/// </summary>
public static class SqliteInsertBaseline
{
    /// <summary>Rows per transaction.</summary>
    public const int RowsPerTransaction = 1000;

    /// <summary>Writes <paramref name="rows"/> into the journal file at <paramref name="path"/> and returns how many were written.</summary>
    public static int Write(string path, PersistenceSettings settings, IReadOnlyList<JournalRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var database = SqliteDatabase.Open(path, settings, checkIntegrity: true);
        try
        {
            using var connection = database.OpenConnection();
            using var insert = connection.CreateCommand();
            insert.CommandText =
                "INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id) " +
                "VALUES ($id, $seq, $manifest, $payload, $tags, $ts, $writer)";
            var parameters = new[] { "$id", "$seq", "$manifest", "$payload", "$tags", "$ts", "$writer" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
                .ToArray();
            for (var start = 0; start < rows.Count; start += RowsPerTransaction)
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                insert.Transaction = transaction;
                for (var i = start; i < Math.Min(rows.Count, start + RowsPerTransaction); i++)
                {
                    var row = rows[i];
                    parameters[0].Value = row.PersistenceId;
                    parameters[1].Value = row.SequenceNr;
                    parameters[2].Value = row.Manifest;
                    parameters[3].Value = row.Payload.ToArray();
                    parameters[4].Value = string.Empty;
                    parameters[5].Value = row.Timestamp;
                    parameters[6].Value = row.WriterId;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return rows.Count;
        }
        catch (SqliteException ex)
        {
            throw database.Fail("writing the insert baseline", ex);
        }
    }
}
