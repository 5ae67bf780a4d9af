using System.Net;
using Microsoft.AspNetCore.Http;

namespace KalshiActors.Dashboard.Security;

/// <summary>
/// Who may call what: control endpoints always need the bearer token; read endpoints are open to loopback callers while the
/// dashboard listens on loopback only, and need the token too when it listens on any other address.
/// </summary>
internal sealed class AccessPolicy(AccessToken token, bool loopbackOnly)
{
    /// <summary>The WebSocket subprotocol carrying the token (browsers cannot set headers on a WebSocket): <c>bearer.TOKEN</c>.</summary>
    public const string BearerProtocolPrefix = "bearer.";

    /// <summary>The WebSocket subprotocol the server answers with.</summary>
    public const string Protocol = "kalshi-actors";

    /// <summary>Whether the server listens on loopback addresses only.</summary>
    public bool LoopbackOnly => loopbackOnly;

    /// <summary>Null when a read is allowed, else why not.</summary>
    public string? CheckRead(HttpContext context)
    {
        if (loopbackOnly && IsLoopback(context) && !HasWrongToken(context))
        {
            return null;
        }

        return HasToken(context) ? null : loopbackOnly && !IsLoopback(context)
            ? "read endpoints are open to loopback callers only; send the bearer token"
            : "this dashboard listens beyond loopback: every endpoint needs the bearer token (Authorization: Bearer ...)";
    }

    /// <summary>Null when a control command is allowed, else why not.</summary>
    public string? CheckControl(HttpContext context) =>
        HasToken(context) ? null : "control endpoints need the bearer token from the dashboard's token file (Authorization: Bearer ...)";

    private bool HasToken(HttpContext context) => token.Matches(Presented(context));

    // A caller that presents a token must present the right one, even where none is needed.
    private bool HasWrongToken(HttpContext context) => Presented(context) is { } presented && !token.Matches(presented);

    private static string? Presented(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        foreach (var protocol in context.WebSockets.WebSocketRequestedProtocols)
        {
            if (protocol.StartsWith(BearerProtocolPrefix, StringComparison.Ordinal))
            {
                return protocol[BearerProtocolPrefix.Length..];
            }
        }

        return null;
    }

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    /// <summary>Whether <paramref name="url"/>'s host is a loopback address or localhost.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        var host = new Uri(url).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
