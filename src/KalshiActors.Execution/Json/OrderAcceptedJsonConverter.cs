using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Execution.Json;

/// <summary>Reads <see cref="OrderAccepted"/> without the boxing constructor path (a quarter of a replayed journal).</summary>
internal sealed class OrderAcceptedJsonConverter(JsonTypeInfo<OrderAccepted> contract) : RecordJsonConverter<OrderAccepted>(contract)
{
    private const int Required = (1 << 5) - 1;

    private readonly JsonConverter<ClientOrderId> _clientOrderId = ConverterOf<ClientOrderId>(contract);
    private readonly JsonConverter<OrderId> _orderId = ConverterOf<OrderId>(contract);
    private readonly JsonConverter<MarketTicker> _ticker = ConverterOf<MarketTicker>(contract);
    private readonly JsonConverter<Quantity> _quantity = ConverterOf<Quantity>(contract);
    private readonly JsonConverter<DateTimeOffset> _at = ConverterOf<DateTimeOffset>(contract);

    /// <inheritdoc />
    protected override bool TryReadObject(ref Utf8JsonReader reader, [NotNullWhen(true)] out OrderAccepted? value)
    {
        value = null;
        ClientOrderId clientOrderId = default;
        OrderId orderId = default;
        MarketTicker ticker = default;
        Quantity resting = default;
        DateTimeOffset at = default;
        var seen = 0;
        var options = ContractOptions;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("client_order_id"u8) && EnterValue(ref reader, 0, ref seen))
            {
                clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
            }
            else if (reader.ValueTextEquals("order_id"u8) && EnterValue(ref reader, 1, ref seen))
            {
                orderId = ReadRepeating(ref reader, _orderId, options, 0);
            }
            else if (reader.ValueTextEquals("ticker"u8) && EnterValue(ref reader, 2, ref seen))
            {
                ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
            }
            else if (reader.ValueTextEquals("resting"u8) && EnterValue(ref reader, 3, ref seen))
            {
                resting = _quantity.Read(ref reader, typeof(Quantity), options);
            }
            else if (reader.ValueTextEquals("at"u8) && EnterValue(ref reader, 4, ref seen))
            {
                at = _at.Read(ref reader, typeof(DateTimeOffset), options);
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || seen != Required)
        {
            return false;
        }

        value = new OrderAccepted(clientOrderId, orderId, ticker, resting, at);
        return true;
    }
}
