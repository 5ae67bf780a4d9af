namespace KalshiActors.Domain;

/// <summary>Checks shared by the opaque identifiers the exchange hands out.</summary>
internal static class IdentifierRules
{
    public static string Require(string? value, string field, int maxLength, string example)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !IsPrintableWithoutSpaces(value))
        {
            throw new InvalidFieldValueException(
                field,
                value ?? "<null>",
                $"a non-empty identifier of at most {maxLength} printable characters without spaces, e.g. \"{example}\"");
        }

        return value;
    }

    private static bool IsPrintableWithoutSpaces(string value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A market's ticker (e.g. "KXBTC15M-26AUG132115-15"); an opaque key, never parsed for times.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.MarketTickerJsonConverter))]
public readonly record struct MarketTicker
{
    // The string's hash, taken once: every book update is looked up by ticker in a dozen dictionaries and subscription
    // filters on its way through the actors, and hashing the text each time was a visible share of a backtest's CPU.
    // The same value as the string's own hash, so no dictionary behaves differently.
    private readonly int _hash;

    /// <summary>Creates a ticker after checking it is a non-empty token.</summary>
    public MarketTicker(string value)
    {
        Value = IdentifierRules.Require(value, "market_ticker", 256, "KXBTC15M-26AUG132115-15");
        _hash = Value.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>The ticker text.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public bool Equals(MarketTicker other) => _hash == other._hash && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>An event's ticker (e.g. "KXBTC15M-26AUG132115"), grouping one or more markets.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.EventTickerJsonConverter))]
public readonly record struct EventTicker
{
    /// <summary>Creates a ticker after checking it is a non-empty token.</summary>
    public EventTicker(string value) => Value = IdentifierRules.Require(value, "event_ticker", 256, "KXBTC15M-26AUG132115");

    /// <summary>The ticker text.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A series' ticker (e.g. "KXBTC15M"); fees are configured per series.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.SeriesTickerJsonConverter))]
public readonly record struct SeriesTicker
{
    /// <summary>Creates a ticker after checking it is a non-empty token.</summary>
    public SeriesTicker(string value) => Value = IdentifierRules.Require(value, "series_ticker", 128, "KXBTC15M");

    /// <summary>The ticker text.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Our own correlation id for an order, echoed by the exchange on orders, fills and deltas; re-sent unchanged on a retried create.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.ClientOrderIdJsonConverter))]
public readonly record struct ClientOrderId
{
    /// <summary>Creates an id after checking it is a non-empty token.</summary>
    public ClientOrderId(string value) => Value = IdentifierRules.Require(value, "client_order_id", 128, "5f2c1e0a-9b7d-4c1e-8f00-1a2b3c4d5e6f");

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <summary>A fresh random id (UUID v4 text, as the exchange recommends).</summary>
    public static ClientOrderId NewId() => new(Guid.NewGuid().ToString());

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The exchange's id of an order.</summary>
public readonly record struct OrderId
{
    /// <summary>Creates an id after checking it is a non-empty token.</summary>
    public OrderId(string value) => Value = IdentifierRules.Require(value, "order_id", 128, "ee4f9bcb-1b2c-4a3d-9e8f-0a1b2c3d4e5f");

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A strategy's id for one order intent (e.g. "ev-threshold:KXBTC15M-26AUG132115-15:42"); stable across restarts because it is built from persisted sequence numbers.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.IntentIdJsonConverter))]
public readonly record struct IntentId
{
    /// <summary>Creates an id after checking it is a non-empty token.</summary>
    public IntentId(string value) => Value = IdentifierRules.Require(value, "intent_id", 256, "ev-threshold:KXBTC15M-26AUG132115-15:42");

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <summary>The intent id of a strategy's <paramref name="sequenceNr"/>-th intent in a market.</summary>
    public static IntentId For(string strategyId, MarketTicker ticker, long sequenceNr) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{strategyId}:{ticker.Value}:{sequenceNr}"));

    /// <summary>
    /// The client order id of the intent's <paramref name="attempt"/>-th order (0 = the first). Derived, never random,
    /// so a retry or a restart re-sends the same id and the exchange refuses a duplicate instead of filling twice.
    /// </summary>
    public ClientOrderId ToClientOrderId(int attempt = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Value}#{attempt}");
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));

        // Shaped as a UUID (version nibble 5, RFC 4122 variant) because that is what the exchange documents for the field.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new ClientOrderId(new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString());
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
