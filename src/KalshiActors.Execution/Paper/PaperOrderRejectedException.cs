using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Execution.Paper;

/// <summary>The paper model refused a request as the exchange would (HTTP-like status and the exchange's error code).</summary>
public sealed class PaperOrderRejectedException(int statusCode, string errorCode, string message)
    : KalshiActorsException($"paper exchange refused the request: {errorCode}: {message}"), IOrderGatewayFailure
{
    /// <inheritdoc />
    public int StatusCode { get; } = statusCode;

    /// <summary>The error code the exchange uses for the same refusal.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <inheritdoc />
    public bool IsTransient => false;
}
