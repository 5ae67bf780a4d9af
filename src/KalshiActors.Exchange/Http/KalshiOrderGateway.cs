using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Exchange.Http;

/// <summary>The <see cref="IOrderGateway"/> over the exchange's V2 order endpoints (live, demo or the simulator).</summary>
public sealed class KalshiOrderGateway : IOrderGateway
{
    private readonly KalshiRestClient _client;

    /// <summary>Creates the gateway over a REST client.</summary>
    public KalshiOrderGateway(KalshiRestClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public async Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        var response = await _client.CreateOrderAsync(WireMapping.ToWire(order), cancellationToken).ConfigureAwait(false);
        return ToAck(response.OrderId, response.ClientOrderId, response.FillCount, response.RemainingCount, response.AverageFillPrice, response.AverageFeePaid, response.TsMs);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var response = await _client.BatchCreateOrdersAsync(new BatchCreateOrdersV2Request { Orders = [.. orders.Select(WireMapping.ToWire)] }, cancellationToken).ConfigureAwait(false);
        var items = response.Orders ?? [];
        return [.. items.Select((item, i) =>
        {
            var clientOrderId = item.ClientOrderId is { Length: > 0 } id ? new ClientOrderId(id) : i < orders.Count ? orders[i].ClientOrderId : (ClientOrderId?)null;
            return item.Error is { } error
                ? new BatchCreateResult(clientOrderId, null, new OrderRejection(error.Code ?? "unknown", error.Message ?? string.Empty))
                : new BatchCreateResult(clientOrderId, ToAck(item.OrderId, item.ClientOrderId, item.FillCount, item.RemainingCount, item.AverageFillPrice, item.AverageFeePaid, item.TsMs), null);
        })];
    }

    /// <inheritdoc />
    public async Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken)
    {
        var response = await _client.CancelOrderAsync(orderId.Value, cancellationToken).ConfigureAwait(false);
        return new CancelAck(
            new OrderId(response.OrderId ?? orderId.Value),
            ClientIdOf(response.ClientOrderId),
            WireMapping.QuantityOf(response.ReducedBy, null, "reduced_by") ?? Quantity.Zero,
            WireMapping.FromUnixMs(response.TsMs) ?? DateTimeOffset.UnixEpoch);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        var response = await _client.BatchCancelOrdersAsync(
            new BatchCancelOrdersV2Request { Orders = [.. orderIds.Select(id => new BatchCancelOrderV2Item { OrderId = id.Value })] },
            cancellationToken).ConfigureAwait(false);
        return [.. (response.Orders ?? []).Select((item, i) =>
        {
            var id = new OrderId(item.OrderId ?? orderIds[i].Value);
            return item.Error is { } error
                ? new BatchCancelResult(id, null, new OrderRejection(error.Code ?? "unknown", error.Message ?? string.Empty))
                : new BatchCancelResult(
                    id,
                    new CancelAck(id, ClientIdOf(item.ClientOrderId), WireMapping.QuantityOf(item.ReducedBy, null, "reduced_by") ?? Quantity.Zero, WireMapping.FromUnixMs(item.TsMs) ?? DateTimeOffset.UnixEpoch),
                    null);
        })];
    }

    /// <inheritdoc />
    public async Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(amend);
        var response = await _client.AmendOrderAsync(
            amend.OrderId.Value,
            new AmendOrderV2Request
            {
                Ticker = amend.Ticker.Value,
                Side = WireMapping.ToWire(amend.Side),
                Price = amend.YesPrice.ToDollarString(),
                Count = amend.TotalCount.ToFixedString(),
                ClientOrderId = amend.ClientOrderId?.Value,
                UpdatedClientOrderId = amend.UpdatedClientOrderId?.Value,
            },
            cancellationToken).ConfigureAwait(false);
        return ToAck(response.OrderId ?? amend.OrderId.Value, response.ClientOrderId, response.FillCount, response.RemainingCount, response.AverageFillPrice, response.AverageFeePaid, response.TsMs);
    }

    /// <inheritdoc />
    public async Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decrease);
        if ((decrease.ReduceBy is null) == (decrease.ReduceTo is null))
        {
            throw new ArgumentException("a decrease names exactly one of ReduceBy or ReduceTo", nameof(decrease));
        }

        var response = await _client.DecreaseOrderAsync(
            decrease.OrderId.Value,
            new DecreaseOrderV2Request
            {
                ReduceBy = decrease.ReduceBy?.ToFixedString(),
                ReduceTo = decrease.ReduceTo?.ToFixedString(),
                MarketTicker = decrease.Ticker?.Value,
            },
            cancellationToken).ConfigureAwait(false);
        return new DecreaseAck(
            new OrderId(response.OrderId ?? decrease.OrderId.Value),
            ClientIdOf(response.ClientOrderId),
            WireMapping.RequiredQuantity(response.RemainingCount, null, "remaining_count"),
            WireMapping.FromUnixMs(response.TsMs) ?? DateTimeOffset.UnixEpoch);
    }

    /// <inheritdoc />
    public async Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken)
    {
        var response = await _client.GetOrderAsync(orderId.Value, cancellationToken).ConfigureAwait(false);
        return WireMapping.ToDomain(response.Order ?? throw new InvalidFieldValueException("order", "<missing>", "an order object"));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<OrderState>();
        var wireQuery = new PortfolioQuery
        {
            Ticker = query.Ticker?.Value,
            Status = query.Status?.ToString().ToLowerInvariant(),
            MinTs = query.Since?.ToUnixTimeSeconds(),
        };
        await foreach (var order in _client.GetOrdersAsync(wireQuery, cancellationToken).ConfigureAwait(false))
        {
            result.Add(WireMapping.ToDomain(order));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<FillRecord>();
        var wireQuery = new PortfolioQuery { Ticker = query.Ticker?.Value, OrderId = query.OrderId?.Value, MinTs = query.Since?.ToUnixTimeSeconds() };
        await foreach (var fill in _client.GetFillsAsync(wireQuery, cancellationToken).ConfigureAwait(false))
        {
            result.Add(WireMapping.ToDomain(fill));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var result = new List<PositionRecord>();
        await foreach (var position in _client.GetPositionsAsync(new PortfolioQuery(), cancellationToken).ConfigureAwait(false))
        {
            result.Add(WireMapping.ToDomain(position));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
        return new BalanceRecord(
            WireMapping.MoneyOf(response.BalanceDollars, response.Balance, "balance_dollars"),
            Money.FromCents(response.PortfolioValue ?? 0),
            response.UpdatedTs is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null);
    }

    private static ClientOrderId? ClientIdOf(string? value) => string.IsNullOrEmpty(value) ? null : new ClientOrderId(value);

    private static OrderAck ToAck(string? orderId, string? clientOrderId, string? fillCount, string? remainingCount, string? averageFillPrice, string? averageFeePaid, long? tsMs) =>
        new(
            new OrderId(orderId ?? throw new InvalidFieldValueException("order_id", "<missing>", "the exchange's order id")),
            ClientIdOf(clientOrderId),
            WireMapping.QuantityOf(fillCount, null, "fill_count") ?? Quantity.Zero,
            WireMapping.QuantityOf(remainingCount, null, "remaining_count") ?? Quantity.Zero,
            averageFillPrice is null ? null : Price.ParseDollars(averageFillPrice, "average_fill_price"),
            averageFeePaid is null ? null : WireMapping.MoneyOf(averageFeePaid, null, "average_fee_paid"),
            WireMapping.FromUnixMs(tsMs) ?? DateTimeOffset.UnixEpoch);
}
