namespace KalshiActors.Hosting.Node;

/// <summary>
/// Collects state from actors at a moment when the journal stood still, so that it holds exactly the events up to one
/// ordering: what a replay to that ordering must reproduce.
/// </summary>
/// <remarks>
/// An actor that applies an event before its write (PersistAsync) can hold one that is not in the journal yet, and an
/// event stored while the state is collected can be in the journal but missing from a part already taken. So: wait for
/// every write handed to the journal, read its highest ordering, collect, wait for the writes again and read again. When
/// the two readings agree, nothing was stored meanwhile, and nothing collected was still unwritten. Otherwise it tries
/// again after a pause, up to <see cref="Attempts"/> times, and then returns the last collection, not quiet.
/// </remarks>
internal static class QuietCut
{
    /// <summary>Collections tried before one is returned as not quiet.</summary>
    public const int Attempts = 20;

    /// <summary>The pause between attempts.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(25);

    /// <summary>Collects with <paramref name="collect"/> at a quiet moment (see the remarks).</summary>
    /// <param name="highestOrdering">Reads the journal's highest ordering.</param>
    /// <param name="whenWritten">Completes once every write handed to the journal so far is answered.</param>
    /// <param name="collect">Collects the state.</param>
    /// <param name="time">The clock the pauses run on.</param>
    /// <param name="cancellationToken">Cancels the pauses and is passed on by the callers' delegates.</param>
    public static async Task<QuietCut<T>> TakeAsync<T>(
        Func<Task<long>> highestOrdering, Func<Task> whenWritten, Func<Task<T>> collect, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(highestOrdering);
        ArgumentNullException.ThrowIfNull(whenWritten);
        ArgumentNullException.ThrowIfNull(collect);
        for (var attempt = 1; ; attempt++)
        {
            await whenWritten().ConfigureAwait(false);
            var before = await highestOrdering().ConfigureAwait(false);
            var value = await collect().ConfigureAwait(false);
            await whenWritten().ConfigureAwait(false);
            var after = await highestOrdering().ConfigureAwait(false);
            if (after == before || attempt == Attempts)
            {
                return new QuietCut<T>(value, after, after == before, attempt);
            }

            await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>State collected by <see cref="QuietCut.TakeAsync"/>, the journal ordering it covers, whether the journal stood still meanwhile, and after how many attempts.</summary>
internal sealed record QuietCut<T>(T Value, long Ordering, bool Quiet, int Attempts);
