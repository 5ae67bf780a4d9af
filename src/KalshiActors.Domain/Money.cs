namespace KalshiActors.Domain;

/// <summary>
/// A signed amount of money in 1/10,000 dollar, the unit of fees and fixed-point dollar fields.
/// Fields that carry 6 decimals (some portfolio figures) are read into <see cref="PreciseMoney"/> instead,
/// so that no recorded digit is ever dropped; converting back is exact or explicit about rounding.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.MoneyJsonConverter))]
public readonly record struct Money : IComparable<Money>
{
    /// <summary>Units per dollar.</summary>
    public const long UnitsPerDollar = 10_000;

    /// <summary>Decimal places of the unit.</summary>
    public const int Scale = 4;

    private Money(long units) => Units = units;

    /// <summary>The amount in 1/10,000 dollar.</summary>
    public long Units { get; }

    /// <summary>$0.</summary>
    public static Money Zero => default;

    /// <summary>Creates money from 1/10,000-dollar units (legacy WS "centi-cent" fields use this unit too).</summary>
    public static Money FromUnits(long units) => new(units);

    /// <summary>Creates money from legacy integer cents.</summary>
    public static Money FromCents(long cents) => new(checked(cents * 100));

    /// <summary>Creates money from whole dollars (WS ticker dollar_volume).</summary>
    public static Money FromDollars(long dollars) => new(checked(dollars * UnitsPerDollar));

    /// <summary>Parses a fixed-point dollar string with at most 4 significant decimals, e.g. "12.3400".</summary>
    public static Money ParseDollars(string text, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseDollars(text, out var money)
            ? money
            : throw new InvalidFieldValueException(field, text, "a dollar string with at most 4 significant decimals, e.g. \"12.3400\" (6-decimal fields are read as PreciseMoney)");
    }

    /// <summary>Parses a fixed-point dollar string without throwing.</summary>
    public static bool TryParseDollars(ReadOnlySpan<char> text, out Money money)
    {
        var ok = FixedPoint.TryParse(text, Scale, out var units);
        money = new Money(units);
        return ok;
    }

    /// <summary>Parses UTF-8 dollar bytes without allocating (journal replay fast path).</summary>
    public static bool TryParseDollars(ReadOnlySpan<byte> utf8, out Money money)
    {
        var ok = FixedPoint.TryParse(utf8, Scale, out var units);
        money = new Money(units);
        return ok;
    }

    /// <summary>The fixed-point form with 4 decimals, e.g. "12.3400".</summary>
    public string ToDollarString() => FixedPoint.Format(Units, Scale, Scale);

    /// <summary>The exact value in 1/1,000,000 dollar.</summary>
    public PreciseMoney ToPrecise() => PreciseMoney.FromMicros(checked(Units * 100));

    /// <summary>Adds two amounts (checked).</summary>
    public static Money operator +(Money left, Money right) => new(checked(left.Units + right.Units));

    /// <summary>Subtracts two amounts (checked).</summary>
    public static Money operator -(Money left, Money right) => new(checked(left.Units - right.Units));

    /// <summary>Negates an amount.</summary>
    public static Money operator -(Money value) => new(checked(-value.Units));

    /// <inheritdoc />
    public int CompareTo(Money other) => Units.CompareTo(other.Units);

    /// <summary>Orders amounts by value.</summary>
    public static bool operator <(Money left, Money right) => left.Units < right.Units;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator >(Money left, Money right) => left.Units > right.Units;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator <=(Money left, Money right) => left.Units <= right.Units;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator >=(Money left, Money right) => left.Units >= right.Units;

    /// <inheritdoc />
    public override string ToString() => ToDollarString();
}

/// <summary>A signed amount in 1/1,000,000 dollar, for the portfolio fields the exchange reports with 6 decimals.</summary>
public readonly record struct PreciseMoney : IComparable<PreciseMoney>
{
    /// <summary>Units per dollar.</summary>
    public const long UnitsPerDollar = 1_000_000;

    /// <summary>Decimal places of the unit.</summary>
    public const int Scale = 6;

    private PreciseMoney(long micros) => Micros = micros;

    /// <summary>The amount in 1/1,000,000 dollar.</summary>
    public long Micros { get; }

    /// <summary>Creates an amount from micro-dollars.</summary>
    public static PreciseMoney FromMicros(long micros) => new(micros);

    /// <summary>Parses a fixed-point dollar string with at most 6 significant decimals.</summary>
    public static PreciseMoney ParseDollars(string text, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(text);
        return FixedPoint.TryParse(text, Scale, out var micros)
            ? new PreciseMoney(micros)
            : throw new InvalidFieldValueException(field, text, "a dollar string with at most 6 significant decimals, e.g. \"12.345678\"");
    }

    /// <summary>Whether the amount is a whole number of 1/10,000 dollar, i.e. converts to <see cref="Money"/> exactly.</summary>
    public bool IsExactMoney => Micros % 100 == 0;

    /// <summary>The exact <see cref="Money"/>; throws when sub-$0.0001 digits would be lost.</summary>
    public Money ToMoney() =>
        IsExactMoney
            ? Money.FromUnits(Micros / 100)
            : throw new InvalidOperationException($"{ToDollarString()} has digits below $0.0001; use ToMoneyRoundedUp/Down to choose the rounding.");

    /// <summary>Rounds towards positive infinity to $0.0001 (fees owed).</summary>
    public Money ToMoneyRoundedUp() => Money.FromUnits((long)Math.Ceiling(Micros / 100m));

    /// <summary>Rounds towards negative infinity to $0.0001 (credits).</summary>
    public Money ToMoneyRoundedDown() => Money.FromUnits((long)Math.Floor(Micros / 100m));

    /// <summary>The fixed-point form with 6 decimals, e.g. "12.345678".</summary>
    public string ToDollarString() => FixedPoint.Format(Micros, Scale, Scale);

    /// <inheritdoc />
    public int CompareTo(PreciseMoney other) => Micros.CompareTo(other.Micros);

    /// <summary>Orders amounts by value.</summary>
    public static bool operator <(PreciseMoney left, PreciseMoney right) => left.Micros < right.Micros;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator >(PreciseMoney left, PreciseMoney right) => left.Micros > right.Micros;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator <=(PreciseMoney left, PreciseMoney right) => left.Micros <= right.Micros;

    /// <summary>Orders amounts by value.</summary>
    public static bool operator >=(PreciseMoney left, PreciseMoney right) => left.Micros >= right.Micros;

    /// <inheritdoc />
    public override string ToString() => ToDollarString();
}
