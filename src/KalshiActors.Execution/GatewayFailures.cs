using KalshiActors.Domain.Ports;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KalshiActors.Execution;

/// <summary>What a failed order request means for the order it carried.</summary>
internal enum CreateFailureKind
{
    /// <summary>The request never reached the exchange, or the exchange refused it: no order exists.</summary>
    Rejected,

    /// <summary>The answer was lost (timeout, transport failure, server error): the order may or may not exist.</summary>
    Unknown,
}

/// <summary>Classifies gateway exceptions without knowing the gateway's project (through <see cref="IOrderGatewayFailure"/>).</summary>
internal static class GatewayFailures
{
    /// <summary>Whether an idempotent read may be retried after this failure.</summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        BrokenCircuitException => false,
        IOrderGatewayFailure failure => failure.IsTransient,
        TimeoutRejectedException or TimeoutException or HttpRequestException or TaskCanceledException => true,
        _ => false,
    };

    /// <summary>Whether the failure says something about the exchange's health (a refusal of a bad order does not).</summary>
    public static bool CountsAgainstBreaker(Exception exception) => exception switch
    {
        IOrderGatewayFailure failure => failure.IsTransient && failure.StatusCode != 429,
        TimeoutRejectedException or TimeoutException or HttpRequestException or TaskCanceledException => true,
        _ => false,
    };

    /// <summary>What a failed create means: refused (nothing exists) or unknown (look it up by client order id).</summary>
    public static CreateFailureKind ClassifyCreate(Exception exception) => exception switch
    {
        BrokenCircuitException => CreateFailureKind.Rejected,

        // 429 is refused before anything is done; other transient failures may have been applied.
        IOrderGatewayFailure { StatusCode: 429 } => CreateFailureKind.Rejected,
        IOrderGatewayFailure failure => failure.IsTransient ? CreateFailureKind.Unknown : CreateFailureKind.Rejected,
        _ => CreateFailureKind.Unknown,
    };

    /// <summary>A short code for an event: the HTTP status, "circuit_open", or the exception's kind.</summary>
    public static string Code(Exception exception) => exception switch
    {
        BrokenCircuitException => "circuit_open",
        IOrderGatewayFailure { StatusCode: 0 } => "no_response",
        IOrderGatewayFailure failure => "http_" + failure.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TimeoutRejectedException => "timeout",
        _ => exception.GetType().Name,
    };
}
