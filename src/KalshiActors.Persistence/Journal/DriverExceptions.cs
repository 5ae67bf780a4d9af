using System.Runtime.CompilerServices;

namespace KalshiActors.Persistence.Journal;

/// <summary>
/// Keeps a storage driver's exceptions inside its backend for streamed reads, where try/catch cannot surround a
/// yield: every backend translates its driver exception through the same wrapper.
/// </summary>
public static class DriverExceptions
{
    /// <summary>Enumerates <paramref name="source"/>, rethrowing each <typeparamref name="TDriverException"/> as what <paramref name="translate"/> makes of it.</summary>
    public static async IAsyncEnumerable<T> Guard<T, TDriverException>(
        IAsyncEnumerable<T> source, Func<TDriverException, Exception> translate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TDriverException : Exception
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = source.GetAsyncEnumerator(cancellationToken);
        }
        catch (TDriverException ex)
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
                catch (TDriverException ex)
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
