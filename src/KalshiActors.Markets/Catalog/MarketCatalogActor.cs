using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Markets.Breakers;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Catalog;

/// <summary>
/// The market catalog: loads the open markets from <see cref="IMarketCatalogSource"/> (through the REST breaker) after
/// recovering what it journaled, then follows <see cref="MarketLifecycleChanged"/> from the event stream. Every change is
/// persisted (<c>MarketListed.v1</c>, <c>MarketStateChanged.v1</c>, <c>MarketSettled.v1</c>) before it is published, so a
/// settlement is never lost across a restart. A market's opening and close are time-driven and the exchange announces
/// neither with a message, so the catalog makes them itself at the market's open and close times
/// (<c>MarketStateChanged</c> from <see cref="MarketState.Initialized"/> to <see cref="MarketState.Active"/>, and to
/// <see cref="MarketState.Closed"/>): a market listed before it opens becomes tradable, and from its close nothing
/// approves an intent for it and its book retires. Answers <see cref="GetMarketCatalog"/>.
/// </summary>
internal sealed class MarketCatalogActor : PersistentActor, IWithTimers
{
    private static readonly object ReloadTimerKey = "reload";
    private static readonly object OpenCloseTimerKey = "open-close";

    private readonly IMarketCatalogSource _source;
    private readonly DependencyBreaker? _breaker;
    private readonly MarketsSettings _settings;

    // Every market known, open or not; the journal is its source of truth.
    private readonly Dictionary<MarketTicker, MarketInfo> _markets = [];

    // The YES payout announced by "determined", paid out by "settled" (which carries no value of its own).
    private readonly Dictionary<MarketTicker, Price> _determinedValues = [];

    // The latest close time ever announced per market: an early determination first moves the close to "now"
    // (close_date_updated), so a settlement is early when it comes before this, not before the moved close.
    private readonly Dictionary<MarketTicker, DateTimeOffset> _scheduledCloses = [];

    // When the timer of opens and closes fires next (the earliest open time of a market not yet open, or close time of an
    // open one, when it was set; null: no timer).
    private DateTimeOffset? _nextOpenOrCloseDue;

    public MarketCatalogActor(IMarketCatalogSource source, DependencyBreaker? breaker, MarketsSettings settings)
    {
        _source = source;
        _breaker = breaker;
        _settings = settings;
    }

    /// <inheritdoc />
    public override string PersistenceId => "market-catalog";

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the catalog.</summary>
    public static Props Props(IMarketCatalogSource source, DependencyBreaker? breaker, MarketsSettings settings) =>
        Kernel.Props.Create(() => new MarketCatalogActor(source, breaker, settings));

