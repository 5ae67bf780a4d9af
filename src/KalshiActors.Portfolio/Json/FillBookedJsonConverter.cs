using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Persistence.Serialization;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Json;

/// <summary>Reads <see cref="FillBooked"/> without the boxing constructor path (one event in four of a replayed journal).</summary>
internal sealed class FillBookedJsonConverter(JsonTypeInfo<FillBooked> contract) : RecordJsonConverter<FillBooked>(contract)
{
    private const int Required = (1 << 12) - 1;

    private readonly JsonConverter<string> _string = ConverterOf<string>(contract);
    private readonly JsonConverter<ClientOrderId> _clientOrderId = ConverterOf<ClientOrderId>(contract);
    private readonly JsonConverter<MarketTicker> _ticker = ConverterOf<MarketTicker>(contract);
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
        "tradeId"u8.ToArray(),
        "clientOrderId"u8.ToArray(),
        "ticker"u8.ToArray(),
        "strategyId"u8.ToArray(),
        "side"u8.ToArray(),
        "action"u8.ToArray(),
        "price"u8.ToArray(),
        "count"u8.ToArray(),
        "fee"u8.ToArray(),
        "isTaker"u8.ToArray(),
        "caughtUp"u8.ToArray(),
        "at"u8.ToArray(),
    ];

    /// <inheritdoc />
    protected override bool TryReadObject(ref Utf8JsonReader reader, [NotNullWhen(true)] out FillBooked? value)
    {
        value = null;
        string tradeId = null!, strategyId = null!;
        ClientOrderId clientOrderId = default;
        MarketTicker ticker = default;
        Side side = default;
        Action action = default;
        Price price = default;
        Quantity count = default;
        Money fee = default;
        bool isTaker = false, caughtUp = false;
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
                    tradeId = ReadRepeating(ref reader, _string, options, TradeIdSlot);
                    break;
                case 1:
                    clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
                    break;
                case 2:
                    ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
                    break;
                case 3:
                    strategyId = ReadRepeating(ref reader, _string, options, StrategyIdSlot);
                    break;
                case 4:
                    side = _side.Read(ref reader, typeof(Side), options);
                    break;
                case 5:
                    action = _action.Read(ref reader, typeof(Action), options);
                    break;
                case 6:
                    price = _price.Read(ref reader, typeof(Price), options);
                    break;
                case 7:
                    count = _quantity.Read(ref reader, typeof(Quantity), options);
                    break;
                case 8:
                    fee = _money.Read(ref reader, typeof(Money), options);
                    break;
                case 9:
                    isTaker = _bool.Read(ref reader, typeof(bool), options);
                    break;
                case 10:
                    caughtUp = _bool.Read(ref reader, typeof(bool), options);
                    break;
                case 11:
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

        value = new FillBooked(tradeId, clientOrderId, ticker, strategyId, side, action, price, count, fee, isTaker, caughtUp, at);
        return true;
    }
}
