using System.Text.Json;
using System.Text.Json.Serialization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Domain.Tests;

[JsonSerializable(typeof(OrderIntent))]
[JsonSerializable(typeof(OrderFilled))]
internal sealed partial class DomainJsonTestContext : JsonSerializerContext;

public sealed class DomainJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fixed_point_values_travel_as_exact_strings_and_round_trip()
    {
        var intent = new OrderIntent(
            IntentId.For("ev", new MarketTicker("KXBTC-1"), 7),
            "ev",
            new MarketTicker("KXBTC-1"),
            new EventTicker("KXBTC"),
            Side.No,
            KalshiActors.Domain.Action.Buy,
            Price.ParseDollars("0.4512"),
            Quantity.Parse("12.50"),
            ExecutionStyle.Maker,
            0.61,
            Money.ParseDollars("-0.0312"),
            null,
            ["spot"],
            At);

        var json = JsonSerializer.Serialize(intent, DomainJsonTestContext.Default.OrderIntent);

        Assert.Contains("\"LimitPrice\":\"0.4512\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Count\":\"12.50\"", json, StringComparison.Ordinal);
        Assert.Contains("\"EdgeAfterFees\":\"-0.0312\"", json, StringComparison.Ordinal);
        Assert.Contains("\"IntentId\":\"ev:KXBTC-1:7\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, DomainJsonTestContext.Default.OrderIntent)!;
        Assert.Equal(intent with { InputFeeds = back.InputFeeds }, back);
        Assert.Equal(intent.InputFeeds, back.InputFeeds);
    }

    [Fact]
    public void A_price_written_as_a_number_is_refused_with_the_field_named()
    {
        var json = JsonSerializer.Serialize(
            new OrderFilled(
                new ClientOrderId("c-1"), new OrderId("o-1"), new MarketTicker("M"), "t-1", "ev", Side.Yes, KalshiActors.Domain.Action.Buy,
                Price.FromCents(40), Quantity.FromContracts(1), Money.FromCents(2), true, Quantity.FromContracts(1), At),
            DomainJsonTestContext.Default.OrderFilled).Replace("\"Price\":\"0.4000\"", "\"Price\":0.4", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, DomainJsonTestContext.Default.OrderFilled));
        Assert.Contains("'price' must be a JSON string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_amounts_and_tickers_read_as_their_plain_forms_and_a_bad_amount_names_its_text()
    {
        var fill = new OrderFilled(
            new ClientOrderId("c-1"), new OrderId("o-1"), new MarketTicker("KXBTC-1"), "t-1", "ev", Side.Yes, KalshiActors.Domain.Action.Buy,
            Price.FromCents(40), Quantity.FromContracts(3), Money.FromCents(2), true, Quantity.FromContracts(3), At);
        var json = JsonSerializer.Serialize(fill, DomainJsonTestContext.Default.OrderFilled);

        // The plain strings are parsed from their bytes, escaped ones through the string path: both give the same values.
        var escaped = json
            .Replace("\"Price\":\"0.4000\"", "\"Price\":\"\\u0030.4000\"", StringComparison.Ordinal)
            .Replace("\"Ticker\":\"KXBTC-1\"", "\"Ticker\":\"KXBTC\\u002D1\"", StringComparison.Ordinal);
        Assert.NotEqual(json, escaped);
        var read = JsonSerializer.Deserialize(escaped, DomainJsonTestContext.Default.OrderFilled)!;
        Assert.Equal((fill.Ticker, fill.Price, fill.Count, fill.Fee), (read.Ticker, read.Price, read.Count, read.Fee));

        // Read many times (tickers are reused per thread), every value is still the one written.
        for (var i = 0; i < 100; i++)
        {
            var other = fill with { Ticker = new MarketTicker($"KXBTC-{i % 40}"), Price = Price.FromCents(i) };
            var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(other, DomainJsonTestContext.Default.OrderFilled), DomainJsonTestContext.Default.OrderFilled)!;
            Assert.Equal((other.Ticker, other.Price), (back.Ticker, back.Price));
        }

        var bad = json.Replace("\"Fee\":\"0.0200\"", "\"Fee\":\"0.02x\"", StringComparison.Ordinal);
        Assert.NotEqual(json, bad);
        var error = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize(bad, DomainJsonTestContext.Default.OrderFilled));
        Assert.Contains("0.02x", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_order_ids_are_derived_from_the_intent_and_differ_per_attempt()
    {
        var intent = IntentId.For("ev", new MarketTicker("KXBTC-1"), 7);

        Assert.Equal(intent.ToClientOrderId(), IntentId.For("ev", new MarketTicker("KXBTC-1"), 7).ToClientOrderId());
        Assert.NotEqual(intent.ToClientOrderId(0), intent.ToClientOrderId(1));
        Assert.NotEqual(intent.ToClientOrderId(), IntentId.For("ev", new MarketTicker("KXBTC-1"), 8).ToClientOrderId());
        Assert.True(Guid.TryParse(intent.ToClientOrderId().Value, out var guid));
        Assert.Equal(5, guid.Version);
    }
}
