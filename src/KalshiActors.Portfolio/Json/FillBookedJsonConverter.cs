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
        var options = ContractOptions;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("tradeId"u8) && EnterValue(ref reader, 0, ref seen))
            {
                tradeId = ReadRepeating(ref reader, _string, options, TradeIdSlot);
            }
            else if (reader.ValueTextEquals("clientOrderId"u8) && EnterValue(ref reader, 1, ref seen))
            {
                clientOrderId = ReadRepeating(ref reader, _clientOrderId, options, 0);
            }
            else if (reader.ValueTextEquals("ticker"u8) && EnterValue(ref reader, 2, ref seen))
            {
                ticker = _ticker.Read(ref reader, typeof(MarketTicker), options);
            }
            else if (reader.ValueTextEquals("strategyId"u8) && EnterValue(ref reader, 3, ref seen))
            {
                strategyId = ReadRepeating(ref reader, _string, options, StrategyIdSlot);
            }
            else if (reader.ValueTextEquals("side"u8) && EnterValue(ref reader, 4, ref seen))
            {
                side = _side.Read(ref reader, typeof(Side), options);
            }
            else if (reader.ValueTextEquals("action"u8) && EnterValue(ref reader, 5, ref seen))
            {
                action = _action.Read(ref reader, typeof(Action), options);
            }
            else if (reader.ValueTextEquals("price"u8) && EnterValue(ref reader, 6, ref seen))
            {
                price = _price.Read(ref reader, typeof(Price), options);
            }
            else if (reader.ValueTextEquals("count"u8) && EnterValue(ref reader, 7, ref seen))
            {
                count = _quantity.Read(ref reader, typeof(Quantity), options);
            }
            else if (reader.ValueTextEquals("fee"u8) && EnterValue(ref reader, 8, ref seen))
            {
                fee = _money.Read(ref reader, typeof(Money), options);
            }
            else if (reader.ValueTextEquals("isTaker"u8) && EnterValue(ref reader, 9, ref seen))
            {
                isTaker = _bool.Read(ref reader, typeof(bool), options);
            }
            else if (reader.ValueTextEquals("caughtUp"u8) && EnterValue(ref reader, 10, ref seen))
            {
                caughtUp = _bool.Read(ref reader, typeof(bool), options);
            }
            else if (reader.ValueTextEquals("at"u8) && EnterValue(ref reader, 11, ref seen))
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

        value = new FillBooked(tradeId, clientOrderId, ticker, strategyId, side, action, price, count, fee, isTaker, caughtUp, at);
        return true;
    }
}
