using System.Reflection;
using KalshiActors.Dashboard.Api;
using KalshiActors.Dashboard.Bridge;
using KalshiActors.Dashboard.Configuration;
using KalshiActors.Dashboard.Security;
using KalshiActors.Dashboard.Streaming;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Dashboard;

/// <summary>
/// The dashboard of a running node: the bridge and configuration actors in the node's actor system, and Kestrel serving
/// the REST API, the WebSocket and the page. <see cref="StartAsync"/> starts it; disposing stops it (actors included).
/// </summary>
public sealed partial class DashboardServer : IAsyncDisposable
{
    // Signals and alerts written this long before the start (in journal entries) are shown after a restart.
    private const int HistoryWindow = 5000;

    private readonly WebApplication _app;
    private readonly DashboardContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private Task _tail = Task.CompletedTask;
    private bool _disposed;

    private DashboardServer(WebApplication app, DashboardContext context, string url, AccessToken token)
    {
        _app = app;
        _context = context;
        Url = url;
        TokenFile = token.FilePath;
    }

    /// <summary>The URL the server listens on (the port resolved when 0 was asked for).</summary>
    public string Url { get; }

    /// <summary>The bearer token's file.</summary>
    public string TokenFile { get; }

    /// <summary>WebSocket clients connected now.</summary>
    public int ClientCount => _context.Hub.ClientCount;

    /// <summary>WebSocket clients dropped for not keeping up, since start.</summary>
    public long DroppedClients => _context.Hub.DroppedClients;

