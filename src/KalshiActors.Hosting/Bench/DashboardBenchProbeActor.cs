using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>Ask the probe for the tick-to-order latencies (milliseconds) collected since the last ask; it starts afresh.</summary>
internal sealed record TakeLatencies
{
    public static TakeLatencies Instance { get; } = new();
}

/// <summary>
/// `bench dashboard`'s probe on the node's event stream: for every order submitted, the time from the receipt of the
/// latest book update of its market (BookUpdated.ReceivedAt) to the order's decision (OrderSubmitted.At).
/// </summary>
internal sealed class DashboardBenchProbeActor : ReceiveActor
{
    // The receipt time of each market's latest book update.
    private readonly Dictionary<MarketTicker, DateTimeOffset> _lastBook = [];

    // Latencies since the last TakeLatencies.
    private List<double> _latencies = [];

    public DashboardBenchProbeActor()
    {
        Receive<BookUpdated>(b => _lastBook[b.Ticker] = b.ReceivedAt);
        Receive<OrderSubmitted>(o =>
        {
            if (_lastBook.TryGetValue(o.Ticker, out var tick) && o.At >= tick)
            {
                _latencies.Add((o.At - tick).TotalMilliseconds);
            }
        });
        Receive<TakeLatencies>(_ =>
        {
            Sender.Tell(_latencies, Self);
            _latencies = [];
        });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(BookUpdated));
        Context.System.EventStream.Subscribe(Self, typeof(OrderSubmitted));
    }
}
