namespace KalshiActors.Domain;

/// <summary>Base of every exception KalshiActors raises on purpose; projects derive their specific failures from it.</summary>
public class KalshiActorsException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    public KalshiActorsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the lower-level cause that was translated at the project edge.</summary>
    public KalshiActorsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A value read from the exchange, a recording or configuration did not have the expected form.</summary>
public sealed class InvalidFieldValueException : KalshiActorsException
{
    /// <summary>Creates the exception naming the field, the offending value and what was expected.</summary>
    public InvalidFieldValueException(string field, string value, string expected)
        : base($"{field}: '{value}' is not valid; expected {expected}.")
    {
        Field = field;
        Value = value;
        Expected = expected;
    }

    /// <summary>The field (JSON property or setting path) that carried the value.</summary>
    public string Field { get; }

    /// <summary>The rejected value as it was read.</summary>
    public string Value { get; }

    /// <summary>What a valid value looks like.</summary>
    public string Expected { get; }
}
