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
    // The receipt times of each market's recent book updates, oldest first: an order is matched with the latest update
    // received before its decision (a newer one may arrive while the intent is in flight).
    private readonly Dictionary<MarketTicker, Queue<DateTimeOffset>> _books = [];

    // Latencies since the last TakeLatencies.
    private List<double> _latencies = [];

    public DashboardBenchProbeActor()
    {
        Receive<BookUpdated>(b =>
        {
            if (!_books.TryGetValue(b.Ticker, out var times))
            {
                _books[b.Ticker] = times = new Queue<DateTimeOffset>();
            }

            times.Enqueue(b.ReceivedAt);
            if (times.Count > 256)
            {
                times.Dequeue();
            }
        });
        Receive<OrderSubmitted>(o =>
        {
            if (_books.TryGetValue(o.Ticker, out var times) && times.LastOrDefault(t => t <= o.At) is var tick && tick != default)
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
