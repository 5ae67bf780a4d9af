using System.Globalization;

namespace KalshiActors.Domain;

/// <summary>A contract price in 1/10,000 dollar (0 to 10,000 = $0.0000 to $1.0000); the unit covers every tick structure down to $0.0001.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.PriceJsonConverter))]
public readonly record struct Price : IComparable<Price>
{
    /// <summary>Units per dollar.</summary>
    public const long UnitsPerDollar = 10_000;

    /// <summary>Units per cent, the legacy integer price unit.</summary>
    public const long UnitsPerCent = 100;

    /// <summary>Decimal places of the unit.</summary>
    public const int Scale = 4;

    private Price(long units) => Units = units;

    /// <summary>The price in 1/10,000 dollar.</summary>
    public long Units { get; }

    /// <summary>$0.0000.</summary>
    public static Price Zero => default;

    /// <summary>$1.0000, what a winning contract pays.</summary>
    public static Price One => new(UnitsPerDollar);

    /// <summary>The same match seen from the other leg: YES at p is NO at 1 - p.</summary>
    public Price Complement => new(UnitsPerDollar - Units);

    /// <summary>Creates a price from units, rejecting anything outside $0 to $1.</summary>
    public static Price FromUnits(long units, string field = "price") =>
        units is >= 0 and <= UnitsPerDollar
            ? new Price(units)
            : throw new InvalidFieldValueException(field, units.ToString(CultureInfo.InvariantCulture), "a price between 0 and 10000 units of $0.0001");

    /// <summary>Creates a price from legacy integer cents (0 to 100).</summary>
    public static Price FromCents(long cents, string field = "price") =>
        cents is >= 0 and <= 100
            ? new Price(cents * UnitsPerCent)
            : throw new InvalidFieldValueException(field, cents.ToString(CultureInfo.InvariantCulture), "integer cents between 0 and 100");

    /// <summary>Parses a fixed-point dollar string such as "0.5600", "0.56" or "1".</summary>
    public static Price ParseDollars(string text, string field = "price")
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseDollars(text, out var price)
            ? price
            : throw new InvalidFieldValueException(field, text, "a dollar string between \"0\" and \"1\" with at most 4 significant decimals, e.g. \"0.5600\"");
    }

    /// <summary>Parses a fixed-point dollar string without throwing.</summary>
    public static bool TryParseDollars(ReadOnlySpan<char> text, out Price price)
    {
        price = default;
        if (!FixedPoint.TryParse(text, Scale, out var units) || units is < 0 or > UnitsPerDollar)
        {
            return false;
        }

        price = new Price(units);
        return true;
    }

    /// <summary>Parses UTF-8 dollar bytes without allocating (WebSocket fast path).</summary>
    public static bool TryParseDollars(ReadOnlySpan<byte> utf8, out Price price)
    {
        price = default;
        if (!FixedPoint.TryParse(utf8, Scale, out var units) || units is < 0 or > UnitsPerDollar)
        {
            return false;
        }

        price = new Price(units);
        return true;
    }

    /// <summary>Whether the price is a whole number of cents (valid under every tick structure).</summary>
    public bool IsWholeCent => Units % UnitsPerCent == 0;

    /// <summary>The exchange's fixed-point form with 4 decimals, e.g. "0.5600".</summary>
    public string ToDollarString() => FixedPoint.Format(Units, Scale, Scale);

    /// <summary>The legacy integer-cent value; only defined for whole-cent prices.</summary>
    public long ToCents() =>
        IsWholeCent ? Units / UnitsPerCent : throw new InvalidOperationException($"{ToDollarString()} is not a whole number of cents.");

    /// <inheritdoc />
    public int CompareTo(Price other) => Units.CompareTo(other.Units);

    /// <summary>Orders prices by value.</summary>
    public static bool operator <(Price left, Price right) => left.Units < right.Units;

    /// <summary>Orders prices by value.</summary>
    public static bool operator >(Price left, Price right) => left.Units > right.Units;

    /// <summary>Orders prices by value.</summary>
    public static bool operator <=(Price left, Price right) => left.Units <= right.Units;

    /// <summary>Orders prices by value.</summary>
    public static bool operator >=(Price left, Price right) => left.Units >= right.Units;

    /// <inheritdoc />
    public override string ToString() => ToDollarString();
}
