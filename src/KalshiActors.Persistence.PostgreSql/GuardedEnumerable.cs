using System.Runtime.CompilerServices;
using Npgsql;

namespace KalshiActors.Persistence.PostgreSql;

/// <summary>Keeps NpgsqlException inside this project for streamed reads, where try/catch cannot surround a yield.</summary>
internal static class GuardedEnumerable
{
    public static async IAsyncEnumerable<T> Guard<T>(
        IAsyncEnumerable<T> source, Func<NpgsqlException, Exception> translate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = source.GetAsyncEnumerator(cancellationToken);
        }
        catch (NpgsqlException ex)
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
                catch (NpgsqlException ex)
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
