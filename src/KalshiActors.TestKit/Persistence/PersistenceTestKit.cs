using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using Xunit.Abstractions;

namespace KalshiActors.Testing.Persistence;

/// <summary>
/// A <see cref="TestKit"/> whose system has persistence started on in-memory storage, so persistent actors can be tested
/// (and stopped and recreated to test recovery) without files. <see cref="Storage"/> outlives actors within a test.
/// </summary>
public abstract class PersistenceTestKit : TestKit
{
    /// <summary>Creates the system and starts persistence with the events <paramref name="registerEvents"/> registers.</summary>
    protected PersistenceTestKit(
        Action<EventRegistry> registerEvents,
        ITestOutputHelper? output = null,
        KernelSettings? settings = null,
        TimeProvider? timeProvider = null,
        TestKitSettings? testKitSettings = null)
        : base(output, settings, timeProvider, testKitSettings)
    {
        ArgumentNullException.ThrowIfNull(registerEvents);
        Registry = new EventRegistry();
        registerEvents(Registry);
        Storage = new InMemoryJournalStorage();
        Journal = new EventJournal(Storage, Registry, Sys.TimeProvider);
        PersistenceExtension.Start(Sys, Journal, new SnapshotStore(new InMemorySnapshotStorage(), Registry), new PersistenceSettings());
    }

    /// <summary>The registry events are serialized with (a persisted type that is not registered fails the persist).</summary>
    protected EventRegistry Registry { get; }

    /// <summary>The in-memory rows.</summary>
    protected InMemoryJournalStorage Storage { get; }

    /// <summary>The journal, for queries in assertions (e.g. <c>Journal.CurrentEventsByPersistenceId</c>).</summary>
    protected EventJournal Journal { get; }

    /// <summary>
    /// Every event <paramref name="persistenceId"/> has handed to the journal so far, deserialized, in order: it first waits
    /// for the journal to store what it was given, since an actor that uses PersistAsync sends its messages before then.
    /// </summary>
    protected IReadOnlyList<object> PersistedEvents(string persistenceId)
    {
        // A deterministic system commits in line, and its journal actor runs only when the test steps the system.
        if (!Sys.Settings.Deterministic)
        {
            PersistenceExtension.Get(Sys).WhenWrittenAsync(Dilated(TestKitSettings.SingleExpectDefault)).GetAwaiter().GetResult();
        }

        return Journal.CurrentEventsByPersistenceId(persistenceId).ToBlockingList().Select(e => e.Event).ToList();
    }
}

/// <summary>Reads an async stream to the end from synchronous test code.</summary>
internal static class AsyncEnumerableTestExtensions
{
    public static List<T> ToBlockingList<T>(this IAsyncEnumerable<T> source)
    {
        return Collect().GetAwaiter().GetResult();

        async Task<List<T>> Collect()
        {
            var items = new List<T>();
            await foreach (var item in source.ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }
    }
}
