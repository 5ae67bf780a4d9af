namespace KalshiActors.Domain.Ports;

/// <summary>
/// Implemented by the exceptions an <see cref="IOrderGateway"/> throws for a failed request, so callers can tell a refusal
/// from a lost answer without referencing the gateway's project.
/// </summary>
public interface IOrderGatewayFailure
{
    /// <summary>HTTP status of the answer, 0 when no answer arrived (transport failure or timeout).</summary>
    int StatusCode { get; }

    /// <summary>Whether the same request may succeed if sent again (rate limit, server error, no answer).</summary>
    bool IsTransient { get; }
}
