using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// One scan of every open market: pages through the listing, applies the listing filters, fetches price history and the
/// last trade of the best <see cref="ScannerSettings.MaxHistoryLookups"/> survivors (two requests each, at most
/// <see cref="ScannerSettings.HistoryConcurrency"/> at once; the exchange client's rate limiter paces them), applies the
/// drop filters and ranks what is left by <see cref="ScanScoring"/>. Used by the scanner actor and the <c>scan</c> verb.
/// </summary>
public static class MarketScanner
{
    /// <summary>Runs one scan; a failed listing page fails the scan, a failed history lookup only leaves that market without history.</summary>
    public static async Task<ScanResult> RunAsync(IMarketScanSource source, ScannerSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var listings = new List<MarketListing>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await source.GetOpenMarketsPageAsync(cursor, cancellationToken).ConfigureAwait(false);
            pages++;
            listings.AddRange(page.Markets);
            cursor = string.IsNullOrEmpty(page.NextCursor) ? null : page.NextCursor;
        }
        while (cursor is not null);

        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<MarketListing>();
        foreach (var listing in listings)
        {
            if (ScanScoring.ListingFilter(listing, now, settings) is { } filter)
            {
                rejections[filter] = rejections.GetValueOrDefault(filter) + 1;
            }
            else
            {
                candidates.Add(listing);
            }
        }

        // History costs two requests a market: spend them on the markets most likely to rank, judged without it.
        var lookups = candidates
            .Select(l => (Listing: l, Preliminary: ScanScoring.Score(ScanScoring.Figures(l, null, now), now, settings, assumeActive: true)))
            .OrderByDescending(c => c.Preliminary)
            .ThenBy(c => c.Listing.Ticker.Value, StringComparer.Ordinal)
            .Take(settings.MaxHistoryLookups)
            .Select(c => c.Listing)
            .ToList();
        var histories = await FetchHistoriesAsync(source, lookups, now, settings.HistoryConcurrency, cancellationToken).ConfigureAwait(false);

        var observed = new List<ScannedMarket>(listings.Count);
        var passed = new List<ScannedMarket>();
        var candidateTickers = candidates.Select(c => c.Ticker).ToHashSet();
        foreach (var listing in listings)
        {
            var history = histories.Histories.GetValueOrDefault(listing.Ticker);
            var market = ScanScoring.Figures(listing, history, now);
            market = market with { ScoreMicros = ScanScoring.Score(market, now, settings, assumeActive: false) };
            observed.Add(market);
            if (!candidateTickers.Contains(listing.Ticker))
            {
                continue;
            }

            if (ScanScoring.DropFilter(market, settings) is { } filter)
            {
                rejections[filter] = rejections.GetValueOrDefault(filter) + 1;
                continue;
            }

            passed.Add(market);
        }

        var ranked = ScanScoring.Rank(passed).Take(settings.MaxRanked).ToList();
        var statistics = new ScanStatistics(pages, lookups.Count, histories.Failures, pages + (2 * lookups.Count), rejections);
        return new ScanResult(new ScanCompleted(now, listings.Count, ranked), observed, statistics);
    }

    private static async Task<(Dictionary<MarketTicker, MarketHistory> Histories, int Failures)> FetchHistoriesAsync(
        IMarketScanSource source, IReadOnlyList<MarketListing> lookups, DateTimeOffset now, int concurrency, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<MarketTicker, MarketHistory>();
        var failures = 0;
        using var gate = new SemaphoreSlim(concurrency, concurrency);
        var tasks = lookups.Select(async listing =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var prices = await source.GetPriceHistoryAsync(listing.Ticker, listing.SeriesTicker, now - ScanScoring.Week, now, cancellationToken).ConfigureAwait(false);
                var lastTrade = await source.GetLastTradeTimeAsync(listing.Ticker, cancellationToken).ConfigureAwait(false);
                return (listing.Ticker, History: (MarketHistory?)new MarketHistory(prices, lastTrade));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One market's history is not worth the scan: it ranks without it.
                return (listing.Ticker, History: (MarketHistory?)null);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        foreach (var (ticker, history) in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            if (history is null)
            {
                failures++;
            }
            else
            {
                histories[ticker] = history;
            }
        }

        return (histories, failures);
    }
}

/// <summary>A market's price closes (oldest first) and its last trade time, as fetched for a scan.</summary>
public sealed record MarketHistory(IReadOnlyList<PricePoint> Prices, DateTimeOffset? LastTradeAt);

/// <summary>What a scan cost and why markets fell out: listing pages, history lookups (and how many failed), REST requests, rejections by filter name.</summary>
public sealed record ScanStatistics(int Pages, int HistoryLookups, int HistoryFailures, int Requests, IReadOnlyDictionary<string, int> RejectedBy);

/// <summary>One scan's outcome: the ranking, every listed market's figures (for alerts, unranked, unfiltered) and the statistics.</summary>
public sealed record ScanResult(ScanCompleted Scan, IReadOnlyList<ScannedMarket> Observed, ScanStatistics Statistics);
