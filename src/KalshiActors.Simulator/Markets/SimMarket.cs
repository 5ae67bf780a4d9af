using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Markets;

/// <summary>Market statuses as the exchange's REST `status` field spells them.</summary>
internal enum MarketStatus
{
    Initialized,
    Active,
    Inactive,
    Closed,
    Determined,
    Finalized,
}

/// <summary>One listed market: its terms, lifecycle state, book and running statistics.</summary>
internal sealed class SimMarket
{
    /// <summary>Creates a market in <see cref="MarketStatus.Initialized"/>.</summary>
    public SimMarket(int index, string ticker, MarketGroup group, FeeModel fees, DateTimeOffset createdAt)
    {
        Index = index;
        Ticker = ticker;
        Group = group;
        Book = new OrderBook(ticker, fees);
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    /// <summary>Creation order; also used to make trade ids unique across books.</summary>
    public int Index { get; }

    /// <summary>Market ticker.</summary>
    public string Ticker { get; }

    /// <summary>The event (and fair-value process) it belongs to.</summary>
    public MarketGroup Group { get; }

    /// <summary>The matching engine.</summary>
    public OrderBook Book { get; }

    /// <summary>Event ticker.</summary>
    public string EventTicker => Group.EventTicker;

    /// <summary>The market's UUID (`market_id` on WebSocket messages), derived from its index so runs are reproducible.</summary>
    public string MarketId => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"00000000-0000-4000-a000-{Index:x12}");

    /// <summary>Subtitle of the YES outcome.</summary>
    public required string YesSubTitle { get; init; }

    /// <summary>Subtitle of the NO outcome.</summary>
    public required string NoSubTitle { get; init; }

    /// <summary>Outcome code within the event (team, candidate, strike label).</summary>
    public required string Outcome { get; init; }

    /// <summary>`strike_type`, or null.</summary>
    public string? StrikeType { get; init; }

    /// <summary>`floor_strike`, or null.</summary>
    public decimal? FloorStrike { get; set; }

    /// <summary>When trading opens.</summary>
    public required DateTimeOffset OpenTime { get; init; }

    /// <summary>When trading stops (earlier if closed early).</summary>
    public required DateTimeOffset CloseTime { get; set; }

    /// <summary>Tick size in 1/10,000 dollar.</summary>
    public required int TickSize { get; init; }

    /// <summary>When the market row was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Last change of any field.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Lifecycle state.</summary>
    public MarketStatus Status { get; set; } = MarketStatus.Initialized;

    /// <summary>`yes`, `no` or empty until determined.</summary>
    public string Result { get; set; } = string.Empty;

    /// <summary>When the result was set.</summary>
    public DateTimeOffset? DeterminedAt { get; set; }

    /// <summary>When it was paid out.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>Last trade price, 1/10,000 dollar (0 before the first trade).</summary>
    public int LastPrice { get; set; }

    /// <summary>Contracts traded.</summary>
    public long Volume { get; set; }

    /// <summary>YES contracts outstanding.</summary>
    public long OpenInterest { get; set; }

    /// <summary>Top of book last published on the ticker channel, to publish only changes.</summary>
    public (int? Bid, long BidSize, int? Ask, long AskSize, int Last, long Volume, long OpenInterest) LastTicker { get; set; }

    /// <summary>Whether <paramref name="price"/> lies on this market's tick grid strictly between 0 and 1.</summary>
    public bool IsValidPrice(int price) => price > 0 && price < Units.PriceScale && price % TickSize == 0;

    /// <summary>The REST word for the status.</summary>
    public string StatusText => Status switch
    {
        MarketStatus.Initialized => "initialized",
        MarketStatus.Active => "active",
        MarketStatus.Inactive => "inactive",
        MarketStatus.Closed => "closed",
        MarketStatus.Determined => "determined",
        _ => "finalized",
    };

    /// <summary>The `GET /markets?status=` filter word the status matches.</summary>
    public string FilterStatus => Status switch
    {
        MarketStatus.Initialized => "unopened",
        MarketStatus.Active => "open",
        MarketStatus.Inactive => "paused",
        MarketStatus.Finalized => "settled",
        _ => "closed",
    };
}
