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

    /// <summary>The properties in the order the contract writes them; a property's index is its bit in `seen`.</summary>
    internal static readonly byte[][] Names =
    [
        "order_id"u8.ToArray(),
        "resting"u8.ToArray(),
        "client_order_id"u8.ToArray(),
        "ticker"u8.ToArray(),
        "at"u8.ToArray(),
    ];

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
        var next = 0;
        var options = ContractOptions;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = PropertyIndex(ref reader, Names, next);
            if (field < 0 || !EnterValue(ref reader, field, ref seen))
            {
                return false;
            }

            next = field + 1;
            switch (field)
            {
                case 0:
                    orderId = ReadRepeating(ref reader, _orderId, options, 0);
                    break;
                case 1:
                    resting = _quantity.Read(ref reader, typeof(Quantity), options);
                    break;
                case 2:
                    clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
                    break;
                case 3:
                    ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
                    break;
                case 4:
                    at = _at.Read(ref reader, typeof(DateTimeOffset), options);
                    break;
                default:
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
