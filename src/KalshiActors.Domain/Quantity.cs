using System.Globalization;

namespace KalshiActors.Domain;

/// <summary>A signed number of contracts in 1/100 contract (the exchange's fractional granularity); negative for deltas and NO positions.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.QuantityJsonConverter))]
public readonly record struct Quantity : IComparable<Quantity>
{
    /// <summary>Units per whole contract.</summary>
    public const long UnitsPerContract = 100;

    /// <summary>Decimal places of the unit.</summary>
    public const int Scale = 2;

    private Quantity(long units) => Units = units;

    /// <summary>The quantity in 1/100 contract.</summary>
    public long Units { get; }

    /// <summary>No contracts.</summary>
    public static Quantity Zero => default;

    /// <summary>Whether this is zero.</summary>
    public bool IsZero => Units == 0;

    /// <summary>Creates a quantity from 1/100-contract units.</summary>
    public static Quantity FromUnits(long units) => new(units);

    /// <summary>Creates a quantity from a legacy integer contract count.</summary>
    public static Quantity FromContracts(long contracts, string field = "count") =>
        contracts is > long.MaxValue / UnitsPerContract or < long.MinValue / UnitsPerContract
            ? throw new InvalidFieldValueException(field, contracts.ToString(CultureInfo.InvariantCulture), "a contract count that fits in 1/100-contract units")
            : new Quantity(contracts * UnitsPerContract);

    /// <summary>Parses a fixed-point count string such as "10.00", "10" or "-35.50".</summary>
    public static Quantity Parse(string text, string field = "count")
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var quantity)
            ? quantity
            : throw new InvalidFieldValueException(field, text, "a contract count with at most 2 significant decimals, e.g. \"10.00\"");
    }

    /// <summary>Parses a fixed-point count string without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Quantity quantity)
    {
        var ok = FixedPoint.TryParse(text, Scale, out var units);
        quantity = new Quantity(units);
        return ok;
    }

    /// <summary>Parses UTF-8 count bytes without allocating (WebSocket fast path).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Quantity quantity)
    {
        var ok = FixedPoint.TryParse(utf8, Scale, out var units);
        quantity = new Quantity(units);
        return ok;
    }

    /// <summary>The exchange's fixed-point form with 2 decimals, e.g. "10.00".</summary>
    public string ToFixedString() => FixedPoint.Format(Units, Scale, Scale);

    /// <summary>The legacy integer count; only defined for whole contracts.</summary>
    public long ToWholeContracts() =>
        Units % UnitsPerContract == 0 ? Units / UnitsPerContract : throw new InvalidOperationException($"{ToFixedString()} is not a whole number of contracts.");

    /// <summary>Adds two quantities (checked).</summary>
    public static Quantity operator +(Quantity left, Quantity right) => new(checked(left.Units + right.Units));

    /// <summary>Subtracts two quantities (checked).</summary>
    public static Quantity operator -(Quantity left, Quantity right) => new(checked(left.Units - right.Units));

    /// <summary>Negates a quantity.</summary>
    public static Quantity operator -(Quantity value) => new(checked(-value.Units));

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Units.CompareTo(other.Units);

    /// <summary>Orders quantities by value.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.Units < right.Units;

    /// <summary>Orders quantities by value.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.Units > right.Units;

    /// <summary>Orders quantities by value.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.Units <= right.Units;

    /// <summary>Orders quantities by value.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.Units >= right.Units;

    /// <inheritdoc />
    public override string ToString() => ToFixedString();
}
