namespace KalshiActors.Exchange.Http;

/// <summary>Filters of <c>GET /markets</c>; timestamps are Unix seconds; timestamp families are mutually exclusive.</summary>
public sealed record MarketsQuery
{
    /// <summary>Only this event's markets.</summary>
    public string? EventTicker { get; init; }

    /// <summary>Only this series' markets.</summary>
    public string? SeriesTicker { get; init; }

    /// <summary>Only these markets.</summary>
    public IReadOnlyList<string>? Tickers { get; init; }

    /// <summary><c>unopened|open|paused|closed|settled</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Markets closing at or after this time.</summary>
    public long? MinCloseTs { get; init; }

    /// <summary>Markets closing at or before this time.</summary>
    public long? MaxCloseTs { get; init; }

    /// <summary><c>only|exclude</c> combo markets.</summary>
    public string? MveFilter { get; init; }

    internal IEnumerable<KeyValuePair<string, string?>> Parameters() =>
    [
        new("event_ticker", EventTicker),
        new("series_ticker", SeriesTicker),
        new("tickers", Tickers is null ? null : string.Join(',', Tickers)),
        new("status", Status),
        new("min_close_ts", Query.Number(MinCloseTs)),
        new("max_close_ts", Query.Number(MaxCloseTs)),
        new("mve_filter", MveFilter),
    ];
}

/// <summary>Filters shared by the portfolio and trade lists: market, event, order and a Unix-second window.</summary>
public sealed record PortfolioQuery
{
    /// <summary>Only this market.</summary>
    public string? Ticker { get; init; }

    /// <summary>Only this event (orders, positions, settlements).</summary>
    public string? EventTicker { get; init; }

    /// <summary>Only this order (fills).</summary>
    public string? OrderId { get; init; }

    /// <summary>Order status (orders): <c>resting|canceled|executed</c>.</summary>
    public string? Status { get; init; }

    /// <summary>From this Unix second.</summary>
    public long? MinTs { get; init; }

    /// <summary>Up to this Unix second.</summary>
    public long? MaxTs { get; init; }

    /// <summary>Sub-account; null = all.</summary>
    public int? Subaccount { get; init; }

    internal IEnumerable<KeyValuePair<string, string?>> Parameters() =>
    [
        new("ticker", Ticker),
        new("event_ticker", EventTicker),
        new("order_id", OrderId),
        new("status", Status),
        new("min_ts", Query.Number(MinTs)),
        new("max_ts", Query.Number(MaxTs)),
        new("subaccount", Query.Number(Subaccount)),
    ];
}

/// <summary>Filters of <c>GET /events</c>.</summary>
public sealed record EventsQuery
{
    /// <summary>Only this series' events.</summary>
    public string? SeriesTicker { get; init; }

    /// <summary>Matches events with any market in this status.</summary>
    public string? Status { get; init; }

    /// <summary>Embed each event's markets.</summary>
    public bool WithNestedMarkets { get; init; }

    internal IEnumerable<KeyValuePair<string, string?>> Parameters() =>
    [
        new("series_ticker", SeriesTicker),
        new("status", Status),
        new("with_nested_markets", WithNestedMarkets ? "true" : null),
    ];
}

/// <summary>Builds query strings with invariant formatting and escaping.</summary>
internal static class Query
{
    public static string? Number(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Build(string path, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var parts = parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}")
            .ToList();
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }
}
