using KalshiActors.Persistence.Journal;
using Npgsql;

namespace KalshiActors.Persistence.PostgreSql;

/// <summary>
/// The benchmark ceiling for the PostgreSQL journal: the same rows written into the same table by plain prepared
/// INSERTs, 1,000 per transaction (sent as one batch), with nothing of the journal around them.
/// </summary>
public static class PostgreSqlInsertBaseline
{
    /// <summary>Rows per transaction.</summary>
    public const int RowsPerTransaction = 1000;

    /// <summary>Writes <paramref name="rows"/> into the journal schema and returns how many were written.</summary>
    public static async Task<int> WriteAsync(string connectionString, PersistenceSettings settings, IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var database = await PostgreSqlDatabase.OpenAsync(connectionString, settings, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var sql = $"INSERT INTO {database.Schema}.event_journal (persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id) " +
                      "VALUES ($1, $2, $3, $4, '{}', $5, $6)";
            for (var start = 0; start < rows.Count; start += RowsPerTransaction)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var batch = new NpgsqlBatch(connection, transaction);
                for (var i = start; i < Math.Min(rows.Count, start + RowsPerTransaction); i++)
                {
                    var row = rows[i];
                    var command = new NpgsqlBatchCommand(sql);
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.PersistenceId });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.SequenceNr });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Manifest });
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = row.Payload.ToArray() });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Timestamp });
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.WriterId });
                    batch.BatchCommands.Add(command);
                }

                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return rows.Count;
        }
        catch (NpgsqlException ex)
        {
            throw database.Fail("writing the insert baseline", ex);
        }
    }
}
