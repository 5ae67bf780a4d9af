using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>Keeps SqliteException inside this project for streamed reads, where try/catch cannot surround a yield.</summary>
internal static class GuardedEnumerable
{
    public static async IAsyncEnumerable<T> Guard<T>(
        IAsyncEnumerable<T> source, Func<SqliteException, Exception> translate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = source.GetAsyncEnumerator(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw translate(ex);
        }

        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (SqliteException ex)
                {
                    throw translate(ex);
                }

                if (!moved)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
    }
}
