using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench markets`: order-book deltas per second through one book actor and spread over 2,000 books (each delta applied
/// to the sorted level arrays, BookUpdated published to one subscriber when the top 5 changed), and the managed memory a
/// live book costs, measured over 2,000 books with 10 levels per leg. Journal in memory: books only journal status changes.
/// </summary>
public sealed class MarketsBenchSuite : IBenchSuite
{
    private const int Books = 2_000;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Name => "markets";

    /// <inheritdoc />
    public string Description => "order books: deltas/s through one book and across 2,000 books, bytes per live book";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deltas = options.Quick ? 20_000 : 2_000_000;
        var books = options.Quick ? 100 : Books;
        var figures = new List<BenchFigure>();
        var system = ActorSystem.Create("bench-markets");
        try
        {
            var registry = MarketsEvents.Register(new EventRegistry());
            var journal = new EventJournal(new InMemoryJournalStorage(), registry, TimeProvider.System);
            PersistenceExtension.Start(system, journal, new SnapshotStore(new InMemorySnapshotStorage(), registry), new PersistenceSettings());
            var settings = MarketsSettings.Default;

            // Warm-up so tiered JIT has settled before anything is timed.
            await DeltasThroughBooksAsync(system, settings, "WARM", 1, deltas / 10).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            options.Progress.WriteLine($"one book: {deltas:N0} deltas");
            var (oneBook, published) = await DeltasThroughBooksAsync(system, settings, "ONE", 1, deltas).ConfigureAwait(false);
            figures.Add(new BenchFigure("book_1_deltas_per_s", Math.Round(oneBook)));
            figures.Add(new BenchFigure("book_1_published_fraction", Math.Round(published, 3)));
            options.Progress.WriteLine($"one book: {oneBook / 1e6:F2} M deltas/s, {published:P0} of them published");

            cancellationToken.ThrowIfCancellationRequested();
            options.Progress.WriteLine($"{books:N0} books: memory, then {deltas:N0} deltas round-robin");
            var before = Settle();
            var (spread, _) = await DeltasThroughBooksAsync(system, settings, "MANY", books, deltas, measureMemory: true).ConfigureAwait(false);
            figures.Add(new BenchFigure($"books_{books}_deltas_per_s", Math.Round(spread)));
            figures.Add(new BenchFigure("bytes_per_live_book", Math.Round(_lastLiveBytes / (double)books)));
            figures.Add(new BenchFigure($"books_{books}_managed_mb", Math.Round(_lastLiveBytes / 1048576.0, 1)));
            figures.Add(new BenchFigure("process_rss_mb", Math.Round(Environment.WorkingSet / 1048576.0, 1)));
            options.Progress.WriteLine($"{books:N0} books: {spread / 1e6:F2} M deltas/s; {_lastLiveBytes / (double)books:N0} bytes per live book (heap before {before / 1048576.0:F1} MB)");
            return figures;
        }
        finally
        {
            await system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Managed bytes the live books added (set by the memory-measuring run).
    private static long _lastLiveBytes;

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Sends <paramref name="deltas"/> deltas round-robin over <paramref name="bookCount"/> live books; returns deltas/s and the fraction published.</summary>
    private static async Task<(double PerSecond, double Published)> DeltasThroughBooksAsync(
        ActorSystem system, MarketsSettings settings, string prefix, int bookCount, int deltas, bool measureMemory = false)
    {
        var tickers = Enumerable.Range(0, bookCount).Select(i => new MarketTicker($"KXBENCH{prefix}-26DEC04-M{i}")).ToArray();
        var counter = new UpdateCounter();
        var listener = system.ActorOf(Props.Create(() => new UpdateCountingActor(counter)));
        system.EventStream.Subscribe(listener, typeof(BookUpdated));
        var heapBefore = measureMemory ? Settle() : 0;
        var refs = new IActorRef[bookCount];
        counter.ExpectLive(bookCount);
        for (var i = 0; i < bookCount; i++)
        {
            refs[i] = system.ActorOf(MarketData.OrderBook(tickers[i], settings, listener), $"book-{prefix}-{i}");
            refs[i].Tell(Snapshot(tickers[i]));
        }

        await counter.AllLive.WaitAsync(Limit).ConfigureAwait(false);
        if (measureMemory)
        {
            _lastLiveBytes = Settle() - heapBefore;
        }

        counter.Reset();
        var sequences = new long[bookCount];
        Array.Fill(sequences, 1);
        var watch = Stopwatch.StartNew();
        for (var n = 0; n < deltas; n++)
        {
            var b = n % bookCount;
            var round = n / bookCount;
            refs[b].Tell(Delta(tickers[b], ++sequences[b], round));
        }

        // A gap makes every book publish a stale update: when all have, every delta before it has been applied.
        counter.ExpectStale(bookCount);
        for (var b = 0; b < bookCount; b++)
        {
            refs[b].Tell(new SequenceGapDetected(1, sequences[b] + 1, sequences[b] + 2));
        }

        await counter.AllStale.WaitAsync(Limit).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var published = (counter.Updates - bookCount) / (double)deltas;
        system.EventStream.Unsubscribe(listener);

        // Waits until they are gone: a book still alive holds its mailbox, grown to tens of thousands of slots by the
        // one-book flood, and freeing it during the next run's memory measurement made the bytes per book negative.
        await Task.WhenAll(refs.Append(listener).Select(actor => StopAndWaitActor.StopAsync(system, actor))).WaitAsync(Limit).ConfigureAwait(false);
        return (deltas / elapsed.TotalSeconds, published);
    }

    private static BookSnapshotReceived Snapshot(MarketTicker ticker)
    {
        // Ten levels per leg, YES bids 0.21-0.30 and NO bids 0.21-0.30 (YES ask 0.70-0.79): never crosses under the deltas.
        var yes = Enumerable.Range(21, 10).Select(c => new BookLevel(Price.FromCents(c), Quantity.FromContracts(1_000))).ToArray();
        var no = Enumerable.Range(21, 10).Select(c => new BookLevel(Price.FromCents(c), Quantity.FromContracts(1_000))).ToArray();
        return new BookSnapshotReceived(ticker, 1, 1, yes, no, NoLevelsInYesPrices: false);
    }

    private static BookDeltaReceived Delta(MarketTicker ticker, long sequence, int round)
    {
        // Walk the 20 levels of both legs; odd rounds take back what even rounds added, so sizes stay positive.
        var level = round % 20;
        var side = level < 10 ? Side.Yes : Side.No;
        var cents = 21 + (level % 10);
        var sign = (round / 20) % 2 == 0 ? 1 : -1;
        return new BookDeltaReceived(ticker, 1, sequence, side, Price.FromCents(cents), Quantity.FromContracts(sign * 5), null, null);
    }

    /// <summary>Counts BookUpdated (on the listener's thread) and signals when every book has reached the awaited status.</summary>
    private sealed class UpdateCounter
    {
        private const int Nothing = -1;
        private int _pending;

        // The status being counted down, or Nothing between phases (so stray updates never decrement).
        private int _awaited = Nothing;
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Updates { get; private set; }

        public Task AllLive => _done.Task;

        public Task AllStale => _done.Task;

        public void ExpectLive(int books) => Expect(BookStatus.Live, books);

        public void ExpectStale(int books) => Expect(BookStatus.Stale, books);

        public void Reset()
        {
            Volatile.Write(ref _awaited, Nothing);
            Updates = 0;
        }

        public void On(BookUpdated update)
        {
            Updates++;
            if ((int)update.Status == Volatile.Read(ref _awaited) && Interlocked.Decrement(ref _pending) == 0)
            {
                _done.TrySetResult();
            }
        }

        private void Expect(BookStatus status, int books)
        {
            _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, books);
            Volatile.Write(ref _awaited, (int)status);
        }
    }

    /// <summary>The one subscriber of BookUpdated (what a strategy would be); also swallows the books' snapshot requests.</summary>
    private sealed class UpdateCountingActor(UpdateCounter counter) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is BookUpdated update)
            {
                counter.On(update);
            }
        }
    }
}
