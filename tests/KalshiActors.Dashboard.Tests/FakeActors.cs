using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Dashboard.Tests;

/// <summary>Stands in for the risk guardian: approves intents below 90c, rejects the rest; a kill switch halts; reset only when halted.</summary>
internal sealed class FakeRiskGuardian : ReceiveActor
{
    private TradingState _state = TradingState.Active;

    public FakeRiskGuardian(IActorRef observer)
    {
        Receive<GetRiskStatus>(_ => Sender.Tell(new RiskStatus(_state, _state == TradingState.Halted ? "kill switch" : "started", _state == TradingState.Halted, false,
            [new RiskLimitUsage("daily-loss", "5.0000", "50.0000", 0.1)], DateTimeOffset.UnixEpoch), Self));
        Receive<ActivateKillSwitch>(command =>
        {
            observer.Tell(command, Self);
            _state = TradingState.Halted;
            Sender.Tell(new RiskCommandResult(true, _state, "kill switch on"), Self);
        });
        Receive<ResetRiskHalt>(command =>
        {
            var accepted = _state == TradingState.Halted;
            _state = TradingState.Active;
            Sender.Tell(new RiskCommandResult(accepted, _state, accepted ? "reset" : "nothing to reset"), Self);
        });
        Receive<OrderIntent>(intent =>
        {
            observer.Tell(intent, Self);
            if (intent.LimitPrice < Price.FromCents(90))
            {
                Sender.Tell(new IntentApproved(intent, new Dictionary<string, string> { ["edge_after_fees"] = intent.EdgeAfterFees.ToDollarString() }, intent.CreatedAt), Self);
            }
            else
            {
                Sender.Tell(new IntentRejected(intent, RiskCheck.PriceSanity, "too dear", new Dictionary<string, string>(), intent.CreatedAt), Self);
            }
        });
    }
}

/// <summary>Stands in for the strategies supervisor: accepts every command except parameters named "bad".</summary>
internal sealed class FakeStrategies : ReceiveActor
{
    public FakeStrategies(IActorRef observer)
    {
        Receive<EnableStrategy>(c => Answer(c, c.StrategyId, null));
        Receive<DisableStrategy>(c => Answer(c, c.StrategyId, null));
        Receive<UpdateStrategyParameters>(c => Answer(c, c.StrategyId, c.Parameters.ContainsKey("bad") ? "unknown key 'bad'" : null));
        void Answer(object command, string id, string? error)
        {
            observer.Tell(command, Self);
            Sender.Tell(new StrategyCommandResult(id, error is null, error), Self);
        }
    }
}

/// <summary>Stands in for the market-data supervisor: knows one breaker, kalshi-ws.</summary>
internal sealed class FakeMarketData : ReceiveActor
{
    public FakeMarketData() =>
        Receive<ResetCircuitBreaker>(r => Sender.Tell(r.Dependency == "kalshi-ws"
            ? new CircuitBreakerResetResult(r.Dependency, true, "closed by " + r.Operator)
            : new CircuitBreakerResetResult(r.Dependency, false, "no breaker '" + r.Dependency + "'"), Self));
}
