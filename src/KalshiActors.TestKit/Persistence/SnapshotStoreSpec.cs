using KalshiActors.Persistence.Snapshots;
using Xunit;

namespace KalshiActors.Testing.Persistence;

/// <summary>The snapshot-store contract every backend must pass: save, load by criteria, delete exact and by criteria.</summary>
public abstract class SnapshotStoreSpec : IAsyncLifetime
{
    private SnapshotStore? _store;

    /// <summary>The store under test (fresh and empty for each test).</summary>
    protected SnapshotStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates an empty storage for one test.</summary>
    protected abstract Task<ISnapshotStorage> CreateStorageAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _store = new SnapshotStore(await CreateStorageAsync().ConfigureAwait(false), SpecEvents.CreateRegistry());

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SaveFive(string persistenceId)
    {
        for (var seq = 10; seq <= 50; seq += 10)
        {
            await Store.SaveAsync(new SnapshotMetadata(persistenceId, seq, seq * 100), new SpecState(seq, [$"item-{seq}"])).ConfigureAwait(false);
        }
    }

    /// <summary>Loading with no snapshot stored gives null.</summary>
    [Fact]
    public async Task SnapshotStore_must_load_nothing_when_none_was_saved() =>
        Assert.Null(await Store.LoadAsync("a", SnapshotSelectionCriteria.Latest));

    /// <summary>The youngest snapshot is loaded, with its metadata and state intact.</summary>
    [Fact]
    public async Task SnapshotStore_must_load_the_youngest_snapshot()
    {
        await SaveFive("a");
        await SaveFive("b");

        var loaded = await Store.LoadAsync("a", SnapshotSelectionCriteria.Latest);

        Assert.NotNull(loaded);
        Assert.Equal(new SnapshotMetadata("a", 50, 5000), loaded.Metadata);
        var state = Assert.IsType<SpecState>(loaded.Snapshot);
        Assert.Equal(50, state.Count);
        Assert.Equal(["item-50"], state.Items);
    }

    /// <summary>Criteria bound the sequence number and timestamp considered.</summary>
    [Fact]
    public async Task SnapshotStore_must_honour_selection_criteria()
    {
        await SaveFive("a");

        Assert.Equal(30, (await Store.LoadAsync("a", new SnapshotSelectionCriteria(35)))?.Metadata.SequenceNr);
        Assert.Equal(20, (await Store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, MaxTimestamp: 2500)))?.Metadata.SequenceNr);
        Assert.Null(await Store.LoadAsync("a", new SnapshotSelectionCriteria(5)));
        Assert.Null(await Store.LoadAsync("a", SnapshotSelectionCriteria.None));
    }

    /// <summary>Deleting one snapshot exposes the next older one.</summary>
    [Fact]
    public async Task SnapshotStore_must_delete_a_single_snapshot()
    {
        await SaveFive("a");

        await Store.DeleteAsync(new SnapshotMetadata("a", 50, 5000));

        Assert.Equal(40, (await Store.LoadAsync("a", SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);
    }

    /// <summary>Deleting by criteria removes exactly the matching snapshots of that id.</summary>
    [Fact]
    public async Task SnapshotStore_must_delete_by_criteria()
    {
        await SaveFive("a");
        await SaveFive("b");

        await Store.DeleteAsync("a", new SnapshotSelectionCriteria(30, MinSequenceNr: 20));

        Assert.Equal(10, (await Store.LoadAsync("a", new SnapshotSelectionCriteria(30)))?.Metadata.SequenceNr);
        Assert.Equal(50, (await Store.LoadAsync("a", SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);
        Assert.Equal(30, (await Store.LoadAsync("b", new SnapshotSelectionCriteria(30)))?.Metadata.SequenceNr);
    }

    /// <summary>Saving again at the same sequence number replaces the state.</summary>
    [Fact]
    public async Task SnapshotStore_must_replace_a_snapshot_saved_again_at_the_same_sequence_nr()
    {
        await Store.SaveAsync(new SnapshotMetadata("a", 7, 1), new SpecState(1, ["first"]));
        await Store.SaveAsync(new SnapshotMetadata("a", 7, 2), new SpecState(2, ["second"]));

        var loaded = await Store.LoadAsync("a", SnapshotSelectionCriteria.Latest);

        Assert.Equal(["second"], Assert.IsType<SpecState>(loaded?.Snapshot).Items);
    }
}
