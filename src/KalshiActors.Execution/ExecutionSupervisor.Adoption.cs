using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Execution;

/// <summary>Write-behind: at start, the markets where an order may have left without its write being stored.</summary>
public sealed partial class ExecutionSupervisor
{
    /// <summary>
    /// With write-behind an order sent just before a crash may be at the exchange and not in the journal, in a market whose
    /// router nothing else would start. Every market with an order created within the adoption window gets its router now;
    /// each router's start-up reconciliation adopts what its journal lacks. The paper model starts empty with the process,
    /// so there is nothing to look for.
    /// </summary>
    private void ScanForUnstoredOrders()
    {
        if (_settings.OrderJournaling != OrderJournaling.WriteBehind || _paper is not null)
        {
            return;
        }

        var since = Context.System.TimeProvider.GetUtcNow() - _settings.AdoptionWindow;
        _ = _calls!.GetOrdersAsync(new OrderQuery(Since: since))
            .PipeTo(Self, Self, orders => new RecentExchangeOrders(orders), ex => new RecentExchangeOrdersFailed(ex));
    }

    private void OnRecentExchangeOrders(RecentExchangeOrders recent)
    {
        var tickers = recent.Orders.Select(o => o.Ticker).Distinct().OrderBy(t => t.Value, StringComparer.Ordinal).ToList();
        if (tickers.Count == 0)
        {
            _log.LogDebug("Write-behind: no order at the exchange within the adoption window");
            return;
        }

        _log.LogInformation(
            "Write-behind: {Orders} orders at the exchange within the adoption window, in {Markets} markets; their routers reconcile now",
            recent.Orders.Count, tickers.Count);
        foreach (var ticker in tickers)
        {
            Router(ticker);
        }
    }

    private void OnRecentExchangeOrdersFailed(RecentExchangeOrdersFailed failed)
    {
        _log.LogWarning(failed.Cause, "Write-behind: could not read the exchange's recent orders; retrying in {Delay}", _settings.ReconcileRetryDelay);
        Context.System.Scheduler.ScheduleTellOnce(_settings.ReconcileRetryDelay, Self, ScanAgain.Instance, Self);
    }

    private sealed record RecentExchangeOrders(IReadOnlyList<OrderState> Orders);

    private sealed record RecentExchangeOrdersFailed(Exception Cause);

    private sealed record ScanAgain
    {
        public static readonly ScanAgain Instance = new();
    }
}
