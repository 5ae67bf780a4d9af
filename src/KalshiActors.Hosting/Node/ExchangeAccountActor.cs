using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// Reads the account's balance and positions from the exchange (live, demo or the simulator) at start and every interval
/// and sends them to the portfolio, which reconciles its own positions against them and raises discrepancies as alerts.
/// </summary>
internal sealed class ExchangeAccountActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "exchange-account";

    private readonly IOrderGateway _gateway;
    private readonly TimeSpan _interval;

    // A read in flight; the next tick is skipped rather than stacking reads on a slow exchange.
    private bool _reading;

    private ExchangeAccountActor(IOrderGateway gateway, TimeSpan interval)
    {
        _gateway = gateway;
        _interval = interval;
        Receive<Poll>(_ => OnPoll());
        Receive<AccountRead>(read =>
        {
            _reading = false;
            var portfolio = Context.System.ActorSelection(ActorNames.PortfolioPath);
            portfolio.Tell(read.Balance, Self);
            portfolio.Tell(read.Positions, Self);
        });
        Receive<Status.Failure>(failure =>
        {
            _reading = false;
            Context.GetLogger().LogWarning("Could not read the exchange account for reconciliation: {Reason}", failure.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IOrderGateway gateway, TimeSpan interval) =>
        Kernel.Props.Create(() => new ExchangeAccountActor(gateway, interval));

    protected override void PreStart()
    {
        Self.Tell(Poll.Instance, Self);
        Timers.StartPeriodicTimer(Poll.Instance, Poll.Instance, _interval);
    }

    private void OnPoll()
    {
        if (_reading)
        {
            return;
        }

        _reading = true;
        var time = Context.System.TimeProvider;
        ReadAsync(time).PipeTo(Self, Self);
    }

    private async Task<AccountRead> ReadAsync(TimeProvider time)
    {
        var balance = await _gateway.GetBalanceAsync(CancellationToken.None).ConfigureAwait(false);
        var positions = await _gateway.GetPositionsAsync(CancellationToken.None).ConfigureAwait(false);
        var at = time.GetUtcNow();
        return new AccountRead(new ExchangeBalanceObserved(balance, at), new ExchangePositionsObserved(positions, at));
    }

    private sealed record AccountRead(ExchangeBalanceObserved Balance, ExchangePositionsObserved Positions);

    private sealed record Poll
    {
        public static readonly Poll Instance = new();
    }
}
