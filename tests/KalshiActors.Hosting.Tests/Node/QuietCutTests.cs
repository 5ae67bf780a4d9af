using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>The quiet cut the node's digest is taken at: the state holds exactly the events up to the ordering it reports.</summary>
public sealed class QuietCutTests
{
    /// <summary>A journal whose writes land only when awaited, and an actor that applies its event before the write (PersistAsync).</summary>
    private sealed class EagerWriter(long ordering)
    {
        private int _inFlight;

        public long Ordering { get; private set; } = ordering;

        public int Applied { get; private set; }

        public int Collections { get; private set; }

        public void ApplyAndWrite()
        {
            Applied++;
            _inFlight++;
        }

        public Task WhenWritten()
        {
            Ordering += _inFlight;
            _inFlight = 0;
            return Task.CompletedTask;
        }

        public Task<int> Collect(Action? meanwhile = null)
        {
            Collections++;
            var state = Applied;
            meanwhile?.Invoke();
            return Task.FromResult(state);
        }
    }

    [Fact]
    public async Task StillJournal_OneCollection_AtItsOrdering()
    {
        var journal = new EagerWriter(40);
        journal.ApplyAndWrite();

        var cut = await QuietCut.TakeAsync(() => Task.FromResult(journal.Ordering), journal.WhenWritten, () => journal.Collect(), TimeProvider.System, CancellationToken.None);

        // The write in flight before the cut is waited for: the state holds it, and so does the ordering.
        Assert.Equal(new QuietCut<int>(1, 41, Quiet: true, Attempts: 1), cut);
    }

    [Fact]
    public async Task AnEventAppliedButUnwrittenWhenCollected_CountsInTheOrdering_ByTryingAgain()
    {
        var journal = new EagerWriter(40);
        var first = true;

        // The first collection sees an event applied whose write is still in flight.
        var cut = await QuietCut.TakeAsync(
            () => Task.FromResult(journal.Ordering),
            journal.WhenWritten,
            () =>
            {
                if (first)
                {
                    first = false;
                    journal.ApplyAndWrite();
                }

                return journal.Collect();
            },
            TimeProvider.System,
            CancellationToken.None);

        Assert.Equal(new QuietCut<int>(1, 41, Quiet: true, Attempts: 2), cut);
    }

    [Fact]
    public async Task AnEventStoredAfterAPartWasTaken_IsNotCoveredByTheOrdering_ByTryingAgain()
    {
        var journal = new EagerWriter(40);
        var collections = 0;

        // Two collections each see the journal move after the state was read; the third is quiet.
        var cut = await QuietCut.TakeAsync(
            () => Task.FromResult(journal.Ordering),
            journal.WhenWritten,
            () => journal.Collect(++collections <= 2 ? journal.ApplyAndWrite : null),
            TimeProvider.System,
            CancellationToken.None);

        Assert.Equal(new QuietCut<int>(2, 42, Quiet: true, Attempts: 3), cut);
    }

    [Fact]
    public async Task AJournalThatNeverStandsStill_GivesTheLastCollection_NotQuiet()
    {
        var journal = new EagerWriter(0);

        var cut = await QuietCut.TakeAsync(
            () => Task.FromResult(journal.Ordering), journal.WhenWritten, () => journal.Collect(journal.ApplyAndWrite), TimeProvider.System, CancellationToken.None);

        Assert.False(cut.Quiet);
        Assert.Equal(QuietCut.Attempts, cut.Attempts);
        Assert.Equal(QuietCut.Attempts, journal.Collections);
        Assert.Equal((QuietCut.Attempts - 1, (long)QuietCut.Attempts), (cut.Value, cut.Ordering));
    }
}
