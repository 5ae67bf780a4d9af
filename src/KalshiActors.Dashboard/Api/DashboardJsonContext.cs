using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace KalshiActors.Dashboard.Api;

/// <summary>Source-generated JSON contracts of every API body (camelCase; enums are written as text by the mapping).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(StateView))]
[JsonSerializable(typeof(IReadOnlyList<MarketRow>))]
[JsonSerializable(typeof(BookView))]
[JsonSerializable(typeof(IReadOnlyList<SignalRow>))]
[JsonSerializable(typeof(SignalRow))]
[JsonSerializable(typeof(IReadOnlyList<OrderRow>))]
[JsonSerializable(typeof(OrderRow))]
[JsonSerializable(typeof(IReadOnlyList<TradeRow>))]
[JsonSerializable(typeof(TradeRow))]
[JsonSerializable(typeof(IReadOnlyList<AlertRow>))]
[JsonSerializable(typeof(AlertRow))]
[JsonSerializable(typeof(IReadOnlyList<AuditRow>))]
[JsonSerializable(typeof(IReadOnlyList<BreakerRow>))]
[JsonSerializable(typeof(BreakerRow))]
[JsonSerializable(typeof(IReadOnlyList<EquityPoint>))]
[JsonSerializable(typeof(EquityPoint))]
[JsonSerializable(typeof(ConfigRequest))]
[JsonSerializable(typeof(ConfigResult))]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(CommandResultView))]
[JsonSerializable(typeof(ManualOrderRequest))]
[JsonSerializable(typeof(ManualOrderResult))]
[JsonSerializable(typeof(List<CommandOutcome>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