    /// <summary>
    /// Starts the dashboard for <paramref name="node"/>: reads the journal's order history, creates the
    /// <c>dashboard-bridge</c> and <c>dashboard-config</c> actors, then Kestrel on <see cref="DashboardSettings.Url"/>.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(DashboardSettings settings, DashboardNode node, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggers);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid dashboard settings: " + string.Join("; ", problems), nameof(settings));
        }

        var logger = loggers.CreateLogger<DashboardServer>();
        var token = AccessToken.LoadOrCreate(settings.TokenFile);
        if (token.Created)
        {
            node.Notice?.Invoke($"dashboard token written to {token.FilePath} (mode 0600); control endpoints need it as 'Authorization: Bearer <token>'");
        }

        var (history, lastOffset) = await ReadHistoryAsync(node.Journal, cancellationToken).ConfigureAwait(false);
        var configuration = node.System.ActorOf(DashboardConfigActor.Props(), DashboardConfigActor.Name);
        var state = await configuration.Ask<ConfigurationState>(GetConfiguration.Instance, settings.AskTimeout, cancellationToken).ConfigureAwait(false);
        var hub = new ClientHub(settings, node.System.TimeProvider, logger);
        var gateway = new ActorGateway(node.System, settings.AskTimeout);
        var positions = new JournalPositions(node.Journal);
        Func<CancellationToken, Task<ClusterView?>>? cluster = node.Clustered ? async ct => (await ClusterEndpoint.ReadAsync(gateway, positions, ct).ConfigureAwait(false)).View : null;
        var bridge = node.System.ActorOf(DashboardBridgeActor.Props(settings, hub, node, state.AutoTrading, history, cluster), DashboardBridgeActor.Name);

        // Its first answer comes after PreStart, so the bridge is subscribed to the event stream once this returns.
        await bridge.Ask<StateView>(GetOverview.Instance, settings.AskTimeout, cancellationToken).ConfigureAwait(false);
        var loopbackOnly = AccessPolicy.IsLoopbackUrl(settings.Url);
        var context = new DashboardContext(settings, node, bridge, configuration, hub, new AccessPolicy(token, loopbackOnly), gateway, positions)
        {
            LastOffset = lastOffset,
        };

        var app = Build(settings, context, logger);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            hub.Dispose();
            context.Dispose();
            node.System.Stop(bridge);
            node.System.Stop(configuration);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var url = app.Urls.First();
        var server = new DashboardServer(app, context, url, token);
        server._tail = server.TailJournalAsync(lastOffset);
        Log.Listening(logger, url, token.FilePath, loopbackOnly ? "loopback only: reads open, control needs the token" : "beyond loopback: every endpoint needs the token");
        return server;
    }

    /// <summary>Stops Kestrel, closes the WebSocket clients and stops the dashboard's actors.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _context.Hub.DisconnectAll();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _context.Hub.Dispose();
        _context.Dispose();
        var system = _context.Node.System;
        await Task.WhenAll(StopAndWaitActor.StopAsync(system, _context.Bridge), StopAndWaitActor.StopAsync(system, _context.Configuration))
            .WaitAsync(TimeSpan.FromSeconds(5))
            .ContinueWith(static _ => { }, TaskScheduler.Default)
            .ConfigureAwait(false);
        try
        {
            await _tail.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private static WebApplication Build(DashboardSettings settings, DashboardContext context, ILogger logger)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        // ASP.NET's own request logs would carry URLs and headers; the dashboard logs what matters itself.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(settings.Url);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        builder.Services.AddProblemDetails();
        var cors = settings.CorsOrigins.Count > 0;
        if (cors)
        {
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins([.. settings.CorsOrigins]).AllowAnyHeader().WithMethods("GET", "POST")));
        }

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
            ExceptionHandler = async http =>
            {
                var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is not null)
                {
                    Log.RequestFailed(logger, error, http.Request.Method, http.Request.Path);
                }

                await Problems.Problem(StatusCodes.Status500InternalServerError, "Internal error", error?.Message ?? "unexpected error").ExecuteAsync(http).ConfigureAwait(false);
            },
        });
        app.UseStatusCodePages();
        if (cors)
        {
            app.UseCors();
        }

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

        var read = app.MapGroup("/api").AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.Request.Method == HttpMethods.Post || context.Access.CheckRead(invocation.HttpContext) is not { } refused
                ? await next(invocation).ConfigureAwait(false)
                : Refuse(invocation.HttpContext, refused));
        ReadEndpoints.Map(read, context);
        var control = app.MapGroup("/api").AddEndpointFilter(async (invocation, next) =>
            context.Access.CheckControl(invocation.HttpContext) is { } refused
                ? Refuse(invocation.HttpContext, refused)
                : await next(invocation).ConfigureAwait(false));
        ControlEndpoints.Map(control, context);
        app.Map("/ws", ControlEndpoints.Handler(http => WebSocketEndpoint.HandleAsync(context, http)));
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));
        app.MapFallback((HttpContext http) => Problems.NotFound($"no endpoint {http.Request.Method} {http.Request.Path}"));
        return app;
    }

    private static IResult Refuse(HttpContext context, string why)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized(why);
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("wwwroot/" + name)
            ?? throw new InvalidOperationException($"the page asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Results.Bytes(copy.ToArray(), contentType);
    }

    // Order events (open orders and recent fills survive a restart) and the latest signals and alerts.
    private static async Task<(IReadOnlyList<object> History, long LastOffset)> ReadHistoryAsync(EventJournal journal, CancellationToken cancellationToken)
    {
        var events = new List<object>();
        await foreach (var envelope in journal.CurrentEventsByTag("order", 0, cancellationToken).ConfigureAwait(false))
        {
            events.Add(envelope.Event);
        }

        var last = (await journal.ReadStatisticsAsync(cancellationToken).ConfigureAwait(false)).HighestOrdering;
        await foreach (var envelope in journal.CurrentAllEvents(Math.Max(0, last - HistoryWindow), cancellationToken).ConfigureAwait(false))
        {
            if (envelope.Event is SignalRaised or AlertRaised or TradingStateChanged)
            {
                events.Add(envelope.Event);
            }

            last = Math.Max(last, envelope.Offset);
        }

        return (events, last);
    }

    // Signals and alerts reach the bridge from the journal as they are written (strategies journal their signals).
    private Task TailJournalAsync(long offset) => Task.Run(
        async () =>
        {
            try
            {
                await foreach (var envelope in _context.Node.Journal.AllEvents(offset, _stopping.Token).ConfigureAwait(false))
                {
                    _context.LastOffset = envelope.Offset;
                    if (envelope.Event is SignalRaised or AlertRaised)
                    {
                        _context.Bridge.Tell(new Journaled(envelope.Event), ActorRefs.NoSender);
                    }
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (ObjectDisposedException)
            {
                // The journal closed under the tail at shutdown.
            }
        },
        CancellationToken.None);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {Url}; token file {TokenFile}; {Access}")]
        public static partial void Listening(ILogger logger, string url, string tokenFile, string access);

        [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard request {Method} {Path} failed")]
        public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);
    }
}
