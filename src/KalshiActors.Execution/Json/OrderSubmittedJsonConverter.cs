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
    // The constructor's thirteen parameters; the two init-only properties (intent_limit_price and lease_epoch, bits 10
    // and 11 of Names) may be absent (journals older than them).
    private const int Required = ((1 << 15) - 1) & ~((1 << 10) | (1 << 11));

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

    /// <summary>The properties in the order the contract writes them; a property's index is its bit in `seen`.</summary>
    internal static readonly byte[][] Names =
    [
        "intent_id"u8.ToArray(),
        "strategy_id"u8.ToArray(),
        "event_ticker"u8.ToArray(),
        "side"u8.ToArray(),
        "action"u8.ToArray(),
        "limit_price"u8.ToArray(),
        "count"u8.ToArray(),
        "style"u8.ToArray(),
        "post_only"u8.ToArray(),
        "paper"u8.ToArray(),
        "intent_limit_price"u8.ToArray(),
        "lease_epoch"u8.ToArray(),
        "client_order_id"u8.ToArray(),
        "ticker"u8.ToArray(),
        "at"u8.ToArray(),
    ];

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
                    intentId = _intentId.Read(ref reader, typeof(IntentId), options);
                    break;
                case 1:
                    strategyId = ReadRepeating(ref reader, _string, options, StrategyIdSlot);
                    break;
                case 2:
                    eventTicker = _eventTicker.Read(ref reader, typeof(EventTicker), options);
                    break;
                case 3:
                    side = _side.Read(ref reader, typeof(Side), options);
                    break;
                case 4:
                    action = _action.Read(ref reader, typeof(Action), options);
                    break;
                case 5:
                    limitPrice = _price.Read(ref reader, typeof(Price), options);
                    break;
                case 6:
                    count = _quantity.Read(ref reader, typeof(Quantity), options);
                    break;
                case 7:
                    style = _style.Read(ref reader, typeof(ExecutionStyle), options);
                    break;
                case 8:
                    postOnly = _bool.Read(ref reader, typeof(bool), options);
                    break;
                case 9:
                    paper = _bool.Read(ref reader, typeof(bool), options);
                    break;
                case 10:
                    intentLimitPrice = _optionalPrice.Read(ref reader, typeof(Price?), options);
                    break;
                case 11:
                    leaseEpoch = _optionalLong.Read(ref reader, typeof(long?), options);
                    break;
                case 12:
                    clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
                    break;
                case 13:
                    ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
                    break;
                case 14:
                    at = _at.Read(ref reader, typeof(DateTimeOffset), options);
                    break;
                default:
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
