using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Simulator.Replay;

/// <summary>The recorded-book matching engine refused a request as the exchange would (HTTP-like status and the exchange's error code).</summary>
public sealed class RecordedBookRejectedException(int statusCode, string errorCode, string message)
    : KalshiActorsException($"matching engine refused the request: {errorCode}: {message}"), IOrderGatewayFailure
{
    /// <inheritdoc />
    public int StatusCode { get; } = statusCode;

    /// <summary>The error code the exchange uses for the same refusal.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <inheritdoc />
    public bool IsTransient => false;
}
