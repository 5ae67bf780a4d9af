using KalshiActors.Domain;

namespace KalshiActors.Exchange.Http;

/// <summary>
/// A request to the exchange failed. <see cref="StatusCode"/> is the HTTP status, or 0 when no response arrived
/// (then <see cref="ErrorCode"/> is <c>network_error</c> or <c>timeout</c>); <see cref="ErrorCode"/> and the message are the exchange's own when it sent them.
/// </summary>
public sealed class KalshiApiException : KalshiActorsException, KalshiActors.Domain.Ports.IOrderGatewayFailure
{
    /// <summary>Error code used when the connection failed before a response.</summary>
    public const string NetworkError = "network_error";

    /// <summary>Error code used when no response arrived within the request timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Error code used when a successful response could not be read.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>Creates the exception; <paramref name="message"/> is the exchange's or a description of the transport failure.</summary>
    public KalshiApiException(int statusCode, string? errorCode, string message, string method, string path)
        : base($"{method} {path} failed: HTTP {(statusCode == 0 ? "(no response)" : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))} {errorCode ?? "(no code)"}: {message}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ExchangeMessage = message;
        Method = method;
        Path = path;
    }

    /// <summary>Creates the exception keeping the transport failure as the inner exception.</summary>
    public KalshiApiException(int statusCode, string errorCode, string message, string method, string path, Exception innerException)
        : base($"{method} {path} failed: {errorCode}: {message}", innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ExchangeMessage = message;
        Method = method;
        Path = path;
    }

    /// <summary>HTTP status, 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The exchange's error code (e.g. <c>invalid_order</c>), or ours for transport failures; null when none was sent.</summary>
    public string? ErrorCode { get; }

    /// <summary>The exchange's message (or the transport failure's description).</summary>
    public string ExchangeMessage { get; }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The request's path (without host or query).</summary>
    public string Path { get; }

    /// <summary>Whether the request may succeed if sent again unchanged: rate limiting, server errors and transport failures.</summary>
    public bool IsTransient => StatusCode is 0 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Whether the exchange refused the request before doing anything (rate limit), so any request may be re-sent.</summary>
    public bool IsRateLimited => StatusCode == 429;
}
