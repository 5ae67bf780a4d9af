using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Books;

/// <summary>
/// The live order book of one market: applies the feed's snapshot and deltas to two sorted level arrays (YES bids, NO
/// bids at NO prices) and publishes <see cref="BookUpdated"/> only when the top or the first <c>depth</c> levels changed.
/// A sequence gap, a crossed book, an impossible delta or silence makes it <see cref="BookStatus.Stale"/>: it publishes a
/// non-tradable update, persists and publishes <see cref="BookStatusChanged"/>, and asks its feed for a fresh snapshot,
/// which makes it live again. Feed quality is journaled every window as <see cref="BookQualityRecorded"/>. Once its market
/// stops trading (the catalog says so, its close time included) the book retires: it records its last
/// quality window, publishes a last, <see cref="BookStatus.Closed"/> update and stops, rather than asking every
/// stale-after period for snapshots of a market that will not move again. On a cluster node that loses the market's shard
/// it is handed off: a last, <see cref="BookStatus.HandedOff"/> update, and it stops without writing.
/// </summary>
internal sealed class OrderBookActor : PersistentActor, IWithTimers
{
    private const int AgeSampleCapacity = 256;
    private static readonly object SilenceTimerKey = "silence";
    private static readonly object QualityTimerKey = "quality";

    private readonly MarketTicker _ticker;
    private readonly MarketsSettings _settings;
    private readonly IActorRef? _snapshotRequestsTo;
    private readonly TimeProvider _time;
    private readonly BookLevels _yes = new();
    private readonly BookLevels _no = new();

    // The top and each side's depth as last published, shared by the next updates until they change: a delta moves one
    // side, often below its top, so the rest need not be built again (published arrays are never written after). Kept in
    // a slot of a shared array, not in fields of this actor, so that the young objects it holds cost the collector less
    // (PublishedBookSlots). Taken in PreStart, given back in PostStop.
    private PublishedBookSlot _published;
    private bool _holdsSlot;

    // Deltas only apply on the subscription the last snapshot came from, after its sequence; older ones are dropped.
    private int _subscriptionId;
    private long _sequence;
    private BookStatus _status = BookStatus.Synchronising;
    private DateTimeOffset? _exchangeTime;

    // Silence detection: the last message time (any book message); also when the last snapshot request went out.
    private DateTimeOffset _lastMessageAt;
    private DateTimeOffset _lastSnapshotRequestAt = DateTimeOffset.MinValue;

    private bool _retiring;

    // Quality counters of the current window; the age samples are allocated on first use (idle books stay small).
    private DateTimeOffset _windowStart;
    private long _windowMessages;
    private int _windowGaps;
    private int _windowResyncs;
    private int _windowCrossings;
    private int _windowSilences;
    private int[]? _ageSamples;
    private int _ageSampleCount;
    private long _ageSamplesSeen;

    // Lifetime counters, snapshotted so recovery stays short.
    private long _totalGaps;
    private long _totalResyncs;
    private long _eventsSinceSnapshot;

    public OrderBookActor(MarketTicker ticker, MarketsSettings settings, IActorRef? snapshotRequestsTo)
    {
        _ticker = ticker;
        _settings = settings;
        _snapshotRequestsTo = snapshotRequestsTo;
        _time = Context.System.TimeProvider;
        PersistenceId = ActorNames.Book(ticker);
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the book of <paramref name="ticker"/>; snapshot requests go to <paramref name="snapshotRequestsTo"/> (default: the parent).</summary>
    public static Props Props(MarketTicker ticker, MarketsSettings settings, IActorRef? snapshotRequestsTo = null) =>
        Kernel.Props.Create(() => new OrderBookActor(ticker, settings, snapshotRequestsTo));

    /// <summary>Bytes held by this book's level arrays (bench figures).</summary>
    internal int LevelBytes => _yes.CapacityBytes + _no.CapacityBytes;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _published = PublishedBookSlots.Shared.Rent();
        _holdsSlot = true;
        var now = _time.GetUtcNow();
        _lastMessageAt = now;
        _windowStart = now;
        Timers.StartPeriodicTimer(SilenceTimerKey, CheckSilence.Instance, _settings.BookCheckInterval);
        Timers.StartPeriodicTimer(QualityTimerKey, RecordQuality.Instance, _settings.QualityWindow);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_holdsSlot)
        {
            _holdsSlot = false;
            PublishedBookSlots.Shared.Return(_published);
        }

