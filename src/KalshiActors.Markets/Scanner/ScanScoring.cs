using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// The scanner's figures, filters and score, in integers so a ranking is deterministic and replayable.
/// <para>
/// Figures: the reference price is the mid of a two-sided book (rounded down to 1/10,000 dollar), else the last trade.
/// Spread = YES ask − YES bid (two-sided books only). Liquidity = bid size × bid + ask size × ask at the top of the book.
/// The 24h/7d change = last trade − the traded price as of 24h/7d ago (the latest hourly close at or before then); without
/// history the 24h change falls back to the listing's price a day ago.
/// </para>
/// <para>
/// Score (millionths): four components, each 0 to 1,000,000 —
/// drop24 = −Δ24h ÷ <see cref="ScannerSettings.FullScoreDrop24h"/>, drop7 = −Δ7d ÷ <see cref="ScannerSettings.FullScoreDrop7d"/>,
/// tight = 1 − spread ÷ <see cref="ScannerSettings.MaxSpread"/>, volume = 24h volume ÷ <see cref="ScannerSettings.FullScoreVolume24h"/>
/// (each clamped to [0, 1]); base = (3·drop24 + drop7 + 2·tight + 2·volume) ÷ 8; score = base × activity, where activity is
/// 1 for a trade within <see cref="ScannerSettings.ActiveWithin"/>, <see cref="ScannerSettings.InactiveFactorPercent"/>% for a
/// last trade older than <see cref="ScannerSettings.InactiveAfter"/> or unknown, and linear in between. Every division truncates.
/// Ties rank by ticker.
/// </para>
/// </summary>
public static class ScanScoring
{
    /// <summary>Filter names as counted in <see cref="ScanStatistics.RejectedBy"/>.</summary>
    public const string PriceBand = "price-band", Volume = "volume", TimeToClose = "time-to-close", Spread = "spread",
        OpenInterest = "open-interest", Liquidity = "liquidity", Drop24h = "drop-24h", Drop7d = "drop-7d";

    /// <summary>One in millionths.</summary>
    public const long One = 1_000_000;

    /// <summary>How far back the 7-day change looks.</summary>
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The figures of a listed market (unranked, unscored); <paramref name="history"/> null when not fetched.</summary>
    public static ScannedMarket Figures(MarketListing listing, MarketHistory? history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(listing);
        Price? spread = listing.YesBid is { } bid && listing.YesAsk is { } ask && ask >= bid ? Price.FromUnits(ask.Units - bid.Units) : null;
        var liquidity = Money.FromUnits(
            (listing.YesBidSize.Units * (listing.YesBid?.Units ?? 0) / Quantity.UnitsPerContract)
            + (listing.YesAskSize.Units * (listing.YesAsk?.Units ?? 0) / Quantity.UnitsPerContract));
        Money? change24h;
        Money? change7d = null;
        if (history is not null)
        {
            change24h = Change(listing.LastPrice, PriceAsOf(history.Prices, now - Day));
            change7d = Change(listing.LastPrice, PriceAsOf(history.Prices, now - Week));
        }
        else
        {
            change24h = Change(listing.LastPrice, listing.PreviousPrice);
        }

        return new ScannedMarket(
            0,
            listing.Ticker,
            listing.EventTicker,
            0,
            listing.YesBid,
            listing.YesAsk,
            listing.LastPrice,
            spread,
            change24h,
            change7d,
            listing.Volume24h,
            listing.OpenInterest,
            liquidity,
            listing.CloseTime,
            history?.LastTradeAt);
    }

    /// <summary>The price the band filter judges: the mid of a two-sided book, else the last trade; null when neither is known.</summary>
    public static Price? ReferencePrice(Price? yesBid, Price? yesAsk, Price? lastPrice) =>
        yesBid is { } bid && yesAsk is { } ask ? Price.FromUnits((bid.Units + ask.Units) / 2) : lastPrice;

