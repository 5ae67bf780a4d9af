using System.Text.Json;

namespace KalshiActors.Dashboard.Api;

// What the API and the WebSocket send. Prices, money and quantities are fixed-point strings ("0.4500"), never floats.

/// <summary>`GET /api/health`.</summary>
internal sealed record HealthView(string Status, string Mode, DateTimeOffset Now);

/// <summary>One held position.</summary>
internal sealed record PositionRow(string Ticker, string Side, string Contracts, string CostBasis, string RealizedPnl, string? Mark, string UnrealizedPnl);

/// <summary>One order as the dashboard follows it from its lifecycle events.</summary>
internal sealed record OrderRow(
    string ClientOrderId,
    string? IntentId,
    string? StrategyId,
    string Ticker,
    string? Side,
    string? Action,
    string? LimitPrice,
    string? Count,
    string Filled,
    string? Resting,
    string Status,
    string? Detail,
    DateTimeOffset At,
    DateTimeOffset UpdatedAt);

/// <summary>One fill.</summary>
internal sealed record TradeRow(
    string TradeId, string ClientOrderId, string Ticker, string StrategyId, string Side, string Action, string Price, string Count, string Fee, bool IsTaker, DateTimeOffset At);

/// <summary>One strategy signal.</summary>
internal sealed record SignalRow(
    string StrategyId, long SignalNumber, string Ticker, string Side, string Action, double ModelProbability, string MarketPrice, string Edge, string Contracts, string? IntentId, DateTimeOffset At);

/// <summary>One alert.</summary>
internal sealed record AlertRow(string AlertId, string Kind, string? Ticker, string Message, IReadOnlyDictionary<string, string> Figures, DateTimeOffset At);

/// <summary>One circuit breaker's last state.</summary>
internal sealed record BreakerRow(string Dependency, string State, string Reason, IReadOnlyList<string> AffectedMarkets, DateTimeOffset At);

/// <summary>One market with its top of book.</summary>
internal sealed record MarketRow(
    string Ticker, string? EventTicker, string? Title, string? Category, string? State, DateTimeOffset? CloseTime,
    string? YesBid, string? YesAsk, string? Mid, string? Spread, string? BookStatus, DateTimeOffset? UpdatedAt);

/// <summary>One price level.</summary>
internal sealed record LevelRow(string Price, string Size);

/// <summary>A point of a chart.</summary>
internal sealed record ChartPoint(DateTimeOffset At, string Value);

/// <summary>`GET /api/markets/{ticker}/book` and the WebSocket's `book`: the ladder (YES prices) and the mid history.</summary>
internal sealed record BookView(
    string Ticker, long Sequence, string Status, IReadOnlyList<LevelRow> YesBids, IReadOnlyList<LevelRow> YesAsks,
    string? Mid, string? Spread, string? Microprice, DateTimeOffset ReceivedAt, IReadOnlyList<ChartPoint> History);

/// <summary>A point of the equity curve.</summary>
internal sealed record EquityPoint(DateTimeOffset At, string Equity, string Cash);

/// <summary>A risk limit's usage.</summary>
internal sealed record LimitRow(string Name, string Used, string Limit, double Fraction);

/// <summary>The risk guardian's state.</summary>
internal sealed record RiskView(string State, string Reason, bool KillSwitch, bool DrawdownBreakerTripped, IReadOnlyList<LimitRow> Limits);

/// <summary>Books by status (Other: waiting for a snapshot; Closed: of markets that stopped trading; HandedOff: of shards another cluster node took).</summary>
internal sealed record BooksView(int Live, int Stale, int Other, int Closed, int HandedOff);

/// <summary>A strategy instance.</summary>
internal sealed record StrategyRow(string Id, string Kind, bool Enabled, long SignalsRaised, IReadOnlyDictionary<string, string> Overrides);

/// <summary>`GET /api/state` (the digest only there) and the WebSocket's `status_update` (without digest, risk limits and strategies).</summary>
internal sealed record StateView(
    string Mode,
    bool Live,
    string Exchange,
    string Connectivity,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string? Cash,
    string? Equity,
    string? DailyPnl,
    string? RealizedPnl,
    string? UnrealizedPnl,
    IReadOnlyList<PositionRow> Positions,
    IReadOnlyList<OrderRow> OpenOrders,
    string TradingState,
    string TradingReason,
    bool AutoTrading,
    RiskView? Risk,
    IReadOnlyList<BreakerRow> Breakers,
    IReadOnlyList<StrategyRow> Strategies,
    BooksView Books,
    long Fills,
    long Signals,
    string? StateDigest);

