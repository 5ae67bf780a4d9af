using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Execution.Tests;

/// <summary>A scriptable gateway that records every request; by default orders rest in full and nothing is found.</summary>
internal sealed class FakeOrderGateway : IOrderGateway
{
    private int _nextOrder;

    public ConcurrentQueue<OrderRequest> Creates { get; } = new();

    public ConcurrentQueue<AmendRequest> Amends { get; } = new();

    public ConcurrentQueue<OrderId> Cancels { get; } = new();

    public ConcurrentQueue<OrderQuery> OrderQueries { get; } = new();

    public ConcurrentQueue<FillQuery> FillQueries { get; } = new();

    public Func<OrderRequest, Task<OrderAck>> OnCreate { get; set; }

    public Func<AmendRequest, Task<OrderAck>> OnAmend { get; set; }

    public Func<OrderId, Task<CancelAck>> OnCancel { get; set; }

    public Func<OrderQuery, Task<IReadOnlyList<OrderState>>> OnGetOrders { get; set; } = _ => Task.FromResult<IReadOnlyList<OrderState>>([]);

    public Func<FillQuery, Task<IReadOnlyList<FillRecord>>> OnGetFills { get; set; } = _ => Task.FromResult<IReadOnlyList<FillRecord>>([]);

    public IReadOnlyList<PositionRecord> Positions { get; set; } = [];

    public FakeOrderGateway()
    {
        OnCreate = r => Task.FromResult(Ack(r, Quantity.Zero, r.Count));
        OnAmend = a => Task.FromResult(new OrderAck(a.OrderId, a.ClientOrderId, Quantity.Zero, a.TotalCount, null, null, DateTimeOffset.UnixEpoch));
        OnCancel = id => Task.FromResult(new CancelAck(id, null, Quantity.FromContracts(1000), DateTimeOffset.UnixEpoch));
    }

    public OrderAck Ack(OrderRequest request, Quantity filled, Quantity remaining) =>
        new(new OrderId("ord-" + Interlocked.Increment(ref _nextOrder)), request.ClientOrderId, filled, remaining, null, null, DateTimeOffset.UnixEpoch);

    public Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        Creates.Enqueue(order);
        return OnCreate(order);
    }

    public Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken)
    {
        Cancels.Enqueue(orderId);
        return OnCancel(orderId);
    }

    public Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken)
    {
        Amends.Enqueue(amend);
        return OnAmend(amend);
    }

    public Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        OrderQueries.Enqueue(query);
        return OnGetOrders(query);
    }

    public Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken)
    {
        FillQueries.Enqueue(query);
        return OnGetFills(query);
    }

    public Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Positions);

    public Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new BalanceRecord(Money.Zero, Money.Zero, null));
}

/// <summary>A gateway failure with a status, as the exchange client's exception reports it.</summary>
internal sealed class FakeGatewayFailure(int statusCode) : Exception($"HTTP {statusCode}"), IOrderGatewayFailure
{
    public int StatusCode { get; } = statusCode;

    public bool IsTransient => StatusCode is 0 or 429 or >= 500;
}
