namespace KalshiActors.Domain.Protocol;

/// <summary>Ask the risk guardian for its state and limit usage; the reply is <see cref="RiskStatus"/>.</summary>
public sealed record GetRiskStatus;

/// <summary>
/// One risk limit and how much of it is in use, as canonical text (dollars, contracts or counts as the limit is written);
/// <see cref="Fraction"/> is used ÷ limit (0 when the limit is zero or unknown), for display only.
/// </summary>
public sealed record RiskLimitUsage(string Name, string Used, string Limit, double Fraction);

/// <summary>The risk guardian's state: trading state with its reason, the latches an operator may reset, and limit usage.</summary>
public sealed record RiskStatus(
    TradingState State,
    string Reason,
    bool KillSwitch,
    bool DrawdownBreakerTripped,
    IReadOnlyList<RiskLimitUsage> Limits,
    DateTimeOffset At);

/// <summary>Operator command to the market-data supervisor: close a dependency's circuit breaker now (reply: <see cref="CircuitBreakerResetResult"/>).</summary>
public sealed record ResetCircuitBreaker(string Dependency, string Operator);

/// <summary>The answer to <see cref="ResetCircuitBreaker"/>; <see cref="Message"/> says why when not accepted.</summary>
public sealed record CircuitBreakerResetResult(string Dependency, bool Accepted, string Message);
