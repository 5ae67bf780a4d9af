using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiActors.Domain.Json;

// Prices, quantities and money travel as fixed-point strings ("0.4500"), never JSON numbers: a reader in any language
// gets the exact value, and the journal stays readable in an audit.

/// <summary>Writes a <see cref="Price"/> as its dollar string ("0.4500") and reads it back exactly.</summary>
public sealed class PriceJsonConverter : JsonConverter<Price>
{
    /// <inheritdoc />
    public override Price Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DomainJson.IsPlainString(ref reader) && Price.TryParseDollars(reader.ValueSpan, out var price)
            ? price
            : Price.ParseDollars(DomainJson.ReadString(ref reader, "price"));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Price value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToDollarString());
    }
}

/// <summary>Writes a <see cref="Quantity"/> as its contract string ("12.50") and reads it back exactly.</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DomainJson.IsPlainString(ref reader) && Quantity.TryParse(reader.ValueSpan, out var quantity)
            ? quantity
            : Quantity.Parse(DomainJson.ReadString(ref reader, "quantity"));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToFixedString());
    }
}

/// <summary>Writes <see cref="Money"/> as its dollar string ("-12.3400") and reads it back exactly.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    /// <inheritdoc />
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DomainJson.IsPlainString(ref reader) && Money.TryParseDollars(reader.ValueSpan, out var money)
            ? money
            : Money.ParseDollars(DomainJson.ReadString(ref reader, "money"));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToDollarString());
    }
}

/// <summary>Writes a string-backed identifier as its text and reads it back through the identifier's own checks.</summary>
public abstract class IdentifierJsonConverter<T> : JsonConverter<T>
{
    /// <summary>What the identifier is called in error messages.</summary>
    protected abstract string Field { get; }

    /// <summary>Creates the identifier from its text.</summary>
    protected abstract T Create(string value);

    /// <summary>The identifier's text.</summary>
    protected abstract string TextOf(T value);

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Create(DomainJson.ReadString(ref reader, Field));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(TextOf(value));
    }
}

/// <summary>JSON form of <see cref="MarketTicker"/>.</summary>
public sealed class MarketTickerJsonConverter : IdentifierJsonConverter<MarketTicker>
{
    /// <inheritdoc />
    protected override string Field => "market_ticker";

    /// <inheritdoc />
    protected override MarketTicker Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(MarketTicker value) => value.Value;
}

/// <summary>JSON form of <see cref="EventTicker"/>.</summary>
public sealed class EventTickerJsonConverter : IdentifierJsonConverter<EventTicker>
{
    /// <inheritdoc />
    protected override string Field => "event_ticker";

    /// <inheritdoc />
    protected override EventTicker Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(EventTicker value) => value.Value;
}

/// <summary>JSON form of <see cref="SeriesTicker"/>.</summary>
public sealed class SeriesTickerJsonConverter : IdentifierJsonConverter<SeriesTicker>
{
    /// <inheritdoc />
    protected override string Field => "series_ticker";

    /// <inheritdoc />
    protected override SeriesTicker Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(SeriesTicker value) => value.Value;
}

/// <summary>JSON form of <see cref="ClientOrderId"/>.</summary>
public sealed class ClientOrderIdJsonConverter : IdentifierJsonConverter<ClientOrderId>
{
    /// <inheritdoc />
    protected override string Field => "client_order_id";

    /// <inheritdoc />
    protected override ClientOrderId Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(ClientOrderId value) => value.Value;
}

/// <summary>JSON form of <see cref="OrderId"/>.</summary>
public sealed class OrderIdJsonConverter : IdentifierJsonConverter<OrderId>
{
    /// <inheritdoc />
    protected override string Field => "order_id";

    /// <inheritdoc />
    protected override OrderId Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(OrderId value) => value.Value;
}

/// <summary>JSON form of <see cref="IntentId"/>.</summary>
public sealed class IntentIdJsonConverter : IdentifierJsonConverter<IntentId>
{
    /// <inheritdoc />
    protected override string Field => "intent_id";

    /// <inheritdoc />
    protected override IntentId Create(string value) => new(value);

    /// <inheritdoc />
    protected override string TextOf(IntentId value) => value.Value;
}

/// <summary>Shared reading rules of the domain converters.</summary>
internal static class DomainJson
{
    // Journal replays read millions of amounts: an unescaped string in one buffer is parsed from its UTF-8 bytes without
    // allocating; anything else (and anything that does not parse) takes the string path, which also words the error.
    public static bool IsPlainString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence;

    public static string ReadString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"'{field}' must be a JSON string (e.g. \"0.4500\"), found {reader.TokenType}.");
}
