using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Execution.Json;

/// <summary>Reads <see cref="OrderFilled"/> without the boxing constructor path (a quarter of a replayed journal).</summary>
internal sealed class OrderFilledJsonConverter(JsonTypeInfo<OrderFilled> contract) : RecordJsonConverter<OrderFilled>(contract)
{
    private const int Required = (1 << 13) - 1;

    private readonly JsonConverter<ClientOrderId> _clientOrderId = ConverterOf<ClientOrderId>(contract);
    private readonly JsonConverter<OrderId> _orderId = ConverterOf<OrderId>(contract);
    private readonly JsonConverter<MarketTicker> _ticker = ConverterOf<MarketTicker>(contract);
    private readonly JsonConverter<string> _string = ConverterOf<string>(contract);
    private readonly JsonConverter<Side> _side = ConverterOf<Side>(contract);
    private readonly JsonConverter<Action> _action = ConverterOf<Action>(contract);
    private readonly JsonConverter<Price> _price = ConverterOf<Price>(contract);
    private readonly JsonConverter<Quantity> _quantity = ConverterOf<Quantity>(contract);
    private readonly JsonConverter<Money> _money = ConverterOf<Money>(contract);
    private readonly JsonConverter<bool> _bool = ConverterOf<bool>(contract);
    private readonly JsonConverter<DateTimeOffset> _at = ConverterOf<DateTimeOffset>(contract);

    /// <summary>The properties in the order the contract writes them; a property's index is its bit in `seen`.</summary>
    internal static readonly byte[][] Names =
    [
        "order_id"u8.ToArray(),
        "trade_id"u8.ToArray(),
        "strategy_id"u8.ToArray(),
        "side"u8.ToArray(),
        "action"u8.ToArray(),
        "price"u8.ToArray(),
        "count"u8.ToArray(),
        "fee"u8.ToArray(),
        "is_taker"u8.ToArray(),
        "filled_total"u8.ToArray(),
        "client_order_id"u8.ToArray(),
        "ticker"u8.ToArray(),
        "at"u8.ToArray(),
    ];

    /// <inheritdoc />
    protected override bool TryReadObject(ref Utf8JsonReader reader, [NotNullWhen(true)] out OrderFilled? value)
    {
        value = null;
        ClientOrderId clientOrderId = default;
        OrderId orderId = default;
        MarketTicker ticker = default;
        string tradeId = null!, strategyId = null!;
        Side side = default;
        Action action = default;
        Price price = default;
        Quantity count = default, filledTotal = default;
        Money fee = default;
        var isTaker = false;
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
                    tradeId = ReadRepeating(ref reader, _string, options, TradeIdSlot);
                    break;
                case 2:
                    strategyId = ReadRepeating(ref reader, _string, options, StrategyIdSlot);
                    break;
                case 3:
                    side = _side.Read(ref reader, typeof(Side), options);
                    break;
                case 4:
                    action = _action.Read(ref reader, typeof(Action), options);
                    break;
                case 5:
                    price = _price.Read(ref reader, typeof(Price), options);
                    break;
                case 6:
                    count = _quantity.Read(ref reader, typeof(Quantity), options);
                    break;
                case 7:
                    fee = _money.Read(ref reader, typeof(Money), options);
                    break;
                case 8:
                    isTaker = _bool.Read(ref reader, typeof(bool), options);
                    break;
                case 9:
                    filledTotal = _quantity.Read(ref reader, typeof(Quantity), options);
                    break;
                case 10:
                    clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
                    break;
                case 11:
                    ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
                    break;
                case 12:
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

        value = new OrderFilled(clientOrderId, orderId, ticker, tradeId, strategyId, side, action, price, count, fee, isTaker, filledTotal, at);
        return true;
    }
}