        base.PostStop();
    }

    /// <inheritdoc />
    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: OrderBookJournalState state }:
                _totalGaps = state.TotalGaps;
                _totalResyncs = state.TotalResyncs;
                return true;
            case BookQualityRecorded quality:
                _totalGaps += quality.Gaps;
                _totalResyncs += quality.Resyncs;
                return true;
            case BookStatusChanged or RecoveryCompleted:
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case BookDeltaReceived delta:
                OnDelta(delta);
                return true;
            case BookSnapshotReceived snapshot:
                OnSnapshot(snapshot);
                return true;
            case SequenceGapDetected gap:
                _lastMessageAt = _time.GetUtcNow();
                _windowGaps++;
                _totalGaps++;
                MarkStale($"sequence gap on subscription {gap.SubscriptionId}: expected {gap.ExpectedSequence}, received {gap.ReceivedSequence}");
                return true;
            case CheckSilence:
                OnCheckSilence();
                return true;
            case RetireBook retire:
                Retire(retire.Reason);
                return true;
            case HandOffBook handOff:
                HandOff(handOff.Reason);
                return true;
            case RecordQuality:
                OnRecordQuality();
                return true;
            case SaveSnapshotSuccess or SaveSnapshotFailure:
                return true;
            default:
                return false;
        }
    }

    private void OnDelta(BookDeltaReceived delta)
    {
        var now = _time.GetUtcNow();
        _lastMessageAt = now;
        if (_status != BookStatus.Live || delta.SubscriptionId != _subscriptionId || delta.Sequence <= _sequence)
        {
            // Before the snapshot, while stale, or already contained in the snapshot: the next snapshot covers it.
            return;
        }

        _sequence = delta.Sequence;
        _windowMessages++;
        if (delta.ExchangeTime is { } exchangeTime)
        {
            _exchangeTime = exchangeTime;
            SampleAge(now - exchangeTime);
        }

        var side = delta.Side == Side.Yes ? _yes : _no;
        ref var published = ref _published.Value;
        if (delta.Side == Side.Yes)
        {
            published.YesDepth = null;
        }
        else
        {
            published.NoDepth = null;
        }

        var rank = side.Apply(delta.Price.Units, delta.Delta.Units);
        if (rank < 0)
        {
            MarkStale($"delta {delta.Delta} at {delta.Price} on {delta.Side} would leave a negative size (seq {delta.Sequence})");
            return;
        }

        if (IsCrossed())
        {
            _windowCrossings++;
            MarkStale($"crossed book: YES bid {Price.FromUnits(_yes.BestPrice)} + NO bid {Price.FromUnits(_no.BestPrice)} >= 1");
            return;
        }

        if (rank < _settings.Depth)
        {
            Context.System.EventStream.Publish(BuildUpdate(now));
        }
    }

    private void OnSnapshot(BookSnapshotReceived snapshot)
    {
        var now = _time.GetUtcNow();
        _lastMessageAt = now;
        _windowMessages++;
        _subscriptionId = snapshot.SubscriptionId;
        _sequence = snapshot.Sequence;
        _yes.Clear();
        _no.Clear();
        _published.Value.YesDepth = null;
        _published.Value.NoDepth = null;
        foreach (var level in snapshot.YesBids)
        {
            _yes.Set(level.Price.Units, level.Size.Units);
        }

        foreach (var level in snapshot.NoBids)
        {
            _no.Set(snapshot.NoLevelsInYesPrices ? Price.UnitsPerDollar - level.Price.Units : level.Price.Units, level.Size.Units);
        }

        if (IsCrossed())
        {
            _windowCrossings++;
            MarkStale("crossed snapshot");
            return;
        }

        if (_status != BookStatus.Live)
        {
            if (_status == BookStatus.Stale)
            {
                _windowResyncs++;
                _totalResyncs++;
            }

            ChangeStatus(BookStatus.Live, _status == BookStatus.Stale ? "resynchronised from a fresh snapshot" : "first snapshot", now);
        }

        Context.System.EventStream.Publish(BuildUpdate(now));
    }

    private void OnCheckSilence()
    {
        var now = _time.GetUtcNow();
        if (_status == BookStatus.Stale)
        {
            // The snapshot we asked for has not come: ask again, at most once per stale-after period.
            if (now - _lastSnapshotRequestAt >= _settings.BookStaleAfter)
            {
                RequestSnapshot("still stale: no fresh snapshot yet");
            }

            return;
        }

        if (now - _lastMessageAt >= _settings.BookStaleAfter)
        {
            _windowSilences++;
            MarkStale($"no message for {(now - _lastMessageAt).TotalSeconds:0.#}s");
        }
    }

    private void MarkStale(string reason)
    {
        if (_status == BookStatus.Stale)
        {
            return;
        }

        var now = _time.GetUtcNow();
        Context.GetLogger().LogWarning("Book {Ticker} is stale: {Reason}", _ticker.Value, reason);
        ChangeStatus(BookStatus.Stale, reason, now);
        Context.System.EventStream.Publish(BuildUpdate(now));
        RequestSnapshot(reason);
    }

    /// <summary>
    /// The last update, as <see cref="BookStatus.Closed"/> with the last prices, once the status change is stored; then the
    /// book stops. Its quality window is recorded first.
    /// </summary>
    private void Retire(string reason)
    {
        if (_retiring)
        {
            return;
        }

        _retiring = true;
        Timers.CancelAll();
        OnRecordQuality();
        var now = _time.GetUtcNow();
        Context.GetLogger().LogInformation("Book {Ticker} retired: {Reason}", _ticker.Value, reason);
        var changed = new BookStatusChanged(_ticker, _status, BookStatus.Closed, reason, now);
        _status = BookStatus.Closed;
        Persist(changed, e =>
        {
            Context.System.EventStream.Publish(e);
            Context.System.EventStream.Publish(BuildUpdate(now));
            Context.Parent.Tell(new BookRetired(_ticker), Self);
            Context.Stop(Self);
        });
    }

    /// <summary>
    /// The last update here, as <see cref="BookStatus.HandedOff"/>, then the book stops. Nothing is written (not even the
    /// quality window): another node owns the stream now, and a write from here would collide with its own.
    /// </summary>
    private void HandOff(string reason)
    {
        if (_retiring)
        {
            return;
        }

        _retiring = true;
        Timers.CancelAll();
        var now = _time.GetUtcNow();
        Context.GetLogger().LogInformation("Book {Ticker} handed off: {Reason}", _ticker.Value, reason);
        Context.System.EventStream.Publish(new BookStatusChanged(_ticker, _status, BookStatus.HandedOff, reason, now));
        _status = BookStatus.HandedOff;
        Context.System.EventStream.Publish(BuildUpdate(now));
        Context.Stop(Self);
    }

    private void RequestSnapshot(string reason)
    {
        _lastSnapshotRequestAt = _time.GetUtcNow();
        (_snapshotRequestsTo ?? Context.Parent).Tell(new RequestBookSnapshot(_ticker, reason), Self);
    }

    private void ChangeStatus(BookStatus to, string reason, DateTimeOffset now)
    {
        var changed = new BookStatusChanged(_ticker, _status, to, reason, now);
        _status = to;
        PersistAsync(changed, e =>
        {
            Context.System.EventStream.Publish(e);
            CountEvent();
        });
    }

    private void OnRecordQuality()
    {
        var now = _time.GetUtcNow();
        if (_windowMessages == 0 && _windowGaps == 0 && _windowSilences == 0 && _windowResyncs == 0)
        {
            _windowStart = now;
            return;
        }

        long? p50 = null, p99 = null;
        if (_ageSampleCount > 0)
        {
            var sorted = _ageSamples.AsSpan(0, _ageSampleCount).ToArray();
            Array.Sort(sorted);
            p50 = sorted[Percentile(sorted.Length, 50)];
            p99 = sorted[Percentile(sorted.Length, 99)];
        }

        var quality = new BookQualityRecorded(_ticker, _windowStart, now, _windowMessages, _windowGaps, _windowResyncs, _windowCrossings, _windowSilences, p50, p99);
        _windowStart = now;
        _windowMessages = 0;
        _windowGaps = _windowResyncs = _windowCrossings = _windowSilences = 0;
        _ageSampleCount = 0;
        _ageSamplesSeen = 0;
        PersistAsync(quality, e =>
        {
            Context.System.EventStream.Publish(e);
            CountEvent();
        });

        static int Percentile(int count, int percent) => Math.Min(count - 1, (int)Math.Ceiling(count * percent / 100.0) - 1);
    }

    private void CountEvent()
    {
        if (++_eventsSinceSnapshot >= _settings.BookSnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(new OrderBookJournalState(_totalGaps, _totalResyncs));
        }
    }

    private void SampleAge(TimeSpan age)
    {
        var micros = (int)Math.Clamp(age.Ticks / TimeSpan.TicksPerMicrosecond, 0, int.MaxValue);
        _ageSamples ??= new int[AgeSampleCapacity];
        _ageSamplesSeen++;
        if (_ageSampleCount < AgeSampleCapacity)
        {
            _ageSamples[_ageSampleCount++] = micros;
        }
        else
        {
            // Reservoir sampling keeps the percentiles representative of the whole window in fixed memory.
            var slot = Random.Shared.NextInt64(_ageSamplesSeen);
            if (slot < AgeSampleCapacity)
            {
                _ageSamples[slot] = micros;
            }
        }
    }

    private bool IsCrossed() =>
        _yes.Count > 0 && _no.Count > 0 && _yes.BestPrice + _no.BestPrice >= Price.UnitsPerDollar;

    private BookUpdated BuildUpdate(DateTimeOffset now)
    {
        Price? yesBid = _yes.Count > 0 ? Price.FromUnits(_yes.BestPrice) : null;
        Price? yesAsk = _no.Count > 0 ? Price.FromUnits(Price.UnitsPerDollar - _no.BestPrice) : null;
        var bidSize = _yes.BestSize;
        var askSize = _no.BestSize;
        ref var published = ref _published.Value;
        var top = published.Top is { } last && last.YesBid == yesBid && last.YesAsk == yesAsk && last.YesBidSize.Units == bidSize && last.YesAskSize.Units == askSize
            ? last
            : published.Top = new BookTop(yesBid, Quantity.FromUnits(bidSize), yesAsk, Quantity.FromUnits(askSize));
        Price? mid = null, spread = null, microprice = null;
        if (yesBid is { } bid && yesAsk is { } ask && ask >= bid)
        {
            mid = Price.FromUnits((bid.Units + ask.Units + 1) / 2);
            spread = Price.FromUnits(ask.Units - bid.Units);
            var weight = bidSize + askSize;
            // Size-weighted towards the thinner side, rounded half up to a unit; Int128 because sizes are unbounded longs.
            microprice = weight > 0
                ? Price.FromUnits((long)((((Int128)bid.Units * askSize) + ((Int128)ask.Units * bidSize) + (weight / 2)) / weight))
                : mid;
        }

        return new BookUpdated(_ticker, _sequence, top, published.YesDepth ??= Levels(_yes), published.NoDepth ??= Levels(_no), mid, spread, microprice, _status, now, _exchangeTime);
    }

    private BookLevel[] Levels(BookLevels side)
    {
        var count = Math.Min(_settings.Depth, side.Count);
        if (count == 0)
        {
            return [];
        }

        var levels = new BookLevel[count];
        for (var rank = 0; rank < count; rank++)
        {
            levels[rank] = new BookLevel(Price.FromUnits(side.PriceAt(rank)), Quantity.FromUnits(side.SizeAt(rank)));
        }

        return levels;
    }

    /// <summary>Timer tick: has the book been silent too long?</summary>
    private sealed class CheckSilence
    {
        public static readonly CheckSilence Instance = new();
    }

    /// <summary>Timer tick: journal the quality window.</summary>
    private sealed class RecordQuality
    {
        public static readonly RecordQuality Instance = new();
    }
}