    /// <summary>The first listing filter a market fails (by name), or null when it passes them all.</summary>
    public static string? ListingFilter(MarketListing listing, DateTimeOffset now, ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(settings);
        var market = Figures(listing, null, now);
        if (ReferencePrice(market.YesBid, market.YesAsk, market.LastPrice) is not { } price || price < settings.MinPrice || price > settings.MaxPrice)
        {
            return PriceBand;
        }

        if (market.Volume24h < settings.MinVolume24h)
        {
            return Volume;
        }

        if (market.CloseTime is not { } close || close - now < settings.MinTimeToClose || close - now > settings.MaxTimeToClose)
        {
            return TimeToClose;
        }

        if (market.Spread is not { } spread || spread > settings.MaxSpread)
        {
            return Spread;
        }

        if (market.OpenInterest < settings.MinOpenInterest)
        {
            return OpenInterest;
        }

        return market.Liquidity < settings.MinLiquidity ? Liquidity : null;
    }

    /// <summary>The drop filter a market fails (by name) once its history is known, or null.</summary>
    public static string? DropFilter(ScannedMarket market, ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MinDrop24h.Units > 0 && (market.Change24h is not { } change24h || -change24h.Units < settings.MinDrop24h.Units))
        {
            return Drop24h;
        }

        if (settings.MinDrop7d.Units > 0 && (market.Change7d is not { } change7d || -change7d.Units < settings.MinDrop7d.Units))
        {
            return Drop7d;
        }

        return null;
    }

    /// <summary>The score in millionths (see the type's summary); <paramref name="assumeActive"/> ignores the activity factor.</summary>
    public static long Score(ScannedMarket market, DateTimeOffset now, ScannerSettings settings, bool assumeActive)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(settings);
        var drop24 = Fraction(-(market.Change24h?.Units ?? 0), settings.FullScoreDrop24h.Units);
        var drop7 = Fraction(-(market.Change7d?.Units ?? 0), settings.FullScoreDrop7d.Units);
        var tight = market.Spread is { } spread
            ? settings.MaxSpread.Units == 0 ? (spread.Units == 0 ? One : 0) : One - Fraction(spread.Units, settings.MaxSpread.Units)
            : 0;
        var volume = Fraction(market.Volume24h.Units, settings.FullScoreVolume24h.Units);
        var score = ((3 * drop24) + drop7 + (2 * tight) + (2 * volume)) / 8;
        return assumeActive ? score : score * Activity(market.LastTradeAt, now, settings) / One;
    }

    /// <summary>The activity factor in millionths: full within the active window, the inactive factor past the inactive age or when unknown, linear between.</summary>
    public static long Activity(DateTimeOffset? lastTradeAt, DateTimeOffset now, ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var floor = settings.InactiveFactorPercent * (One / 100);
        if (lastTradeAt is not { } last)
        {
            return floor;
        }

        var age = now - last;
        if (age <= settings.ActiveWithin)
        {
            return One;
        }

        if (age >= settings.InactiveAfter)
        {
            return floor;
        }

        var span = (settings.InactiveAfter - settings.ActiveWithin).Ticks;
        var into = (age - settings.ActiveWithin).Ticks;
        return One - (long)((Int128)(One - floor) * into / span);
    }

    /// <summary>Best first (score descending, then ticker), with ranks from 1.</summary>
    public static IEnumerable<ScannedMarket> Rank(IEnumerable<ScannedMarket> markets) =>
        markets
            .OrderByDescending(m => m.ScoreMicros)
            .ThenBy(m => m.Ticker.Value, StringComparer.Ordinal)
            .Select((m, i) => m with { Rank = i + 1 });

    /// <summary>The traded price as of <paramref name="at"/>: the latest close at or before it, or null.</summary>
    public static Price? PriceAsOf(IReadOnlyList<PricePoint> prices, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(prices);
        Price? found = null;
        var foundAt = DateTimeOffset.MinValue;
        foreach (var point in prices)
        {
            if (point.At <= at && point.At >= foundAt)
            {
                found = point.Price;
                foundAt = point.At;
            }
        }

        return found;
    }

    private static Money? Change(Price? now, Price? then) =>
        now is { } current && then is { } past ? Money.FromUnits(current.Units - past.Units) : null;

    private static long Fraction(long value, long full) =>
        value <= 0 || full <= 0 ? 0 : value >= full ? One : value * One / full;
}
