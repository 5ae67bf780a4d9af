using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Execution.Paper;

/// <summary>An <see cref="IOrderGateway"/> over the in-process <see cref="PaperExchange"/>: paper mode sends nothing to an exchange.</summary>
public sealed class PaperOrderGateway(PaperExchange exchange) : IOrderGateway
{
    private readonly PaperExchange _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));

    /// <inheritdoc />
    public Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken) => Run(() => _exchange.Create(order));

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        return Run<IReadOnlyList<BatchCreateResult>>(() => [.. orders.Select(o =>
        {
            try
            {
                return new BatchCreateResult(o.ClientOrderId, _exchange.Create(o), null);
            }
            catch (PaperOrderRejectedException ex)
            {
                return new BatchCreateResult(o.ClientOrderId, null, new OrderRejection(ex.ErrorCode, ex.Message));
            }
        })]);
    }

    /// <inheritdoc />
    public Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Run(() => _exchange.Cancel(orderId));

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        return Run<IReadOnlyList<BatchCancelResult>>(() => [.. orderIds.Select(id =>
        {
            try
            {
                return new BatchCancelResult(id, _exchange.Cancel(id), null);
            }
            catch (PaperOrderRejectedException ex)
            {
                return new BatchCancelResult(id, null, new OrderRejection(ex.ErrorCode, ex.Message));
            }
        })]);
    }

    /// <inheritdoc />
    public Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken) => Run(() => _exchange.Amend(amend));

    /// <inheritdoc />
    public Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken) => Run(() => _exchange.Decrease(decrease));

    /// <inheritdoc />
    public Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Run(() => _exchange.GetOrder(orderId));

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken) => Run(() => _exchange.GetOrders(query));

    /// <inheritdoc />
    public Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken) => Run(() => _exchange.GetFills(query));

    /// <inheritdoc />
    public Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken) => Run(_exchange.GetPositions);

    /// <inheritdoc />
    public Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken) => Task.FromResult(new BalanceRecord(Money.Zero, Money.Zero, null));

    private static Task<T> Run<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (PaperOrderRejectedException ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
