using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Execution.Json;

/// <summary>Reads <see cref="OrderSubmitted"/> without the boxing constructor path (a quarter of a replayed journal).</summary>
internal sealed class OrderSubmittedJsonConverter(JsonTypeInfo<OrderSubmitted> contract) : RecordJsonConverter<OrderSubmitted>(contract)
{
    // The constructor's thirteen parameters; the two init-only properties may be absent (journals older than them).
    private const int Required = (1 << 13) - 1;

    private readonly JsonConverter<ClientOrderId> _clientOrderId = ConverterOf<ClientOrderId>(contract);
    private readonly JsonConverter<IntentId> _intentId = ConverterOf<IntentId>(contract);
    private readonly JsonConverter<string> _string = ConverterOf<string>(contract);
    private readonly JsonConverter<MarketTicker> _ticker = ConverterOf<MarketTicker>(contract);
    private readonly JsonConverter<EventTicker> _eventTicker = ConverterOf<EventTicker>(contract);
    private readonly JsonConverter<Side> _side = ConverterOf<Side>(contract);
    private readonly JsonConverter<Action> _action = ConverterOf<Action>(contract);
    private readonly JsonConverter<Price> _price = ConverterOf<Price>(contract);
    private readonly JsonConverter<Quantity> _quantity = ConverterOf<Quantity>(contract);
    private readonly JsonConverter<ExecutionStyle> _style = ConverterOf<ExecutionStyle>(contract);
    private readonly JsonConverter<bool> _bool = ConverterOf<bool>(contract);
    private readonly JsonConverter<DateTimeOffset> _at = ConverterOf<DateTimeOffset>(contract);
    private readonly JsonConverter<Price?> _optionalPrice = ConverterOf<Price?>(contract);
    private readonly JsonConverter<long?> _optionalLong = ConverterOf<long?>(contract);

    /// <inheritdoc />
    protected override bool TryReadObject(ref Utf8JsonReader reader, [NotNullWhen(true)] out OrderSubmitted? value)
    {
        value = null;
        ClientOrderId clientOrderId = default;
        IntentId intentId = default;
        string strategyId = null!;
        MarketTicker ticker = default;
        EventTicker eventTicker = default;
        Side side = default;
        Action action = default;
        Price limitPrice = default;
        Quantity count = default;
        ExecutionStyle style = default;
        bool postOnly = false, paper = false;
        DateTimeOffset at = default;
        Price? intentLimitPrice = null;
        long? leaseEpoch = null;
        var seen = 0;
        var options = ContractOptions;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("client_order_id"u8) && EnterValue(ref reader, 0, ref seen))
            {
                clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
            }
            else if (reader.ValueTextEquals("intent_id"u8) && EnterValue(ref reader, 1, ref seen))
            {
                intentId = _intentId.Read(ref reader, typeof(IntentId), options);
            }
            else if (reader.ValueTextEquals("strategy_id"u8) && EnterValue(ref reader, 2, ref seen))
            {
                strategyId = ReadRepeating(ref reader, _string, options, StrategyIdSlot);
            }
            else if (reader.ValueTextEquals("ticker"u8) && EnterValue(ref reader, 3, ref seen))
            {
                ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
            }
            else if (reader.ValueTextEquals("event_ticker"u8) && EnterValue(ref reader, 4, ref seen))
            {
                eventTicker = _eventTicker.Read(ref reader, typeof(EventTicker), options);
            }
            else if (reader.ValueTextEquals("side"u8) && EnterValue(ref reader, 5, ref seen))
            {
                side = _side.Read(ref reader, typeof(Side), options);
            }
            else if (reader.ValueTextEquals("action"u8) && EnterValue(ref reader, 6, ref seen))
            {
                action = _action.Read(ref reader, typeof(Action), options);
            }
            else if (reader.ValueTextEquals("limit_price"u8) && EnterValue(ref reader, 7, ref seen))
            {
                limitPrice = _price.Read(ref reader, typeof(Price), options);
            }
            else if (reader.ValueTextEquals("count"u8) && EnterValue(ref reader, 8, ref seen))
            {
                count = _quantity.Read(ref reader, typeof(Quantity), options);
            }
            else if (reader.ValueTextEquals("style"u8) && EnterValue(ref reader, 9, ref seen))
            {
                style = _style.Read(ref reader, typeof(ExecutionStyle), options);
            }
            else if (reader.ValueTextEquals("post_only"u8) && EnterValue(ref reader, 10, ref seen))
            {
                postOnly = _bool.Read(ref reader, typeof(bool), options);
            }
            else if (reader.ValueTextEquals("paper"u8) && EnterValue(ref reader, 11, ref seen))
            {
                paper = _bool.Read(ref reader, typeof(bool), options);
            }
            else if (reader.ValueTextEquals("at"u8) && EnterValue(ref reader, 12, ref seen))
            {
                at = _at.Read(ref reader, typeof(DateTimeOffset), options);
            }
            else if (reader.ValueTextEquals("intent_limit_price"u8) && EnterValue(ref reader, 13, ref seen))
            {
                intentLimitPrice = _optionalPrice.Read(ref reader, typeof(Price?), options);
            }
            else if (reader.ValueTextEquals("lease_epoch"u8) && EnterValue(ref reader, 14, ref seen))
            {
                leaseEpoch = _optionalLong.Read(ref reader, typeof(long?), options);
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || (seen & Required) != Required)
        {
            return false;
        }

        value = new OrderSubmitted(clientOrderId, intentId, strategyId, ticker, eventTicker, side, action, limitPrice, count, style, postOnly, paper, at)
        {
            IntentLimitPrice = intentLimitPrice,
            LeaseEpoch = leaseEpoch,
        };
        return true;
    }
}
