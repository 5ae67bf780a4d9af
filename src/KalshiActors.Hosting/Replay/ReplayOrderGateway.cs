using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Replay;

/// <summary>
/// The exchange as a replay sees it: nothing answers. A recovered router's start-up reconciliation stays pending, so it
/// decides nothing the journal does not already say, and no request ever leaves the process.
/// </summary>
internal sealed class ReplayOrderGateway : IOrderGateway
{
    public Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken) => Never<OrderAck>();

    public Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken) => Never<IReadOnlyList<BatchCreateResult>>();

    public Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Never<CancelAck>();

    public Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken) => Never<IReadOnlyList<BatchCancelResult>>();

    public Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken) => Never<OrderAck>();

    public Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken) => Never<DecreaseAck>();

    public Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Never<OrderState>();

    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken) => Never<IReadOnlyList<OrderState>>();

    public Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken) => Never<IReadOnlyList<FillRecord>>();

    public Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken) => Never<IReadOnlyList<PositionRecord>>();

    public Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken) => Never<BalanceRecord>();

    private static Task<T> Never<T>() => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously).Task;
}
