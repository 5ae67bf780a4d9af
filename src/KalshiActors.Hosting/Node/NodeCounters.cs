using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// What the node did this session. Trading steps (signals, intents, orders, fills) are counted from the journal as they
/// are written, so the status line shows what is on record; books, portfolio, breakers and trading state come from the
/// event stream. Thread-safe: the journal tail and the status actor update it, the node reads it.
/// </summary>
internal sealed class NodeCounters(string mode)
{
    private readonly Lock _lock = new();

    // Latest status of every book seen.
    private readonly Dictionary<MarketTicker, BookStatus> _books = [];

    // Orders submitted this session and not yet finished (filled, canceled, rejected): the "open" count.
    private readonly HashSet<ClientOrderId> _open = [];

    // Latest state of every breaker by dependency.
    private readonly Dictionary<string, BreakerState> _breakers = new(StringComparer.Ordinal);

    private long _signals;
    private long _approved;
    private long _rejected;
    private long _submitted;
    private long _ordersRejected;
    private long _fills;
    private PortfolioUpdated? _portfolio;
    private TradingState? _trading;

    /// <summary>Counts one event read back from the journal (written this session).</summary>
    public void OnJournaled(object @event)
    {
        lock (_lock)
        {
            switch (@event)
            {
                case SignalRaised:
                    _signals++;
                    break;
                case IntentApproved:
                    _approved++;
                    break;
                case IntentRejected:
                    _rejected++;
                    break;
                case OrderSubmitted submitted:
                    _submitted++;
                    _open.Add(submitted.ClientOrderId);
                    break;
                case OrderPartiallyFilled:
                    _fills++;
                    break;
                case OrderFilled filled:
                    _fills++;
                    _open.Remove(filled.ClientOrderId);
                    break;
                case OrderCanceled canceled:
                    _open.Remove(canceled.ClientOrderId);
                    break;
                case OrderRejected rejected:
                    _ordersRejected++;
                    _open.Remove(rejected.ClientOrderId);
                    break;
            }
        }
    }

    /// <summary>Takes one event-stream event into account.</summary>
    public void OnPublished(object @event)
    {
        lock (_lock)
        {
            switch (@event)
            {
                case BookStatusChanged changed:
                    _books[changed.Ticker] = changed.To;
                    break;
                case BookUpdated updated:
                    _books[updated.Ticker] = updated.Status;
                    break;
                case PortfolioUpdated portfolio:
                    _portfolio = portfolio;
                    break;
                case CircuitBreakerStateChanged breaker:
                    _breakers[breaker.Dependency] = breaker.To;
                    break;
                case TradingStateChanged trading:
                    _trading = trading.To;
                    break;
            }
        }
    }

    /// <summary>The counts now.</summary>
    public NodeStatus Snapshot()
    {
        lock (_lock)
        {
            return new NodeStatus(
                mode,
                _books.Values.Count(s => s == BookStatus.Live),
                _books.Values.Count(s => s == BookStatus.Stale),
                _books.Values.Count(s => s == BookStatus.Synchronising),
                _signals,
                _approved,
                _rejected,
                _submitted,
                _open.Count,
                _ordersRejected,
                _fills,
                _portfolio?.Positions.Count(p => !p.Contracts.IsZero) ?? 0,
                _portfolio?.Equity,
                _portfolio?.RealizedPnl,
                _portfolio?.UnrealizedPnl,
                new Dictionary<string, BreakerState>(_breakers, StringComparer.Ordinal),
                _trading);
        }
    }
}
