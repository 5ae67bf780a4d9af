using System.Text.Json.Serialization;
using KalshiActors.Kernel;

namespace KalshiActors.Persistence.CrashWriter;

/// <summary>A decision (the risk guardian's approval, in miniature): persisted with PersistAsync and passed on at once.</summary>
/// <param name="Number">Counts up from 1 across restarts; names the order it causes.</param>
public sealed record Decided(long Number);

/// <summary>The order a decision caused (the router's OrderSubmitted, in miniature): persisted with Persist before acting.</summary>
/// <param name="Number">The decision's number.</param>
public sealed record Ordered(long Number);

/// <summary>Source-generated contracts of the decision/order pair.</summary>
[JsonSerializable(typeof(Decided))]
[JsonSerializable(typeof(Ordered))]
public sealed partial class DecisionPairJsonContext : JsonSerializerContext
{
}

/// <summary>Asks the deciding actor to decide <paramref name="Number"/> (when it is driven from outside).</summary>
public sealed record Decide(long Number);

/// <summary>Asks the ordering actor to store the order of decision <paramref name="Number"/>.</summary>
public sealed record PlaceOrder(long Number)
{
    /// <summary>The deciding actor's SendWritesNow mark: the order is stored only if no journal write failed since.</summary>
    public long? DecisionWriteMark { get; init; }
}

/// <summary>The ordering actor stored the order of decision <paramref name="Number"/> and acted on it.</summary>
public sealed record OrderPlaced(long Number);

/// <summary>
/// The guardian's side of the pair: persists each decision with PersistAsync, hands it to the journal with
/// SendWritesNow and tells the ordering actor at once, without waiting for the commit. Self-driving with
/// <c>inFlight</c> &gt; 0 (that many decisions outstanding, numbering on after recovery); otherwise it decides what
/// <see cref="Decide"/> asks.
/// </summary>
public sealed class DecidingActor : ReceivePersistentActor
{
    private readonly string _persistenceId;
    private readonly IActorRef _orderer;
    private readonly int _inFlight;
    private readonly TimeSpan _busyAfterTell;
    private readonly IActorRef? _thenTell;

    // The highest decision number taken (recovered or live): numbers are never reused.
    private long _last;

    private DecidingActor(string persistenceId, IActorRef orderer, int inFlight, TimeSpan busyAfterTell, IActorRef? thenTell)
    {
        _thenTell = thenTell;
        _persistenceId = persistenceId;
        _orderer = orderer;
        _inFlight = inFlight;
        _busyAfterTell = busyAfterTell;
        Recover<Decided>(e => _last = Math.Max(_last, e.Number));
        Recover<RecoveryCompleted>(_ =>
        {
            for (var i = 0; i < _inFlight; i++)
            {
                Decide(_last + 1);
            }
        });
        Command<Decide>(m => Decide(m.Number));
        Command<OrderPlaced>(_ =>
        {
            if (_inFlight > 0)
            {
                Decide(_last + 1);
            }
        });
    }

    /// <inheritdoc />
    public override string PersistenceId => _persistenceId;

    /// <summary>
    /// Props of a deciding actor that tells <paramref name="orderer"/>. A test widens the window in which only SendWritesNow
    /// keeps the order behind the decision: <paramref name="thenTell"/> is told next (so the orderer is not merely run
    /// after this turn on the same thread, but handed to another), and <paramref name="busyAfterTell"/> keeps the handling
    /// going after that.
    /// </summary>
    public static Props Props(string persistenceId, IActorRef orderer, int inFlight, TimeSpan busyAfterTell = default, IActorRef? thenTell = null) =>
        Kernel.Props.Create(() => new DecidingActor(persistenceId, orderer, inFlight, busyAfterTell, thenTell));

    private void Decide(long number)
    {
        _last = Math.Max(_last, number);
        PersistAsync(new Decided(number), _ => { });
        var mark = SendWritesNow();
        _orderer.Tell(new PlaceOrder(number) { DecisionWriteMark = mark }, Self);
        _thenTell?.Tell(new Decided(number), Self);
        if (_busyAfterTell > TimeSpan.Zero)
        {
            Thread.Sleep(_busyAfterTell);
        }
    }
}

/// <summary>
/// The router's side of the pair: stores each order with Persist and only then acts (<paramref name="onStored"/>, where a
/// router would call the exchange) and answers <see cref="OrderPlaced"/>.
/// </summary>
public sealed class OrderingActor : ReceivePersistentActor
{
    private readonly string _persistenceId;

    private OrderingActor(string persistenceId, Action<long> onStored)
    {
        _persistenceId = persistenceId;
        Recover<Ordered>(_ => { });
        Command<PlaceOrder>(m =>
        {
            if (m.DecisionWriteMark is { } mark)
            {
                RequireNoWriteFailureSince(mark);
            }

            var sender = Sender;
            Persist(new Ordered(m.Number), e =>
            {
                onStored(e.Number);
                sender.Tell(new OrderPlaced(e.Number), Self);
            });
        });
    }

    /// <inheritdoc />
    public override string PersistenceId => _persistenceId;

    /// <summary>Props of an ordering actor calling <paramref name="onStored"/> once each order is stored.</summary>
    public static Props Props(string persistenceId, Action<long> onStored) => Kernel.Props.Create(() => new OrderingActor(persistenceId, onStored));
}
