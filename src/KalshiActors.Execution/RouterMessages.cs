using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;

namespace KalshiActors.Execution;

/// <summary>The router's messages to itself (answers of gateway calls, timers) and the supervisor's private requests.</summary>
internal static class RouterMessages
{
    /// <summary>
    /// A router tells the supervisor whether it needs every book update of its market: only while it has a maker order that
    /// is not closed (a resting maker re-quotes and cancels on the book). <paramref name="MakerIntentsSeen"/> counts the maker
    /// approvals it has handled, so the supervisor can tell that none it forwarded is still on its way when the router says
    /// it needs none (an immediate-or-cancel or fill-or-kill approval never makes a router want the book).
    /// </summary>
    public sealed record RouterBookInterest(MarketTicker Ticker, bool Wanted, long MakerIntentsSeen);

    /// <summary>
    /// A router stops because its market settled and nothing of it is open (sent before it stops, so it arrives before the
    /// supervisor's <c>Terminated</c>): the supervisor does not start it again.
    /// </summary>
    public sealed record RouterRetired(MarketTicker Ticker);

    /// <summary>Asks the supervisor whether it holds back <paramref name="Ticker"/>'s book updates; the answer is a bool (tests).</summary>
    public sealed record GetBooksHeldBack(MarketTicker Ticker);

    /// <summary>A create was answered.</summary>
    public sealed record CreateCompleted(ClientOrderId ClientOrderId, OrderAck Ack);

    /// <summary>A create failed; what that means is decided by <see cref="GatewayFailures.ClassifyCreate"/>.</summary>
    public sealed record CreateFailed(ClientOrderId ClientOrderId, Exception Cause);

    /// <summary>A re-quote was answered.</summary>
    public sealed record AmendCompleted(ClientOrderId ClientOrderId, Price NewYesPrice, OrderAck Ack);

    /// <summary>A re-quote failed (the order keeps its old price).</summary>
    public sealed record AmendFailed(ClientOrderId ClientOrderId, Exception Cause);

    /// <summary>A cancel was answered.</summary>
    public sealed record CancelCompleted(ClientOrderId ClientOrderId, CancelAck Ack, string Reason);

    /// <summary>A cancel failed.</summary>
    public sealed record CancelFailed(ClientOrderId ClientOrderId, Exception Cause, string Reason);

    /// <summary>The market's orders at the exchange, read to find one order by client id.</summary>
    public sealed record LookupCompleted(ClientOrderId ClientOrderId, IReadOnlyList<OrderState> Orders);

    /// <summary>The look-up failed; it is retried after a delay.</summary>
    public sealed record LookupFailed(ClientOrderId ClientOrderId, Exception Cause);

    /// <summary>Timer: look the order up again.</summary>
    public sealed record RetryLookup(ClientOrderId ClientOrderId);

    /// <summary>What the exchange says about this market at start-up.</summary>
    public sealed record StartupSnapshot(IReadOnlyList<OrderState> Orders, IReadOnlyList<FillRecord> Fills, IReadOnlyList<PositionRecord> Positions);

    /// <summary>The start-up reads failed; they are retried after a delay.</summary>
    public sealed record StartupFailed(Exception Cause);

    /// <summary>Timer: forget the orders closed longer ago than the retention.</summary>
    public sealed record ForgetClosedOrders
    {
        public static ForgetClosedOrders Instance { get; } = new();
    }

    /// <summary>Timer: try the start-up reconciliation again.</summary>
    public sealed record RetryStartup
    {
        public static RetryStartup Instance { get; } = new();
    }

    /// <summary>Fills read back by polling (after an immediate fill or a reconciliation).</summary>
    public sealed record FillsPolled(IReadOnlyList<FillRecord> Fills);

    /// <summary>A fill poll failed (the WebSocket or the next poll will bring them).</summary>
    public sealed record FillsPollFailed(Exception Cause);

    /// <summary>Every cancel of a cancel-all has answered.</summary>
    public sealed record CancelAllCompleted(IActorRef ReplyTo, IReadOnlyList<CancelOutcome> Outcomes);

    /// <summary>One cancel of a cancel-all.</summary>
    public sealed record CancelOutcome(ClientOrderId ClientOrderId, CancelAck? Ack, Exception? Cause);

    /// <summary>
    /// The supervisor asks a router to read back its open orders' fills and states from the exchange, because the private
    /// stream was (re)subscribed and carries nothing from before that.
    /// </summary>
    public sealed record ReconcileWithExchange
    {
        public static ReconcileWithExchange Instance { get; } = new();
    }

    /// <summary>What the exchange says about this market's orders and fills, read for a <see cref="ReconcileWithExchange"/>.</summary>
    public sealed record ExchangeReadBack(IReadOnlyList<OrderState> Orders, IReadOnlyList<FillRecord> Fills);

    /// <summary>The read-back failed; it is retried after a delay.</summary>
    public sealed record ExchangeReadBackFailed(Exception Cause);

    /// <summary>The supervisor asks a router for its open orders (digest); the reply is <see cref="OpenOrders"/>.</summary>
    public sealed record GetOpenOrders
    {
        public static GetOpenOrders Instance { get; } = new();
    }

    /// <summary>Asks a router how many orders it keeps open and closed; the reply is <see cref="OrderCounts"/> (tests).</summary>
    public sealed record GetOrderCounts
    {
        public static GetOrderCounts Instance { get; } = new();
    }

    /// <summary>How many orders a router keeps among the open ones (scanned) and the closed ones (looked up by id only).</summary>
    public sealed record OrderCounts(int Open, int Closed);

    /// <summary>A router's open orders.</summary>
    public sealed record OpenOrders(MarketTicker Ticker, IReadOnlyList<OpenOrderView> Orders);

    /// <summary>One open order as the state digest shows it.</summary>
    public sealed record OpenOrderView(
        ClientOrderId ClientOrderId,
        string IntentId,
        string Phase,
        Side Side,
        Domain.Action Action,
        Price LimitPrice,
        Quantity Count,
        Quantity Filled,
        Quantity Canceled,
        Quantity Resting);
}
