namespace KalshiActors.Domain.Ports;

/// <summary>Where orders go: the Kalshi exchange (live or demo), the simulator, or the paper model.</summary>
public interface IOrderGateway
{
    /// <summary>Places one order; a retry after a lost answer re-sends the same client order id.</summary>
    Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken);

    /// <summary>Places several orders in one request; each item succeeds or fails on its own.</summary>
    Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken);

    /// <summary>Cancels a resting order.</summary>
    Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken);

    /// <summary>Cancels several resting orders in one request.</summary>
    Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken);

    /// <summary>Changes a resting order's price and/or total size.</summary>
    Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken);

    /// <summary>Reduces a resting order's size, keeping its queue position.</summary>
    Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken);

    /// <summary>Reads one order back.</summary>
    Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken);

    /// <summary>Reads orders back (all pages).</summary>
    Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken);

    /// <summary>Reads our fills (all pages).</summary>
    Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken);

    /// <summary>Reads our unsettled positions (all pages).</summary>
    Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken);

    /// <summary>Reads our balance.</summary>
    Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken);
}
