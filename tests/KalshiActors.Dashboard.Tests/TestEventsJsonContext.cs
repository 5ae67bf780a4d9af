using System.Text.Json.Serialization;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Tests;

/// <summary>Lets the tests journal fills as the execution module would (its own context is internal to it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, Converters = [typeof(Domain.Json.OrderIdJsonConverter)])]
[JsonSerializable(typeof(OrderFilled))]
internal sealed partial class TestEventsJsonContext : JsonSerializerContext;
