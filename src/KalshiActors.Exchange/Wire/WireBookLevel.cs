using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiActors.Exchange.Wire;

/// <summary>
/// One order-book level as the exchange writes it: a two-item array whose items are strings ("0.4800", "120.00")
/// in the current shape and numbers (cents, whole counts) in legacy recordings. The text and the kind of each item are kept
/// so a level is written back exactly as it was read.
/// </summary>
[JsonConverter(typeof(WireBookLevelConverter))]
public readonly record struct WireBookLevel(string Price, bool PriceIsNumber, string Count, bool CountIsNumber)
{
    /// <summary>A current-shape level: both items fixed-point strings.</summary>
    public static WireBookLevel FixedPoint(string priceDollars, string countFp) => new(priceDollars, false, countFp, false);
}

/// <summary>Reads and writes <see cref="WireBookLevel"/> as <c>[price, count]</c>.</summary>
public sealed class WireBookLevelConverter : JsonConverter<WireBookLevel>
{
    /// <inheritdoc />
    public override WireBookLevel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("an order-book level must be a [price, count] array");
        }

        reader.Read();
        var (price, priceIsNumber) = ReadItem(ref reader, "price");
        reader.Read();
        var (count, countIsNumber) = ReadItem(ref reader, "count");
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("an order-book level must have exactly two items [price, count]");
        }

        return new WireBookLevel(price, priceIsNumber, count, countIsNumber);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, WireBookLevel value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        WriteItem(writer, value.Price, value.PriceIsNumber);
        WriteItem(writer, value.Count, value.CountIsNumber);
        writer.WriteEndArray();
    }

    private static (string Text, bool IsNumber) ReadItem(ref Utf8JsonReader reader, string what) =>
        reader.TokenType switch
        {
            JsonTokenType.String => (reader.GetString()!, false),
            JsonTokenType.Number => (System.Text.Encoding.UTF8.GetString(reader.ValueSpan), true),
            _ => throw new JsonException($"an order-book level's {what} must be a string or a number, not {reader.TokenType}"),
        };

    private static void WriteItem(Utf8JsonWriter writer, string text, bool isNumber)
    {
        if (isNumber)
        {
            writer.WriteRawValue(text, skipInputValidation: false);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
