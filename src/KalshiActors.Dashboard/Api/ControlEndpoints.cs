using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Dashboard.Bridge;
using KalshiActors.Dashboard.Configuration;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KalshiActors.Dashboard.Api;

/// <summary>The control endpoints (POST /api/...); each always needs the bearer token.</summary>
internal static class ControlEndpoints
{
    private const string DefaultOperator = "dashboard";

    /// <summary>The strategy id manual orders carry.</summary>
    public const string ManualStrategyId = "manual";

    public static void Map(IEndpointRouteBuilder api, DashboardContext dashboard)
    {
        api.MapPost("/config", Handler(context => ConfigAsync(dashboard, context)));
        api.MapPost("/kill-switch", Handler(context => KillSwitchAsync(dashboard, context)));
        api.MapPost("/risk/reset", Handler(context => RiskResetAsync(dashboard, context)));
        api.MapPost("/circuit-breakers/{name}/reset", (string name, HttpContext context) => BreakerResetAsync(dashboard, name, context));
        api.MapPost("/orders", Handler(context => ManualOrderAsync(dashboard, context)));
    }

    /// <summary>A handler whose IResult is written (a bare HttpContext lambda would bind as a RequestDelegate and drop it).</summary>
    internal static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;


    /// <summary>Reads an optional JSON body; a malformed one is a 400 problem.</summary>
    private static async Task<(T? Body, IResult? Problem)> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, bool required)
        where T : class
    {
        if (context.Request.ContentLength == 0 || (context.Request.ContentLength is null && !context.Request.Headers.TransferEncoding.Any()))
        {
            return required ? (null, Problems.BadRequest("a JSON body is required")) : (null, null);
        }

        if (!context.Request.HasJsonContentType())
        {
            return (null, Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
            return body is null && required ? (null, Problems.BadRequest("a JSON body is required")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"the body is not valid JSON for this endpoint: {e.Message}"));
        }
    }

    private static async Task<IResult> ConfigAsync(DashboardContext dashboard, HttpContext context)
    {
        var (request, problem) = await ReadBodyAsync(context, DashboardJsonContext.Default.ConfigRequest, required: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var node = dashboard.Node;
        if (request!.Mode is { } mode && !mode.Equals(node.Mode, StringComparison.OrdinalIgnoreCase))
        {
            return mode.Equals("live", StringComparison.OrdinalIgnoreCase) && !node.StartedLive
                ? Problems.Forbidden($"switching to live trading from the API is refused: this node was started in {node.Mode} mode; restart it with --env live --confirm-live")
                : Problems.Conflict($"the mode is chosen when the node starts (it runs in {node.Mode} mode); restart it with --env {mode}");
        }

        var errors = new List<string>();
        string? minEdge = null;
        if (request.MinEdge is { } edgeText)
        {
            if (Money.TryParseDollars(edgeText, out var edge) && edge >= Money.Zero)
            {
                minEdge = edge.ToDollarString();
            }
            else
            {
                errors.Add($"minEdge '{edgeText}' is not a non-negative dollar amount such as \"0.03\"");
            }
        }

        string? maxPosition = null;
        if (request.MaxPosition is { } positionText)
        {
            if (Quantity.TryParse(positionText, out var position) && position > Quantity.Zero)
            {
                maxPosition = position.ToFixedString();
            }
            else
            {
                errors.Add($"maxPosition '{positionText}' is not a positive number of contracts such as \"50\"");
            }
        }

        var strategies = new List<StrategyChange>();
        foreach (var (id, part) in request.Strategies ?? [])
        {
            if (!node.StrategyIds.Contains(id, StringComparer.Ordinal))
            {
                errors.Add($"no strategy instance '{id}'; configured: {string.Join(", ", node.StrategyIds)}");
                continue;
            }

            strategies.Add(new StrategyChange(id, part?.Enabled, part?.Parameters ?? []));
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest(string.Join("; ", errors));
        }

        if (request.AutoTrading is null && minEdge is null && maxPosition is null && strategies.Count == 0)
        {
            return Problems.BadRequest("nothing to change: give autoTrading, minEdge, maxPosition or strategies");
        }

        IReadOnlyList<string>? autoTargets = null;
        if (request.AutoTrading is { } auto)
        {
            var (targets, targetProblem) = await AutoTradingTargetsAsync(dashboard, auto, context.RequestAborted).ConfigureAwait(false);
            if (targetProblem is not null)
            {
                return targetProblem;
            }

            autoTargets = targets;
        }

        var change = new ConfigurationChanged(
            Guid.NewGuid().ToString("N"),
            request.Operator ?? DefaultOperator,
            request.AutoTrading,
            minEdge,
            maxPosition,
            strategies,
            node.System.TimeProvider.GetUtcNow(),
            autoTargets);
        var (recorded, recordProblem) = await dashboard.Actors.AskAsync<ConfigurationRecorded>(
            dashboard.Configuration, "dashboard configuration", new RecordConfiguration(change), context.RequestAborted).ConfigureAwait(false);
        if (recordProblem is not null)
        {
            return recordProblem;
        }

        var outcomes = await ApplyAsync(dashboard, change, context.RequestAborted).ConfigureAwait(false);
        if (change.AutoTrading is { } switched)
        {
            dashboard.Bridge.Tell(new AutoTradingSet(switched), ActorRefs.NoSender);
        }

        var result = new ConfigResult(change.ChangeId, recorded!.AutoTrading, outcomes);
        return outcomes.All(o => o.Accepted)
            ? Results.Ok(result)
            : Problems.Unprocessable(
                "the change was journaled but not every command was accepted: " + string.Join("; ", outcomes.Where(o => !o.Accepted).Select(o => $"{o.Target} {o.Command}: {o.Message}")),
                new Dictionary<string, object?> { ["changeId"] = change.ChangeId, ["outcomes"] = outcomes });
    }

    // Off: the strategies enabled now (every configured one when their state cannot be read). On: those the switch turned off.
    private static async Task<(IReadOnlyList<string>? Targets, IResult? Problem)> AutoTradingTargetsAsync(DashboardContext dashboard, bool on, CancellationToken ct)
    {
        if (on)
        {
            var (state, problem) = await dashboard.Actors.AskAsync<ConfigurationState>(
                dashboard.Configuration, "dashboard configuration", GetConfiguration.Instance, ct).ConfigureAwait(false);
            return (state?.Paused, problem);
        }

        if (dashboard.Node.Strategies is { } ask)
        {
            try
            {
                return ([.. (await ask(ct).ConfigureAwait(false)).Where(s => s.Enabled).Select(s => s.Id)], null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Strategies restarting: switch them all off rather than leave one trading.
            }
        }

        return (dashboard.Node.StrategyIds, null);
    }

    // Auto-trading switches its strategies; min edge and max position set those parameters on every strategy; then each
    // strategy's own part. The strategies persist what they accept.
    private static async Task<IReadOnlyList<CommandOutcome>> ApplyAsync(DashboardContext dashboard, ConfigurationChanged change, CancellationToken ct)
    {
        var commands = new List<(string Target, string Name, object Command)>();
        foreach (var id in change.AutoTradingStrategies ?? [])
        {
            var on = change.AutoTrading == true;
            commands.Add((id, on ? "enable" : "disable", on ? new EnableStrategy(id) : new DisableStrategy(id)));
        }

        foreach (var id in dashboard.Node.StrategyIds)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (change.MinEdge is { } edge)
            {
                parameters["min-edge"] = edge;
            }

            if (change.MaxPosition is { } position)
            {
                parameters["max-contracts"] = position;
            }

            if (parameters.Count > 0)
            {
                commands.Add((id, "parameters", new UpdateStrategyParameters(id, parameters)));
            }
        }

        foreach (var strategy in change.Strategies)
        {
            if (strategy.Enabled is { } enabled)
            {
                commands.Add((strategy.StrategyId, enabled ? "enable" : "disable", enabled ? new EnableStrategy(strategy.StrategyId) : new DisableStrategy(strategy.StrategyId)));
            }

            if (strategy.Parameters.Count > 0)
            {
                commands.Add((strategy.StrategyId, "parameters", new UpdateStrategyParameters(strategy.StrategyId, strategy.Parameters)));
            }
        }

        var outcomes = new List<CommandOutcome>();
        foreach (var (target, name, command) in commands)
        {
            var (result, problem) = await dashboard.Actors.AskAsync<StrategyCommandResult>(ActorNames.StrategiesPath, command, ct).ConfigureAwait(false);
            outcomes.Add(result is null
                ? new CommandOutcome(target, name, false, problem is IStatusCodeHttpResult { StatusCode: 503 } ? "strategies are not running" : "no answer in time")
                : new CommandOutcome(target, name, result.Accepted, result.Error));
        }

        return outcomes;
    }

    private static async Task<IResult> KillSwitchAsync(DashboardContext dashboard, HttpContext context)
    {
        var (request, problem) = await ReadBodyAsync(context, DashboardJsonContext.Default.OperatorRequest, required: false).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var command = new ActivateKillSwitch(request?.Reason ?? "kill switch from the dashboard", request?.Operator ?? DefaultOperator);
        var (result, askProblem) = await dashboard.Actors.AskAsync<RiskCommandResult>(RiskCommandPath(dashboard), command, context.RequestAborted).ConfigureAwait(false);
        if (askProblem is not null && dashboard.Node.Clustered)
        {
            // The kill switch must work even when the cluster actor does not answer: this node at least halts.
            (result, askProblem) = await dashboard.Actors.AskAsync<RiskCommandResult>(ActorNames.RiskGuardianPath, command, context.RequestAborted).ConfigureAwait(false);
            result = result is null ? null : result with { Message = "the cluster actor did not answer: halted THIS NODE ONLY; " + result.Message };
        }

        return askProblem ?? Results.Ok(new CommandResultView(result!.Accepted, ViewMapping.Text(result.State), result.Message));
    }

    // In a cluster the kill switch and the reset are the cluster's: /user/cluster writes them to the database, whence every node applies them.
    private static string RiskCommandPath(DashboardContext dashboard) => dashboard.Node.Clustered ? ActorNames.ClusterPath : ActorNames.RiskGuardianPath;

    private static async Task<IResult> RiskResetAsync(DashboardContext dashboard, HttpContext context)
    {
        var (request, problem) = await ReadBodyAsync(context, DashboardJsonContext.Default.OperatorRequest, required: false).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var command = new ResetRiskHalt(request?.Reason ?? "reset from the dashboard", request?.Operator ?? DefaultOperator);
        var (result, askProblem) = await dashboard.Actors.AskAsync<RiskCommandResult>(RiskCommandPath(dashboard), command, context.RequestAborted).ConfigureAwait(false);
        if (askProblem is not null)
        {
            return askProblem;
        }

        var view = new CommandResultView(result!.Accepted, ViewMapping.Text(result.State), result.Message);
        return result.Accepted ? Results.Ok(view) : Problems.Conflict(result.Message, new Dictionary<string, object?> { ["state"] = view.State });
    }

    private static async Task<IResult> BreakerResetAsync(DashboardContext dashboard, string name, HttpContext context)
    {
        var (request, problem) = await ReadBodyAsync(context, DashboardJsonContext.Default.OperatorRequest, required: false).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (result, askProblem) = await dashboard.Actors.AskAsync<CircuitBreakerResetResult>(
            ActorNames.MarketDataPath, new ResetCircuitBreaker(name, request?.Operator ?? DefaultOperator), context.RequestAborted).ConfigureAwait(false);
        if (askProblem is not null)
        {
            return askProblem;
        }

        return result!.Accepted
            ? Results.Ok(new CommandResultView(true, "closed", result.Message))
            : Problems.NotFound(result.Message);
    }

    private static async Task<IResult> ManualOrderAsync(DashboardContext dashboard, HttpContext context)
    {
        var (request, problem) = await ReadBodyAsync(context, DashboardJsonContext.Default.ManualOrderRequest, required: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<string>();
        MarketTicker? ticker = null;
        try
        {
            ticker = new MarketTicker(request!.Ticker!);
        }
        catch (InvalidFieldValueException e)
        {
            errors.Add(e.Message);
        }

        var side = Parse<Side>(request!.Side, "side", "yes or no", errors);
        var action = Parse<Domain.Action>(request.Action, "action", "buy or sell", errors);
        var style = request.Style is null ? ExecutionStyle.ImmediateOrCancel : request.Style.ToLowerInvariant() switch
        {
            "maker" => ExecutionStyle.Maker,
            "ioc" or "taker" or "immediate-or-cancel" => ExecutionStyle.ImmediateOrCancel,
            _ => Invalid(errors, $"style '{request.Style}' is not maker or ioc"),
        };
        var price = Price.TryParseDollars(request.Price ?? string.Empty, out var p) && p > Price.Zero && p < Price.One ? p : Invalid<Price>(errors, $"price '{request.Price}' is not a dollar price between 0 and 1 such as \"0.45\"");
        var count = Quantity.TryParse(request.Count ?? string.Empty, out var c) && c > Quantity.Zero ? c : Invalid<Quantity>(errors, $"count '{request.Count}' is not a positive number of contracts");
        var fair = Price.TryParseDollars(request.FairValue ?? string.Empty, out var f) ? f : Invalid<Price>(errors, $"fairValue '{request.FairValue}' is not a dollar price: say what the leg is worth; the guardian checks the edge it gives");
        if (errors.Count > 0)
        {
            return Problems.BadRequest(string.Join("; ", errors));
        }

        var (lookup, lookupProblem) = await dashboard.Actors.AskAsync<MarketLookup>(dashboard.Bridge, "dashboard bridge", new LookupMarket(ticker!.Value), context.RequestAborted).ConfigureAwait(false);
        if (lookupProblem is not null)
        {
            return lookupProblem;
        }

        if (lookup!.EventTicker is not { } eventTicker)
        {
            return Problems.NotFound($"market '{ticker.Value}' is not in the catalog");
        }

        var now = dashboard.Node.System.TimeProvider.GetUtcNow();
        var intentId = IntentId.For(ManualStrategyId + "-" + dashboard.Node.StartedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), ticker.Value, dashboard.NextManualIntent());
        var edge = Money.FromUnits(action == Domain.Action.Buy ? fair.Units - price.Units : price.Units - fair.Units);
        var intent = new OrderIntent(
            intentId, ManualStrategyId, ticker.Value, eventTicker, side, action, price, count, style, fair.Units / (double)Price.UnitsPerDollar, edge, null, [], now);
        var (reply, askProblem) = await dashboard.Actors.AskAsync<object>(ActorNames.RiskGuardianPath, intent, context.RequestAborted).ConfigureAwait(false);
        return askProblem ?? reply switch
        {
            IntentApproved approved => Results.Accepted(
                null, new ManualOrderResult(intentId.Value, intentId.ToClientOrderId().Value, true, approved.Figures)),
            IntentRejected rejected => Problems.Unprocessable(
                $"the risk guardian rejected the order ({ViewMapping.ToKebab(rejected.Check.ToString())}): {rejected.Reason}",
                new Dictionary<string, object?> { ["intentId"] = intentId.Value, ["check"] = ViewMapping.ToKebab(rejected.Check.ToString()), ["figures"] = rejected.Figures }),
            _ => Problems.Timeout("the risk guardian gave no decision"),
        };
    }

    private static T Parse<T>(string? text, string field, string expected, List<string> errors)
        where T : struct, Enum =>
        text is not null && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(text[0])
            ? value
            : Invalid<T>(errors, $"{field} '{text}' is not {expected}");

    private static T Invalid<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default!;
    }

    private static ExecutionStyle Invalid(List<string> errors, string message) => Invalid<ExecutionStyle>(errors, message);
}
