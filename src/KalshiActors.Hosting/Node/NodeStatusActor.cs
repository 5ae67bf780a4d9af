using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// Counts what the node does from the event stream (books, signals, intents, orders, fills, portfolio, breakers,
/// trading state), prints the one-line status every interval and answers <see cref="GetNodeStatus"/> for the summary.
/// </summary>
internal sealed class NodeStatusActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "node-status";

    private readonly string _mode;
    private readonly TimeSpan _interval;

    // Latest status of every book seen; a book counts as live or stale by its last BookStatusChanged/BookUpdated.
    private readonly Dictionary<MarketTicker, BookStatus> _books = [];

    // Orders submitted and not yet finished (filled, canceled, rejected): the "open" count.
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

    private NodeStatusActor(string mode, TimeSpan interval, Action<string> print)
    {
        _mode = mode;
        Receive<BookStatusChanged>(e => _books[e.Ticker] = e.To);
        Receive<BookUpdated>(e => _books[e.Ticker] = e.Status);
        Receive<SignalRaised>(_ => _signals++);
        Receive<IntentApproved>(_ => _approved++);
        Receive<IntentRejected>(_ => _rejected++);
        Receive<OrderLifecycleEvent>(OnOrder);
        Receive<PortfolioUpdated>(e => _portfolio = e);
        Receive<CircuitBreakerStateChanged>(e => _breakers[e.Dependency] = e.To);
        Receive<TradingStateChanged>(e => _trading = e.To);
        Receive<GetNodeStatus>(_ => Sender.Tell(Snapshot(), Self));
        Receive<PrintStatus>(_ =>
        {
            var line = Snapshot().ToLine();
            print(line);
            Context.GetLogger().LogInformation("status {Status}", line);
        });
        _interval = interval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string mode, TimeSpan interval, Action<string> print) =>
        Kernel.Props.Create(() => new NodeStatusActor(mode, interval, print));

    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        foreach (var type in new[]
                 {
                     typeof(BookStatusChanged), typeof(BookUpdated), typeof(SignalRaised), typeof(IntentApproved), typeof(IntentRejected),
                     typeof(OrderLifecycleEvent), typeof(PortfolioUpdated), typeof(CircuitBreakerStateChanged), typeof(TradingStateChanged),
                 })
        {
            stream.Subscribe(Self, type);
        }

        if (_interval > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(PrintStatus.Instance, PrintStatus.Instance, _interval);
        }
    }

    private void OnOrder(OrderLifecycleEvent e)
    {
        switch (e)
        {
            case OrderSubmitted:
                _submitted++;
                _open.Add(e.ClientOrderId);
                break;
            case OrderPartiallyFilled:
                _fills++;
                break;
            case OrderFilled:
                _fills++;
                _open.Remove(e.ClientOrderId);
                break;
            case OrderCanceled:
                _open.Remove(e.ClientOrderId);
                break;
            case OrderRejected:
                _ordersRejected++;
                _open.Remove(e.ClientOrderId);
                break;
        }
    }

    private NodeStatus Snapshot() => new(
        _mode,
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

    private sealed record PrintStatus
    {
        public static readonly PrintStatus Instance = new();
    }
}
