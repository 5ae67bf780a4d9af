using System.Collections.Concurrent;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// Watches the event stream for what the report needs: our fills as the routers publish them (queued for the driver, which
/// books them in a fixed order between steps) and the portfolio's latest state (equity and marks).
/// </summary>
internal sealed class BacktestCollectorActor : ActorBase
{
    private readonly BacktestObservations _observations;

    private BacktestCollectorActor(BacktestObservations observations) => _observations = observations;

    /// <summary>The actor's name under /user.</summary>
    public const string Name = "backtest-collector";

    /// <summary>Props of the collector writing into <paramref name="observations"/>.</summary>
    public static Props Props(BacktestObservations observations) => Kernel.Props.Create(() => new BacktestCollectorActor(observations));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OrderPartiallyFilled));
        Context.System.EventStream.Subscribe(Self, typeof(OrderFilled));
        Context.System.EventStream.Subscribe(Self, typeof(PortfolioUpdated));
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case OrderPartiallyFilled or OrderFilled:
                _observations.Fills.Enqueue((OrderLifecycleEvent)message);
                return true;
            case PortfolioUpdated portfolio:
                _observations.Portfolio = portfolio;
                return true;
            default:
                return false;
        }
    }
}

/// <summary>What the collector saw; read by the driver only while the actor system is idle.</summary>
internal sealed class BacktestObservations
{
    /// <summary>Fills not yet booked by the driver.</summary>
    public ConcurrentQueue<OrderLifecycleEvent> Fills { get; } = new();

    private PortfolioUpdated? _portfolio;

    /// <summary>The portfolio's latest published state.</summary>
    public PortfolioUpdated? Portfolio
    {
        get => Volatile.Read(ref _portfolio);
        set => Volatile.Write(ref _portfolio, value);
    }
}