/// <summary>One journal entry of the audit log.</summary>
internal sealed record AuditRow(long Offset, string PersistenceId, long SequenceNr, string Manifest, DateTimeOffset At, IReadOnlyList<string> Tags, JsonElement Event);

/// <summary>`POST /api/config`. Null fields are left as they are.</summary>
internal sealed record ConfigRequest(
    bool? AutoTrading,
    string? MinEdge,
    string? MaxPosition,
    string? Mode,
    Dictionary<string, StrategyConfigRequest>? Strategies,
    string? Operator);

/// <summary>One strategy's part of <see cref="ConfigRequest"/>.</summary>
internal sealed record StrategyConfigRequest(bool? Enabled, Dictionary<string, string>? Parameters);

/// <summary>What one command of a configuration change did.</summary>
internal sealed record CommandOutcome(string Target, string Command, bool Accepted, string? Message);

/// <summary>`POST /api/config`'s answer.</summary>
internal sealed record ConfigResult(string ChangeId, bool AutoTrading, IReadOnlyList<CommandOutcome> Outcomes);

/// <summary>`POST /api/kill-switch`, `/api/risk/reset` and `/api/circuit-breakers/{name}/reset` bodies (all optional).</summary>
internal sealed record OperatorRequest(string? Reason, string? Operator);

/// <summary>An operator command's answer.</summary>
internal sealed record CommandResultView(bool Accepted, string State, string Message);

/// <summary>`POST /api/orders`: a manual order (cleared by the risk guardian like any intent).</summary>
/// <param name="FairValue">The operator's fair value of the leg (dollars); the edge the guardian checks is fair value − limit (buy) or limit − fair value (sell).</param>
internal sealed record ManualOrderRequest(string? Ticker, string? Side, string? Action, string? Price, string? Count, string? FairValue, string? Style, string? Operator);

/// <summary>`POST /api/orders`'s answer when the guardian approved.</summary>
internal sealed record ManualOrderResult(string IntentId, string ClientOrderId, bool Approved, IReadOnlyDictionary<string, string> Figures);

/// <summary>
/// `GET /api/cluster`: the whole cluster as the shared database and journal see it, from whichever node answers. On a single
/// node only <see cref="Mode"/> (`single-node`) is set and the lists are empty.
/// </summary>
/// <param name="Mode">`cluster` or `single-node`.</param>
/// <param name="NodeId">The node that answered.</param>
/// <param name="LeasedExposure">The budget leases' exposure added up (never above <paramref name="AccountMaxExposure"/>).</param>
/// <param name="Positions">The account's positions from every node's fills in the shared journal.</param>
/// <param name="FillsCounted">Distinct fills (by trade id) the positions are made of.</param>
internal sealed record ClusterView(
    string Mode,
    string? NodeId,
    int ShardCount,
    DateTimeOffset? At,
    IReadOnlyList<ClusterMemberRow> Members,
    IReadOnlyList<ShardRow> Shards,
    IReadOnlyList<BudgetRow> Budgets,
    string? AccountMaxExposure,
    int AccountMaxPositions,
    string? LeasedExposure,
    ClusterControlView? Control,
    IReadOnlyList<ClusterPositionRow> Positions,
    long FillsCounted);

/// <summary>One cluster member: live while its heartbeat is fresh and its lock session exists.</summary>
/// <param name="Shards">Shards it last acquired (counted only while it is live).</param>
internal sealed record ClusterMemberRow(string NodeId, bool Live, string? TradingState, int Shards, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>One shard: its last owner (whether that owner is a live member) and the lease epoch.</summary>
internal sealed record ShardRow(int Shard, string? Owner, bool OwnerLive, long Epoch, DateTimeOffset? AcquiredAt);

/// <summary>One node's leased share of the account's risk limits.</summary>
internal sealed record BudgetRow(string NodeId, string MaxExposure, int MaxPositions, DateTimeOffset ExpiresAt);

/// <summary>The cluster-wide kill switch (every node halts while it is on).</summary>
internal sealed record ClusterControlView(bool Halted, long Generation, string Reason, string Operator, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>One market's position for the whole account, folded from the shared journal's fills.</summary>
/// <param name="Position">Net YES contracts (Kalshi's convention: NO held is negative).</param>
/// <param name="Side">`yes`, `no` or `flat`.</param>
/// <param name="Contracts">Contracts held on <paramref name="Side"/>.</param>
/// <param name="Strategies">The strategy instances that traded it (in a cluster each id ends with its node's id).</param>
internal sealed record ClusterPositionRow(
    string Ticker, string Position, string Side, string Contracts, long Fills, string Fees, IReadOnlyList<string> Strategies, DateTimeOffset LastFillAt);
