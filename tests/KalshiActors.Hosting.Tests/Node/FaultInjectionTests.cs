using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>Faults injected through the simulator's control API while the node trades it.</summary>
public sealed class FaultInjectionTests : SimulatedVenueTests
{
    // Books notice silence within a second; the order breaker opens after two failures in two seconds and tries again
    // after one; one REST retry so injected 500s reach the breaker quickly; the guardian judges the exchange error rate
    // over three seconds, so it lets intents through again soon after the errors stop.
    private const string FastFaults = """
        kalshi-actors {
          markets { book-stale-after = 1500ms, book-check-interval = 250ms }
          execution.breaker { minimum-throughput = 2, sampling-duration = 2s, break-duration = 1s }
          exchange.retry { max-retries = 1, base-delay = 50ms }
          risk.error-rate-window = 3s
        }
        """;

    [Fact]
    public async Task SequenceGapAndStalledFeed_MakeBooksStale_NoOrderIsPlacedOnAStaleBook_AndBooksRecover()
    {
        await using var node = await TradingScenario.StartAsync(Venue, Path.Combine(Temp.Path, "gap.db"), FastFaults);
        var timeline = EventTimeline.Attach(node.System, typeof(BookStatusChanged), typeof(OrderLifecycleEvent));
        await TradingScenario.WaitForAsync(node, s => s.BooksLive > 0 && s.OrdersSubmitted >= 1, "live books and a first order");

        await Venue.FaultsAsync(new { skip_next_sequence = true });
        await timeline.WaitUntilAsync(t => t.Of<BookStatusChanged>().Any(c => c.To == BookStatus.Stale), TimeSpan.FromSeconds(20), "a book going stale after a sequence gap");
        await timeline.WaitUntilAsync(t => AllRecovered(t), TimeSpan.FromSeconds(30), "the stale books to resynchronise");

        await Venue.FaultsAsync(new { stall_websockets = true });
        var staleBefore = timeline.Of<BookStatusChanged>().Count(c => c.To == BookStatus.Stale);
        await timeline.WaitUntilAsync(
            t => t.Of<BookStatusChanged>().Count(c => c.To == BookStatus.Stale) > staleBefore, TimeSpan.FromSeconds(20), "books going stale on a stalled feed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Venue.FaultsAsync(new { stall_websockets = false });
        await timeline.WaitUntilAsync(t => AllRecovered(t), TimeSpan.FromSeconds(30), "the books to recover after the stall");

        AssertNoOrderWhileStale(timeline);
    }

    [Fact]
    public async Task RunOf500s_OpensTheBreaker_ThatLaterCloses_AndTradingResumesByItself()
    {
        await using var node = await TradingScenario.StartAsync(Venue, Path.Combine(Temp.Path, "errors.db"), FastFaults);
        var timeline = EventTimeline.Attach(node.System, typeof(CircuitBreakerStateChanged), typeof(OrderLifecycleEvent));
        await TradingScenario.WaitForAsync(node, s => s.Fills >= 1, "a first fill");

        // Enough 500s to fail an order create and its retry, then the first trial calls of the half-open breaker.
        await Venue.FaultsAsync(new { http_error_status = 500, http_error_count = 8 });
        await timeline.WaitUntilAsync(t => t.Of<CircuitBreakerStateChanged>().Any(c => c.To == BreakerState.Open), TimeSpan.FromSeconds(60), "a breaker to open on 500s");
        var opened = timeline.Events.ToList().FindIndex(e => e is CircuitBreakerStateChanged { To: BreakerState.Open });
        await timeline.WaitUntilAsync(
            t => t.Events.Skip(opened).OfType<CircuitBreakerStateChanged>().Any(c => c.To == BreakerState.Closed), TimeSpan.FromSeconds(60), "the breaker to close again");
        var closed = timeline.Events.ToList().FindIndex(opened, e => e is CircuitBreakerStateChanged { To: BreakerState.Closed });
        await timeline.WaitUntilAsync(
            t => t.Events.Skip(closed).Any(e => e is OrderFilled or OrderPartiallyFilled), TimeSpan.FromSeconds(60), "a fill after the breaker closed (trading resumed)");
        Assert.Equal(BreakerState.Closed, node.Status().Breakers.Values.Last());
    }

    private static bool AllRecovered(EventTimeline timeline) =>
        timeline.Of<BookStatusChanged>().GroupBy(c => c.Ticker).All(g => g.Last().To == BookStatus.Live);

    // Between a book's Stale and its next Live no order of that market may have been submitted.
    private static void AssertNoOrderWhileStale(EventTimeline timeline)
    {
        var changes = timeline.Of<BookStatusChanged>().ToList();
        foreach (var order in timeline.Of<OrderSubmitted>())
        {
            var last = changes.Where(c => c.Ticker == order.Ticker && c.At <= order.At).OrderBy(c => c.At).LastOrDefault();
            Assert.False(last is { To: BookStatus.Stale }, $"order {order.ClientOrderId} on {order.Ticker} at {order.At:O} was submitted while its book was stale since {last?.At:O}");
        }
    }
}
