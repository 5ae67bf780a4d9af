using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// Feeds the node's counters from the event stream (books, portfolio, breakers, trading state), prints the one-line status
/// every interval (and logs it) and answers <see cref="GetNodeStatus"/>.
/// </summary>
internal sealed class NodeStatusActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "node-status";

    private static readonly Type[] Channels =
        [typeof(BookStatusChanged), typeof(PortfolioUpdated), typeof(CircuitBreakerStateChanged), typeof(TradingStateChanged)];

    // The counters keep only each book's status: a book's updates come through when it changes (every update cost this
    // actor a turn, and the thread that published it a queued work item).
    private readonly BookStatusGate _bookStatusGate = new();

    private readonly TimeSpan _interval;

    private NodeStatusActor(NodeCounters counters, TimeSpan interval, Action<string> print)
    {
        _interval = interval;
        Receive<GetNodeStatus>(_ => Sender.Tell(counters.Snapshot(), Self));
        Receive<PrintStatus>(_ =>
        {
            var line = counters.Snapshot().ToLine();
            print(line);
            Context.GetLogger().LogInformation("status {Status}", line);
        });
        ReceiveAny(counters.OnPublished);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeCounters counters, TimeSpan interval, Action<string> print) =>
        Kernel.Props.Create(() => new NodeStatusActor(counters, interval, print));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe<BookUpdated>(Self, _bookStatusGate.ChangesStatus);
        foreach (var type in Channels)
        {
            Context.System.EventStream.Subscribe(Self, type);
        }

        if (_interval > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(PrintStatus.Instance, PrintStatus.Instance, _interval);
        }
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private sealed record PrintStatus
    {
        public static readonly PrintStatus Instance = new();
    }
}