    /// <inheritdoc />
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(MarketLifecycleChanged));

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <inheritdoc />
    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case MarketListed or MarketStateChanged or MarketSettled:
                Apply(message);
                return true;
            case RecoveryCompleted:
                Self.Tell(LoadCatalog.Instance);
                ScheduleNextOpenOrClose(DateTimeOffset.MinValue);
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
            case GetMarketCatalog:
                Sender.Tell(new MarketCatalogSnapshot([.. _markets.Values.OrderBy(m => m.Ticker.Value, StringComparer.Ordinal)], Now));
                return true;
            case LoadCatalog:
                Call("list-open-markets", ct => _source.GetOpenMarketsAsync(ct)).PipeTo(Self, Self, list => new CatalogLoaded(list), ex => new CatalogLoadFailed(ex));
                return true;
            case CatalogLoaded loaded:
                OnLoaded(loaded.Markets);
                return true;
            case CatalogLoadFailed failed:
                Context.GetLogger().LogWarning(failed.Cause, "Loading the market catalog failed; retrying in {Delay}", _settings.CatalogRetryInterval);
                Timers.StartSingleTimer(ReloadTimerKey, LoadCatalog.Instance, _settings.CatalogRetryInterval);
                return true;
            case MarketLifecycleChanged lifecycle:
                OnLifecycle(lifecycle);
                return true;
            case OpenOrCloseTimeReached:
                OpenAndCloseDueMarkets();
                return true;
            case MarketFetched fetched:
                if (fetched.Market is { } fetchedMarket)
                {
                    List(fetchedMarket);
                }

                return true;
            case MarketFetchFailed fetchFailed:
                Context.GetLogger().LogWarning(fetchFailed.Cause, "Fetching market {Ticker} failed; the catalog keeps what it had", fetchFailed.Ticker.Value);
                return true;
            default:
                return false;
        }
    }

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private void OnLoaded(IReadOnlyList<MarketInfo> markets)
    {
        foreach (var market in markets)
        {
            List(market);
        }

        Context.GetLogger().LogInformation("Market catalog loaded: {Count} open markets", markets.Count);
    }

    private void List(MarketInfo market)
    {
        if (_markets.TryGetValue(market.Ticker, out var known))
        {
            if (SameDescription(known, market))
            {
                return;
            }

            if (known.State != market.State)
            {
                PersistThenPublish(new MarketStateChanged(market.Ticker, known.State, market.State, Now));
            }
        }

        PersistThenPublish(new MarketListed(market));
    }

    private void OnLifecycle(MarketLifecycleChanged lifecycle)
    {
        var ticker = lifecycle.Ticker;
        _markets.TryGetValue(ticker, out var known);
        switch (lifecycle.EventType)
        {
            case "created":
            case "metadata_updated":
                Fetch(ticker);
                return;
            case "activated":
                ChangeState(known, ticker, MarketState.Active);
                return;
            case "deactivated":
                ChangeState(known, ticker, MarketState.Paused);
                return;
            case "close_date_updated" when known is not null && lifecycle.CloseTime is { } close:
                PersistThenPublish(new MarketListed(known with { CloseTime = close }));
                return;
            case "price_level_structure_updated" when known is not null && lifecycle.TickStructure is { } ticks:
                PersistThenPublish(new MarketListed(known with { Ticks = ticks }));
                return;
            case "determined":
                if (YesPayout(lifecycle) is { } value)
                {
                    _determinedValues[ticker] = value;
                }

                ChangeState(known, ticker, MarketState.Determined);
                return;
            case "settled":
                Settle(known, ticker, lifecycle);
                return;
            default:
                if (known is null)
                {
                    Fetch(ticker);
                }

                return;
        }
    }

    private void Settle(MarketInfo? known, MarketTicker ticker, MarketLifecycleChanged lifecycle)
    {
        var value = YesPayout(lifecycle) ?? (_determinedValues.TryGetValue(ticker, out var determined) ? determined : (Price?)null);
        ChangeState(known, ticker, MarketState.Settled);
        if (value is null)
        {
            Context.GetLogger().LogError("Market {Ticker} settled without a known result; the portfolio must reconcile it", ticker.Value);
            return;
        }

        var now = Now;
        var early = _scheduledCloses.TryGetValue(ticker, out var close) && now < close;
        PersistThenPublish(new MarketSettled(ticker, value.Value, early, now));
    }

    private void ChangeState(MarketInfo? known, MarketTicker ticker, MarketState to)
    {
        if (known is null)
        {
            // Unknown market: learn it first; its fetched state already says where it is.
            Fetch(ticker);
            return;
        }

        if (known.State != to)
        {
            PersistThenPublish(new MarketStateChanged(ticker, known.State, to, Now));
        }
    }

    private void Fetch(MarketTicker ticker) =>
        Call("get-market", ct => _source.GetMarketAsync(ticker, ct)).PipeTo(Self, Self, m => new MarketFetched(ticker, m), ex => new MarketFetchFailed(ticker, ex));

    private Task<T> Call<T>(string operation, Func<CancellationToken, Task<T>> call)
    {
        var stream = Context.System.EventStream;
        var time = Context.System.TimeProvider;
        return Run();

        async Task<T> Run()
        {
            try
            {
                var result = _breaker is null
                    ? await call(CancellationToken.None).ConfigureAwait(false)
                    : await _breaker.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
                stream.Publish(new ExchangeCallCompleted("catalog." + operation, true, null, time.GetUtcNow()));
                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                stream.Publish(new ExchangeCallCompleted("catalog." + operation, false, null, time.GetUtcNow()));
                throw;
            }
        }
    }

    private void PersistThenPublish(object @event) =>
        Persist(@event, e =>
        {
            Apply(e);
            Context.System.EventStream.Publish(e);
            if (e is MarketListed { Market: var market } && NextChange(market, DateTimeOffset.MinValue) is { } change && (_nextOpenOrCloseDue is null || change < _nextOpenOrCloseDue))
            {
                ScheduleNextOpenOrClose(DateTimeOffset.MinValue);
            }
        });

    private static bool IsOpen(MarketState state) => state is MarketState.Initialized or MarketState.Active or MarketState.Paused;

    /// <summary>
    /// Closes every open market whose close time has come and opens every market listed before its open time that has come,
    /// then sets the timer for the next of either.
    /// </summary>
    private void OpenAndCloseDueMarkets()
    {
        var now = Now;
        _nextOpenOrCloseDue = null;
        foreach (var market in _markets.Values.OrderBy(m => m.Ticker.Value, StringComparer.Ordinal).ToList())
        {
            if (IsOpen(market.State) && market.CloseTime <= now)
            {
                PersistThenPublish(new MarketStateChanged(market.Ticker, market.State, MarketState.Closed, now));
            }
            else if (market.State == MarketState.Initialized && market.OpenTime <= now)
            {
                PersistThenPublish(new MarketStateChanged(market.Ticker, market.State, MarketState.Active, now));
            }
        }

        ScheduleNextOpenOrClose(now);
    }

    /// <summary>When the market next changes by the clock after <paramref name="after"/>: it opens, or it closes (null: never).</summary>
    private static DateTimeOffset? NextChange(MarketInfo market, DateTimeOffset after)
    {
        if (market.State == MarketState.Initialized && market.OpenTime is { } open && open > after && (market.CloseTime is not { } closes || open < closes))
        {
            return open;
        }

        return IsOpen(market.State) && market.CloseTime is { } close && close > after ? close : null;
    }

    /// <summary>Sets the timer for the earliest open or close after <paramref name="after"/> (none: no timer).</summary>
    private void ScheduleNextOpenOrClose(DateTimeOffset after)
    {
        DateTimeOffset? next = null;
        foreach (var market in _markets.Values)
        {
            if (NextChange(market, after) is { } change && (next is null || change < next))
            {
                next = change;
            }
        }

        _nextOpenOrCloseDue = next;
        if (next is not { } due)
        {
            Timers.Cancel(OpenCloseTimerKey);
            return;
        }

        var delay = due - Now;
        Timers.StartSingleTimer(OpenCloseTimerKey, OpenOrCloseTimeReached.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void Apply(object @event)
    {
        switch (@event)
        {
            case MarketListed listed:
                _markets[listed.Market.Ticker] = listed.Market;
                if (listed.Market.CloseTime is { } listedClose
                    && (!_scheduledCloses.TryGetValue(listed.Market.Ticker, out var scheduled) || listedClose > scheduled))
                {
                    _scheduledCloses[listed.Market.Ticker] = listedClose;
                }

                break;
            case MarketStateChanged changed when _markets.TryGetValue(changed.Ticker, out var market):
                _markets[changed.Ticker] = market with { State = changed.To };
                break;
            case MarketSettled settled:
                _determinedValues.Remove(settled.Ticker);
                if (_markets.TryGetValue(settled.Ticker, out var settledMarket))
                {
                    _markets[settled.Ticker] = settledMarket with { State = MarketState.Settled };
                }

                break;
        }
    }

    private static Price? YesPayout(MarketLifecycleChanged lifecycle) => lifecycle.Result switch
    {
        "yes" => Price.One,
        "no" => Price.Zero,
        _ => lifecycle.SettlementValue,
    };

    private static bool SameDescription(MarketInfo a, MarketInfo b) =>
        a with { Ticks = TickStructure.LinearCent } == b with { Ticks = TickStructure.LinearCent }
        && a.Ticks.Ranges.SequenceEqual(b.Ticks.Ranges);

    private sealed class LoadCatalog
    {
        public static readonly LoadCatalog Instance = new();
    }

    /// <summary>Timer: the earliest open time of a market not yet open, or close time of an open one, has come.</summary>
    private sealed class OpenOrCloseTimeReached
    {
        public static readonly OpenOrCloseTimeReached Instance = new();
    }

    private sealed record CatalogLoaded(IReadOnlyList<MarketInfo> Markets);

    private sealed record CatalogLoadFailed(Exception Cause);

    private sealed record MarketFetched(MarketTicker Ticker, MarketInfo? Market);

    private sealed record MarketFetchFailed(MarketTicker Ticker, Exception Cause);
}
