using System.Net.WebSockets;
using KalshiActors.Dashboard.Api;
using KalshiActors.Dashboard.Bridge;
using KalshiActors.Dashboard.Security;
using KalshiActors.Kernel;
using Microsoft.AspNetCore.Http;

namespace KalshiActors.Dashboard.Streaming;

/// <summary>
/// <c>/ws</c>: queues a status_update at once and hands the socket to the hub, whose sender thread sends whatever is queued
/// for this client (messages queued together as one JSON array frame). The client's messages are read only to notice it
/// leaving. A client the hub drops (full queue) has its socket aborted.
/// </summary>
internal static class WebSocketEndpoint
{
    public static async Task<IResult> HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("/ws is a WebSocket endpoint; connect with a WebSocket client");
        }

        if (dashboard.Access.CheckRead(context) is { } refused)
        {
            return Problems.Unauthorized(refused);
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(AccessPolicy.Protocol) ? AccessPolicy.Protocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        var client = dashboard.Hub.Connect();
        try
        {
            var overview = await dashboard.Bridge.Ask<StateView>(GetOverview.Instance, dashboard.Settings.AskTimeout, context.RequestAborted).ConfigureAwait(false);
            client.TryEnqueue(ClientHub.Message("status_update", overview, DashboardJsonContext.Default.StateView));
            client.Attach(socket);
            dashboard.Hub.Signal();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, client.DroppedToken);
            await ReceiveUntilClosedAsync(socket, stop).ConfigureAwait(false);
            if (client.DropReason is { } reason && reason != "disconnected")
            {
                socket.Abort();
            }
            else
            {
                // The sender may be mid-send on the socket: a close is a send too, so it waits for that one.
                await client.DetachAsync().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                dashboard.Hub.Disconnect(client);
                if (socket.State == WebSocketState.Open)
                {
                    using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", closing.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or AskTimeoutException or TimeoutException)
        {
            socket.Abort();
        }
        finally
        {
            dashboard.Hub.Disconnect(client);
            client.Dispose();
        }

        return Results.Empty;
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        await stop.CancelAsync().ConfigureAwait(false);
    }
}
