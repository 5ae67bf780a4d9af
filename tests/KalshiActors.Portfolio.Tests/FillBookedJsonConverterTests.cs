using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KalshiActors.Domain;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio.Json;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>The hand-read fill: the same bytes as its generated contract, the same values and errors read back.</summary>
public sealed class FillBookedJsonConverterTests
{
    private static readonly FillBooked Fill = new(
        "t-1", new ClientOrderId("c-1"), new MarketTicker("MKT-A"), "s", Side.No, Action.Sell, Price.ParseDollars("0.4567"), Quantity.Parse("2.50"),
        Money.ParseDollars("0.0123"), true, false, new DateTimeOffset(2026, 12, 4, 15, 30, 0, TimeSpan.FromHours(-5)));

    [Fact]
    public void Writes_the_generated_bytes_and_reads_them_by_hand()
    {
        var payload = PortfolioEvents.Register(new EventRegistry()).Serialize(Fill).Payload;

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Fill, PortfolioJsonContext.Default.FillBooked), payload);
        Assert.True(new FillBookedJsonConverter(PortfolioJsonContext.Default.FillBooked).TryReadDirect(payload, out var read));
        Assert.Equal(Fill, read);
    }

    [Fact]
    public void An_orders_and_a_trades_ids_read_again_on_a_thread_are_the_values_read_before()
    {
        var converter = new FillBookedJsonConverter(PortfolioJsonContext.Default.FillBooked);
        var payload = PortfolioEvents.Register(new EventRegistry()).Serialize(Fill).Payload;
        var other = PortfolioEvents.Register(new EventRegistry()).Serialize(Fill with { TradeId = "t-2", ClientOrderId = new ClientOrderId("c-2") }).Payload;

        Assert.True(converter.TryReadDirect(payload, out var first));
        Assert.True(converter.TryReadDirect(payload, out var again));
        Assert.True(converter.TryReadDirect(other, out var next));

        Assert.Equal((Fill, Fill), (first, again));
        Assert.Same(first.TradeId, again.TradeId);
        Assert.Same(first.ClientOrderId.Value, again.ClientOrderId.Value);
        Assert.Same(first.StrategyId, next.StrategyId);
        Assert.Equal(("t-2", new ClientOrderId("c-2")), (next.TradeId, next.ClientOrderId));
    }

    [Fact]
    public void The_hand_reader_expects_the_properties_in_the_order_the_contract_writes_them()
    {
        Assert.Equal(
            FillBookedJsonConverter.Names.Select(n => Encoding.UTF8.GetString(n)),
            JsonNode.Parse(JsonSerializer.Serialize(Fill, PortfolioJsonContext.Default.FillBooked))!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Properties_in_any_order_read_the_same_values()
    {
        var properties = JsonNode.Parse(JsonSerializer.Serialize(Fill, PortfolioJsonContext.Default.FillBooked))!.AsObject()
            .Select(p => $"\"{p.Key}\":{p.Value?.ToJsonString() ?? "null"}").Reverse().ToList();
        var shuffled = "{" + string.Join(",", properties.Where((_, i) => i % 2 == 1).Concat(properties.Where((_, i) => i % 2 == 0))) + "}";

        Assert.True(new FillBookedJsonConverter(PortfolioJsonContext.Default.FillBooked).TryReadDirect(Encoding.UTF8.GetBytes(shuffled), out var read));
        Assert.Equal(Fill, read);
        Assert.Equal(Fill, PortfolioEvents.Register(new EventRegistry()).Deserialize("portfolio", 1, "FillBooked.v1", Encoding.UTF8.GetBytes(shuffled)));
    }

    [Theory]
    [InlineData("{\"extra\":1,")]
    [InlineData("{\"price\":\"0.0100\",")]
    [InlineData("{\"price\":null,")]
    [InlineData("{\"price\":\"dear\",")]
    public void Any_other_payload_reads_as_the_generated_contract_reads_it(string start)
    {
        AssertSameOutcome(start + JsonSerializer.Serialize(Fill, PortfolioJsonContext.Default.FillBooked)[1..]);
    }

    [Fact]
    public void A_missing_member_reads_as_the_generated_contract_reads_it()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Fill, PortfolioJsonContext.Default.FillBooked))!.AsObject();
        json.Remove("fee");
        AssertSameOutcome(json.ToJsonString());
    }

    private static void AssertSameOutcome(string json)
    {
        var registry = PortfolioEvents.Register(new EventRegistry());
        var bytes = Encoding.UTF8.GetBytes(json);
        FillBooked? expected;
        try
        {
            expected = JsonSerializer.Deserialize(bytes, PortfolioJsonContext.Default.FillBooked);
        }
        catch (Exception ex)
        {
            var error = Record.Exception(() => registry.Deserialize("portfolio", 1, "FillBooked.v1", bytes));
            var cause = error is EventDeserializationException ? error.InnerException : error;
            Assert.Equal(ex.GetType(), cause?.GetType());
            Assert.Equal(ex.Message, cause?.Message);
            return;
        }

        Assert.Equal(expected, registry.Deserialize("portfolio", 1, "FillBooked.v1", bytes));
    }
}
