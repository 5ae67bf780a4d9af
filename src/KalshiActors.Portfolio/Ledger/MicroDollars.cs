using KalshiActors.Domain;

namespace KalshiActors.Portfolio.Ledger;

/// <summary>
/// The ledger's unit: 1/1,000,000 dollar. A fill's value is <c>Quantity.Units (1/100 contract) × Price.Units (1/10,000
/// dollar)</c>, which is exactly micro-dollars, so cash, cost and P&amp;L are kept without any rounding. Only views
/// (<see cref="Domain.Protocol.PortfolioUpdated"/>, <see cref="Domain.Protocol.PositionView"/>) round, to the nearest
/// $0.0001 with midpoints away from zero; the state digest and the persisted snapshots keep the exact micro-dollars.
/// </summary>
public static class MicroDollars
{
    /// <summary>Micro-dollars per <see cref="Money"/> unit ($0.0001).</summary>
    public const long PerMoneyUnit = 100;

    /// <summary>The exact value of <paramref name="count"/> contracts at <paramref name="price"/>.</summary>
    public static long Value(Quantity count, Price price) => checked(count.Units * price.Units);

    /// <summary>The exact micro-dollars of <paramref name="money"/>.</summary>
    public static long Of(Money money) => checked(money.Units * PerMoneyUnit);

    /// <summary>Rounds to the nearest $0.0001, midpoints away from zero (views only; the ledger never rounds cash).</summary>
    public static Money ToMoney(long micros)
    {
        var units = micros / PerMoneyUnit;
        var rest = micros % PerMoneyUnit;
        if (rest >= PerMoneyUnit / 2)
        {
            units++;
        }
        else if (rest <= -PerMoneyUnit / 2)
        {
            units--;
        }

        return Money.FromUnits(units);
    }

    /// <summary>The fixed-point form with 6 decimals ("-12.345678"), used by the digest and persisted figures.</summary>
    public static string Format(long micros) => FixedPoint.Format(micros, PreciseMoney.Scale, PreciseMoney.Scale);
}

/// <summary>Writes a micro-dollar <see cref="long"/> as its 6-decimal dollar string ("12.345678") and reads it back exactly.</summary>
public sealed class MicroDollarsJsonConverter : System.Text.Json.Serialization.JsonConverter<long>
{
    /// <inheritdoc />
    public override long Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.String)
        {
            throw new System.Text.Json.JsonException($"expected a dollar string with up to 6 decimals, found {reader.TokenType}");
        }

        var text = reader.GetString()!;
        return FixedPoint.TryParse(text, PreciseMoney.Scale, out var micros)
            ? micros
            : throw new System.Text.Json.JsonException($"'{text}' is not a dollar string with up to 6 decimals");
    }

    /// <inheritdoc />
    public override void Write(System.Text.Json.Utf8JsonWriter writer, long value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(MicroDollars.Format(value));
    }
}
