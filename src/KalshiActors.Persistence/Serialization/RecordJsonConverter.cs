using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KalshiActors.Persistence.Serialization;

/// <summary>
/// Reads a hot event record by hand and leaves everything else to its source-generated contract: writing, and reading any
/// payload the hand-written path does not take as it is (an unknown, missing or repeated property, a value its converter
/// refuses), so the bytes written and every outcome of reading (values, defaults, errors) stay those of the contract.
/// </summary>
/// <remarks>
/// Why: System.Text.Json builds a record with more than four constructor parameters through an object[] of boxed
/// arguments, which made decoding the largest cost of a journal replay. The hand-written path reads each value with the
/// very converter the contract uses, into locals, and calls the constructor.
/// </remarks>
/// <typeparam name="T">The record.</typeparam>
public abstract class RecordJsonConverter<T> : JsonConverter<T>
    where T : class
{
    private readonly JsonTypeInfo<T> _contract;

    /// <summary>Wraps <paramref name="contract"/>, the record's source-generated contract.</summary>
    protected RecordJsonConverter(JsonTypeInfo<T> contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _contract = contract;
    }

    /// <summary>The <see cref="ReadRepeating"/> slot of strategy ids among the strings a converter reads.</summary>
    protected const int StrategyIdSlot = 0;

    /// <summary>The <see cref="ReadRepeating"/> slot of trade ids among the strings a converter reads.</summary>
    protected const int TradeIdSlot = 1;

    /// <summary>The options of the wrapped contract, for reading values with its converters.</summary>
    protected JsonSerializerOptions ContractOptions => _contract.Options;

    /// <summary>A contract to register in place of the generated one: same options, this converter.</summary>
    public JsonTypeInfo<T> CreateTypeInfo() => JsonMetadataServices.CreateValueInfo<T>(_contract.Options, this);

    /// <summary>Whether <paramref name="json"/> (one object) is read by the hand-written path, and what it reads.</summary>
    public bool TryReadDirect(ReadOnlySpan<byte> json, [NotNullWhen(true)] out T? value)
    {
        var reader = new Utf8JsonReader(json);
        value = null;
        return reader.Read() && TryRead(ref reader, out value) && !reader.Read();
    }

    /// <inheritdoc />
    public sealed override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var start = reader;
        if (TryRead(ref reader, out var value))
        {
            return value;
        }

        reader = start;
        return JsonSerializer.Deserialize(ref reader, _contract);
    }

    /// <inheritdoc />
    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, _contract);

    /// <summary>
    /// Reads the object the reader stands on (its start) to its end, or returns false for anything but exactly the record's
    /// properties, each once, each accepted by its converter.
    /// </summary>
    protected abstract bool TryReadObject(ref Utf8JsonReader reader, [NotNullWhen(true)] out T? value);

    /// <summary>The converter <paramref name="contract"/>'s options use for <typeparamref name="TValue"/>.</summary>
    protected static JsonConverter<TValue> ConverterOf<TValue>(JsonTypeInfo contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return (JsonConverter<TValue>)contract.Options.GetTypeInfo(typeof(TValue)).Converter;
    }

    /// <summary>
    /// Reads a string value that tends to repeat in the next documents read on this thread (an order's id in each of its
    /// events, a strategy's id, a trade's id in its fill and its booking) with <paramref name="converter"/>, returning the
    /// value read last at the same <paramref name="slot"/> when the text is the same: no second string, no second check of
    /// the identifier. The value must be immutable; a value the converter refuses is never kept.
    /// </summary>
    /// <param name="reader">Standing on the value.</param>
    /// <param name="converter">Reads the value when its text is not the last one (and whatever is not a plain string).</param>
    /// <param name="options">The converter's options.</param>
    /// <param name="slot">Which of the thread's last <typeparamref name="TValue"/> values (0 to 3): one per kind of value read.</param>
    protected static TValue ReadRepeating<TValue>(ref Utf8JsonReader reader, JsonConverter<TValue> converter, JsonSerializerOptions options, int slot)
    {
        ArgumentNullException.ThrowIfNull(converter);
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return converter.Read(ref reader, typeof(TValue), options)!;
        }

        var text = reader.ValueSpan;
        ref var last = ref RepeatedValues<TValue>.At(slot);
        if (last.Text is { } known && text.SequenceEqual(known.AsSpan(0, last.Length)))
        {
            return last.Value;
        }

        var value = converter.Read(ref reader, typeof(TValue), options)!;
        if (last.Text is null || last.Text.Length < text.Length)
        {
            last.Text = new byte[Math.Max(text.Length, 64)];
        }

        text.CopyTo(last.Text);
        last.Length = text.Length;
        last.Value = value;
        return value;
    }

    /// <summary>
    /// Which of <paramref name="names"/> the property name the reader stands on is (-1 for none), trying
    /// <paramref name="expected"/> first: the writer always writes a record's properties in one order, so the name after
    /// the last one read is nearly always next, one comparison instead of a walk through every name before it; a payload
    /// in any other order (hand-edited, or written by an older contract) still finds each name.
    /// </summary>
    protected static int PropertyIndex(ref Utf8JsonReader reader, byte[][] names, int expected)
    {
        ArgumentNullException.ThrowIfNull(names);
        if ((uint)expected < (uint)names.Length && reader.ValueTextEquals(names[expected]))
        {
            return expected;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (i != expected && reader.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Moves to the value of property <paramref name="field"/> unless it was seen before (then false: let the contract decide).</summary>
    protected static bool EnterValue(ref Utf8JsonReader reader, int field, ref int seen)
    {
        var bit = 1 << field;
        if ((seen & bit) != 0 || !reader.Read())
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    private bool TryRead(ref Utf8JsonReader reader, [NotNullWhen(true)] out T? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        try
        {
            return TryReadObject(ref reader, out value);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            // The contract reads it again and fails (or not) in its own words.
            value = null;
            return false;
        }
    }
}
