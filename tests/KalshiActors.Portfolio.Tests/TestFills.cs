using System.Text.Json.Serialization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>JSON contracts for the Execution-owned fill events, so tests can write router fills into the journal.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(OrderFilled))]
[JsonSerializable(typeof(OrderPartiallyFilled))]
internal sealed partial class TestFillJsonContext : JsonSerializerContext
{
}

/// <summary>Fill events as an order router would publish them.</summary>
internal static class TestFills
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);

    /// <summary>The portfolio's manifests plus the router fill manifests (owned by Execution; registered here for tests only).</summary>
    public static void RegisterAll(EventRegistry registry)
    {
        PortfolioEvents.Register(registry);
        registry.Register("OrderFilled.v1", TestFillJsonContext.Default.OrderFilled);
        registry.Register("OrderPartiallyFilled.v1", TestFillJsonContext.Default.OrderPartiallyFilled);
    }

    public static OrderFilled Filled(string tradeId, string ticker, Side side, Action action, string price, string count, string fee = "0") =>
        new(
            new ClientOrderId("c-" + tradeId),
            new OrderId("o-" + tradeId),
            new MarketTicker(ticker),
            tradeId,
            "test-strategy",
            side,
            action,
            Price.ParseDollars(price),
            Quantity.Parse(count),
            Money.ParseDollars(fee),
            true,
            Quantity.Parse(count),
            Start);

    public static OrderPartiallyFilled PartiallyFilled(string tradeId, string ticker, Side side, Action action, string price, string count, string fee = "0") =>
        new(
            new ClientOrderId("c-" + tradeId),
            new OrderId("o-" + tradeId),
            new MarketTicker(ticker),
            tradeId,
            "test-strategy",
            side,
            action,
            Price.ParseDollars(price),
            Quantity.Parse(count),
            Money.ParseDollars(fee),
            false,
            Quantity.Parse(count),
            Quantity.Parse("1"),
            Start);
}
