using System.Globalization;

namespace KalshiActors.Hocon;

/// <summary>A HOCON value: object, array, string, number, boolean or null, with the place it was written.</summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin)
    {
        Origin = origin ?? HoconOrigin.Code;
    }

    /// <summary>Where this value was written (the first token of it).</summary>
    public HoconOrigin Origin { get; }

    /// <summary>The HOCON type name used in error messages (`object`, `list`, `string`, ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>JSON text of this value; <paramref name="mask"/> gets each leaf's dotted path and returns true to print `"***"` instead.</summary>
    public string ToJson(bool indented = true, Func<string, bool>? mask = null) =>
        HoconRenderer.ToJson(this, indented, mask);

    /// <summary>Readable HOCON that parses back to the same value; <paramref name="mask"/> as in <see cref="ToJson"/>.</summary>
    public string ToHocon(Func<string, bool>? mask = null) => HoconRenderer.ToHocon(this, mask);
}

/// <summary>An object: fields in the order they were first written.</summary>
public sealed class HoconObject : HoconValue
{
    // Small objects are searched linearly; larger ones get an index on first lookup.
    private const int IndexThreshold = 8;

    private readonly List<KeyValuePair<string, HoconValue>> fields;
    private Dictionary<string, int>? index;

    /// <summary>Creates an object from fields; a repeated key keeps its first position and its last value.</summary>
    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
        ArgumentNullException.ThrowIfNull(fields);
        this.fields = [];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (positions.TryGetValue(field.Key, out var at))
            {
                this.fields[at] = field;
            }
            else
            {
                positions[field.Key] = this.fields.Count;
                this.fields.Add(field);
            }
        }

        index = positions;
    }

    /// <summary>Takes ownership of fields whose keys are already unique (the resolver's fast path).</summary>
    internal HoconObject(List<KeyValuePair<string, HoconValue>> uniqueFields, HoconOrigin origin)
        : base(origin)
    {
        fields = uniqueFields;
    }

    /// <summary>An empty object.</summary>
    public static HoconObject Empty { get; } = new([], HoconOrigin.Code);

    /// <inheritdoc/>
    public override string TypeName => "object";

    /// <summary>The fields in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, HoconValue>> Fields => fields;

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => fields.Select(f => f.Key);

    /// <summary>Number of fields.</summary>
    public int Count => fields.Count;

    /// <summary>The value of a direct child key (not a path).</summary>
    public HoconValue this[string key] =>
        TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"{Origin}: object has no key \"{key}\"");

    /// <summary>Looks up a direct child key (not a path).</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HoconValue value)
    {
        if (fields.Count <= IndexThreshold)
        {
            foreach (var field in fields)
            {
                if (string.Equals(field.Key, key, StringComparison.Ordinal))
                {
                    value = field.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        if (index is null)
        {
            var built = new Dictionary<string, int>(fields.Count, StringComparer.Ordinal);
            for (var i = 0; i < fields.Count; i++)
            {
                built[fields[i].Key] = i;
            }

            // Readers may race to build the index; publishing a complete dictionary atomically keeps that safe.
            Interlocked.CompareExchange(ref index, built, null);
        }

        if (index.TryGetValue(key, out var at))
        {
            value = fields[at].Value;
            return true;
        }

        value = null;
        return false;
    }
}

/// <summary>A list of values.</summary>
public sealed class HoconArray : HoconValue
{
    /// <summary>Creates a list.</summary>
    public HoconArray(IEnumerable<HoconValue> items, HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    /// <summary>Takes ownership of an array nobody else holds (the resolver's fast path).</summary>
    internal HoconArray(HoconValue[] ownedItems, HoconOrigin origin)
        : base(origin)
    {
        Items = ownedItems;
    }

    /// <inheritdoc/>
    public override string TypeName => "list";

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<HoconValue> Items { get; }
}

/// <summary>A string (quoted, unquoted or the result of concatenation).</summary>
public sealed class HoconString : HoconValue
{
    /// <summary>Creates a string value.</summary>
    public HoconString(string value, HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc/>
    public override string TypeName => "string";

    /// <summary>The text.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>A number, keeping the text exactly as written so rendering never changes it.</summary>
public sealed class HoconNumber : HoconValue
{
    /// <summary>Creates a number from its source text (e.g. `10`, `-1.5e3`).</summary>
    public HoconNumber(string text, HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HoconTokenizer.IsNumber(text))
        {
            throw new ArgumentException($"'{text}' is not a number", nameof(text));
        }

        Text = text;
    }

    /// <inheritdoc/>
    public override string TypeName => "number";

    /// <summary>The number as written in the source.</summary>
    public string Text { get; }

    /// <summary>True when the number is integral and fits in 64 bits (`10.0` does not count: it was written as a decimal).</summary>
    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The value as a decimal; throws <see cref="HoconException"/> when it does not fit.</summary>
    public decimal ToDecimal()
    {
        if (decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new HoconException(Origin, $"number {Text} does not fit in a decimal");
    }

    /// <summary>The value as a double.</summary>
    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>`true` or `false`.</summary>
public sealed class HoconBoolean : HoconValue
{
    /// <summary>Creates a boolean value.</summary>
    public HoconBoolean(bool value, HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
        Value = value;
    }

    /// <inheritdoc/>
    public override string TypeName => "boolean";

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>An explicit `null` (present, unlike a missing key).</summary>
public sealed class HoconNull : HoconValue
{
    /// <summary>Creates a null value.</summary>
    public HoconNull(HoconOrigin? origin = null)
        : base(origin ?? HoconOrigin.Code)
    {
    }

    /// <inheritdoc/>
    public override string TypeName => "null";

    /// <inheritdoc/>
    public override string ToString() => "null";
}
