using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiActors.Domain.Json;

// Prices, quantities and money travel as fixed-point strings ("0.4500"), never JSON numbers: a reader in any language
// gets the exact value, and the journal stays readable in an audit.

/// <summary>Writes fixed-point values as the same text as their ToDollarString / ToFixedString, without a string per value.</summary>
internal static class FixedPointJson
{
    public static void Write(Utf8JsonWriter writer, long units, int scale)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[FixedPoint.MaxFormattedLength];
        writer.WriteStringValue(text[..FixedPoint.FormatTo(text, units, scale, scale)]);
    }
}

/// <summary>Writes a <see cref="Price"/> as its dollar string ("0.4500") and reads it back exactly.</summary>
public sealed class PriceJsonConverter : JsonConverter<Price>
{
    /// <inheritdoc />
    public override Price Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DomainJson.IsPlainString(ref reader) && Price.TryParseDollars(reader.ValueSpan, out var price)
            ? price
            : Price.ParseDollars(DomainJson.ReadString(ref reader, "price"));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Price value, JsonSerializerOptions options) =>
        FixedPointJson.Write(writer, value.Units, Price.Scale);
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
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        FixedPointJson.Write(writer, value.Units, Quantity.Scale);
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
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        FixedPointJson.Write(writer, value.Units, Money.Scale);
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

    /// <summary>
    /// Whether values repeat from one document to the next (tickers do, order ids do not): then the last few read on this
    /// thread are reused, so a journal replay holds one string per market rather than one per event.
    /// </summary>
    protected virtual bool Repeats => false;

    [ThreadStatic]
    private static RecentValues? t_recent;

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!Repeats || !DomainJson.IsPlainString(ref reader))
        {
            return Create(DomainJson.ReadString(ref reader, Field));
        }

        var recent = t_recent ??= new RecentValues();
        if (recent.TryGet(reader.ValueSpan, out var known))
        {
            return known;
        }

        // Only values that passed the identifier's checks are kept; the same bytes would pass them again.
        var value = Create(DomainJson.ReadString(ref reader, Field));
        recent.Add(reader.ValueSpan, value);
        return value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(TextOf(value));
    }

    /// <summary>The last values read on one thread, by their UTF-8 text; the oldest is replaced when full.</summary>
    private sealed class RecentValues
    {
        private const int Capacity = 32;
        private readonly byte[][] _texts = new byte[Capacity][];
        private readonly T[] _values = new T[Capacity];
        private int _count;
        private int _next;

        public bool TryGet(ReadOnlySpan<byte> utf8, out T value)
        {
            for (var i = 0; i < _count; i++)
            {
                if (utf8.SequenceEqual(_texts[i]))
                {
                    value = _values[i];
                    return true;
                }
            }

            value = default!;
            return false;
        }

        public void Add(ReadOnlySpan<byte> utf8, T value)
        {
            int slot;
            if (_count < Capacity)
            {
                slot = _count++;
            }
            else
            {
                slot = _next;
                _next = (_next + 1) % Capacity;
            }

            _texts[slot] = utf8.ToArray();
            _values[slot] = value;
        }
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

    /// <inheritdoc />
    protected override bool Repeats => true;
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

    /// <inheritdoc />
    protected override bool Repeats => true;
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

    /// <inheritdoc />
    protected override bool Repeats => true;
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
