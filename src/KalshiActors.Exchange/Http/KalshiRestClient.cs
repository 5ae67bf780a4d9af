using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Wire;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KalshiActors.Exchange.Http;

/// <summary>
/// Typed client of the exchange's REST API (trade-api v2; V2 order endpoints). Every request is signed when credentials are
/// given, drawn from the read or write token bucket, retried only where that is safe, and every failure surfaces as a
/// <see cref="KalshiApiException"/>.
/// </summary>
public sealed partial class KalshiRestClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly KalshiRestClientOptions _options;
    private readonly KalshiCredentials? _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ExchangeRateLimiter _limiter;
    private readonly string _baseUrl;

    // GETs change nothing, so any transient failure is retried.
    private readonly ResiliencePipeline _readRetry;

    // A create re-sent with the same client_order_id is recognisable by the exchange, so transient failures are retried.
    private readonly ResiliencePipeline _createRetry;

    // Other writes (cancel, amend, decrease, batches) are re-sent only when the exchange refused them unprocessed (429).
    private readonly ResiliencePipeline _rateLimitedRetry;

    /// <summary>Creates the client over an <see cref="HttpClient"/> the caller owns; <paramref name="credentials"/> null = public endpoints only.</summary>
    public KalshiRestClient(HttpClient http, KalshiRestClientOptions options, KalshiCredentials? credentials, TimeProvider timeProvider, ILogger<KalshiRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _options = options;
        _credentials = credentials;
        _timeProvider = timeProvider;
        _logger = logger;
        _baseUrl = options.RestBaseUrl.ToString().TrimEnd('/');
        _limiter = new ExchangeRateLimiter(options.ReadBudget, options.WriteBudget);
        _readRetry = BuildRetry(e => e.IsTransient);
        _createRetry = BuildRetry(e => e.IsTransient);
        _rateLimitedRetry = BuildRetry(e => e.IsRateLimited);
    }

    private enum RetryClass
    {
        Read,
        Create,
        OtherWrite,
    }

    // ---- markets, events, series, exchange (public) ----

    /// <summary>One page of <c>GET /markets</c>.</summary>
    public Task<GetMarketsResponse> GetMarketsPageAsync(MarketsQuery query, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GetAsync(Query.Build("/markets", [.. query.Parameters(), .. PageParameters(cursor)]), KalshiWireContext.Default.GetMarketsResponse, cancellationToken);
    }

    /// <summary>Every market matching the query, following the cursor.</summary>
    public IAsyncEnumerable<MarketWire> GetMarketsAsync(MarketsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/markets", query.Parameters(), KalshiWireContext.Default.GetMarketsResponse, r => r.Markets, r => r.Cursor, cancellationToken);
    }

    /// <summary><c>GET /markets/{ticker}</c>.</summary>
    public Task<GetMarketResponse> GetMarketAsync(string ticker, CancellationToken cancellationToken) =>
        GetAsync($"/markets/{Escape(ticker)}", KalshiWireContext.Default.GetMarketResponse, cancellationToken);

    /// <summary><c>GET /markets/{ticker}/orderbook</c>; depth 0 = all levels.</summary>
    public Task<GetOrderbookResponse> GetOrderbookAsync(string ticker, int depth, CancellationToken cancellationToken) =>
        GetAsync(Query.Build($"/markets/{Escape(ticker)}/orderbook", [new("depth", depth > 0 ? Query.Number(depth) : null)]), KalshiWireContext.Default.GetOrderbookResponse, cancellationToken);

    /// <summary><c>GET /markets/orderbooks</c> for up to 100 markets.</summary>
    public Task<GetOrderbooksResponse> GetOrderbooksAsync(IReadOnlyList<string> tickers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        return GetAsync(Query.Build("/markets/orderbooks", tickers.Select(t => new KeyValuePair<string, string?>("tickers", t))), KalshiWireContext.Default.GetOrderbooksResponse, cancellationToken);
    }

    /// <summary>Every public trade matching the filters (<c>GET /markets/trades</c>).</summary>
    public IAsyncEnumerable<TradeWire> GetTradesAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/markets/trades", query.Parameters(), KalshiWireContext.Default.GetTradesResponse, r => r.Trades, r => r.Cursor, cancellationToken);
    }

    /// <summary>Candlesticks of a market; period 1, 60 or 1440 minutes; times in Unix seconds.</summary>
    public Task<GetCandlesticksResponse> GetMarketCandlesticksAsync(string seriesTicker, string ticker, long startTs, long endTs, int periodMinutes, CancellationToken cancellationToken) =>
        GetMarketCandlesticksAsync(seriesTicker, ticker, startTs, endTs, periodMinutes, includeLatestBeforeStart: false, cancellationToken);

    /// <summary>Candlesticks of a market; <paramref name="includeLatestBeforeStart"/> adds the last candle before the start (a price "as of" it).</summary>
    public Task<GetCandlesticksResponse> GetMarketCandlesticksAsync(
        string seriesTicker, string ticker, long startTs, long endTs, int periodMinutes, bool includeLatestBeforeStart, CancellationToken cancellationToken) =>
        GetAsync(
            Query.Build(
                $"/series/{Escape(seriesTicker)}/markets/{Escape(ticker)}/candlesticks",
                [
                    new("start_ts", Query.Number(startTs)), new("end_ts", Query.Number(endTs)), new("period_interval", Query.Number(periodMinutes)),
                    new("include_latest_before_start", includeLatestBeforeStart ? "true" : null),
                ]),
            KalshiWireContext.Default.GetCandlesticksResponse,
            cancellationToken);

    /// <summary>One page of the public trade tape (<c>GET /markets/trades</c>), newest first; <paramref name="limit"/> null = the client's page size.</summary>
    public Task<GetTradesResponse> GetTradesPageAsync(PortfolioQuery query, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GetAsync(Query.Build("/markets/trades", [.. query.Parameters(), .. PageParameters(cursor, limit)]), KalshiWireContext.Default.GetTradesResponse, cancellationToken);
    }

    /// <summary>Every event matching the filters (<c>GET /events</c>, pages of at most 200).</summary>
    public IAsyncEnumerable<EventWire> GetEventsAsync(EventsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/events", query.Parameters(), KalshiWireContext.Default.GetEventsResponse, r => r.Events, r => r.Cursor, cancellationToken, pageSize: 200);
    }

    /// <summary><c>GET /events/{event_ticker}</c>.</summary>
    public Task<GetEventResponse> GetEventAsync(string eventTicker, CancellationToken cancellationToken) =>
        GetAsync($"/events/{Escape(eventTicker)}", KalshiWireContext.Default.GetEventResponse, cancellationToken);

    /// <summary><c>GET /series/{series_ticker}</c> (fee type and multiplier).</summary>
    public Task<GetSeriesResponse> GetSeriesAsync(string seriesTicker, CancellationToken cancellationToken) =>
        GetAsync($"/series/{Escape(seriesTicker)}", KalshiWireContext.Default.GetSeriesResponse, cancellationToken);

    /// <summary><c>GET /series</c>, optionally by category.</summary>
    public Task<GetSeriesListResponse> GetSeriesListAsync(string? category, CancellationToken cancellationToken) =>
        GetAsync(Query.Build("/series", [new("category", category)]), KalshiWireContext.Default.GetSeriesListResponse, cancellationToken);

    /// <summary><c>GET /exchange/status</c>.</summary>
    public Task<ExchangeStatusWire> GetExchangeStatusAsync(CancellationToken cancellationToken) =>
        GetAsync("/exchange/status", KalshiWireContext.Default.ExchangeStatusWire, cancellationToken);

    /// <summary><c>GET /exchange/schedule</c>.</summary>
    public Task<GetExchangeScheduleResponse> GetExchangeScheduleAsync(CancellationToken cancellationToken) =>
        GetAsync("/exchange/schedule", KalshiWireContext.Default.GetExchangeScheduleResponse, cancellationToken);

    // ---- historical ----

    /// <summary><c>GET /historical/cutoff</c>: older data lives only on the historical endpoints.</summary>
    public Task<HistoricalCutoffResponse> GetHistoricalCutoffAsync(CancellationToken cancellationToken) =>
        GetAsync("/historical/cutoff", KalshiWireContext.Default.HistoricalCutoffResponse, cancellationToken);

    /// <summary>Every historical market matching the query (<c>GET /historical/markets</c>).</summary>
    public IAsyncEnumerable<MarketWire> GetHistoricalMarketsAsync(MarketsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/historical/markets", query.Parameters(), KalshiWireContext.Default.GetMarketsResponse, r => r.Markets, r => r.Cursor, cancellationToken);
    }

    /// <summary><c>GET /historical/markets/{ticker}</c>.</summary>
    public Task<GetMarketResponse> GetHistoricalMarketAsync(string ticker, CancellationToken cancellationToken) =>
        GetAsync($"/historical/markets/{Escape(ticker)}", KalshiWireContext.Default.GetMarketResponse, cancellationToken);

    /// <summary>Candlesticks of a settled market (<c>GET /historical/markets/{ticker}/candlesticks</c>).</summary>
    public Task<GetCandlesticksResponse> GetHistoricalCandlesticksAsync(string ticker, long startTs, long endTs, int periodMinutes, CancellationToken cancellationToken) =>
        GetAsync(
            Query.Build(
                $"/historical/markets/{Escape(ticker)}/candlesticks",
                [new("start_ts", Query.Number(startTs)), new("end_ts", Query.Number(endTs)), new("period_interval", Query.Number(periodMinutes))]),
            KalshiWireContext.Default.GetCandlesticksResponse,
            cancellationToken);

    /// <summary>Every historical trade (<c>GET /historical/trades</c>).</summary>
    public IAsyncEnumerable<TradeWire> GetHistoricalTradesAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/historical/trades", query.Parameters(), KalshiWireContext.Default.GetTradesResponse, r => r.Trades, r => r.Cursor, cancellationToken);
    }

    /// <summary>Every historical fill of ours (<c>GET /historical/fills</c>).</summary>
    public IAsyncEnumerable<FillWire> GetHistoricalFillsAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/historical/fills", query.Parameters(), KalshiWireContext.Default.GetFillsResponse, r => r.Fills, r => r.Cursor, cancellationToken);
    }

    /// <summary>Every historical order of ours (<c>GET /historical/orders</c>).</summary>
    public IAsyncEnumerable<OrderWire> GetHistoricalOrdersAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/historical/orders", query.Parameters(), KalshiWireContext.Default.GetOrdersResponse, r => r.Orders, r => r.Cursor, cancellationToken);
    }

    // ---- orders (V2) ----

    /// <summary><c>POST /portfolio/events/orders</c>; retried on transient failures only when it carries a client_order_id.</summary>
    public Task<CreateOrderV2Response> CreateOrderAsync(CreateOrderV2Request order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return SendAsync(
            HttpMethod.Post,
            "/portfolio/events/orders",
            order,
            KalshiWireContext.Default.CreateOrderV2Request,
            KalshiWireContext.Default.CreateOrderV2Response,
            string.IsNullOrEmpty(order.ClientOrderId) ? RetryClass.OtherWrite : RetryClass.Create,
            RateLimitLane.Write,
            _options.DefaultCost,
            cancellationToken);
    }

    /// <summary><c>DELETE /portfolio/events/orders/{order_id}</c>.</summary>
    public Task<CancelOrderV2Response> CancelOrderAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<object, CancelOrderV2Response>(
            HttpMethod.Delete, $"/portfolio/events/orders/{Escape(orderId)}", null, null, KalshiWireContext.Default.CancelOrderV2Response,
            RetryClass.OtherWrite, RateLimitLane.Write, _options.CancelCost, cancellationToken);

    /// <summary><c>POST /portfolio/events/orders/{order_id}/amend</c>.</summary>
    public Task<AmendOrderV2Response> AmendOrderAsync(string orderId, AmendOrderV2Request amend, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post, $"/portfolio/events/orders/{Escape(orderId)}/amend", amend, KalshiWireContext.Default.AmendOrderV2Request,
            KalshiWireContext.Default.AmendOrderV2Response, RetryClass.OtherWrite, RateLimitLane.Write, _options.DefaultCost, cancellationToken);

    /// <summary><c>POST /portfolio/events/orders/{order_id}/decrease</c>.</summary>
    public Task<DecreaseOrderV2Response> DecreaseOrderAsync(string orderId, DecreaseOrderV2Request decrease, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post, $"/portfolio/events/orders/{Escape(orderId)}/decrease", decrease, KalshiWireContext.Default.DecreaseOrderV2Request,
            KalshiWireContext.Default.DecreaseOrderV2Response, RetryClass.OtherWrite, RateLimitLane.Write, _options.DefaultCost, cancellationToken);

    /// <summary><c>POST /portfolio/events/orders/batched</c>; each item is billed, so the batch costs items × the create cost.</summary>
    public Task<BatchCreateOrdersV2Response> BatchCreateOrdersAsync(BatchCreateOrdersV2Request batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var items = Math.Max(1, batch.Orders?.Count ?? 0);
        return SendAsync(
            HttpMethod.Post, "/portfolio/events/orders/batched", batch, KalshiWireContext.Default.BatchCreateOrdersV2Request,
            KalshiWireContext.Default.BatchCreateOrdersV2Response, RetryClass.OtherWrite, RateLimitLane.Write, items * _options.DefaultCost, cancellationToken);
    }

    /// <summary><c>DELETE /portfolio/events/orders/batched</c>.</summary>
    public Task<BatchCancelOrdersV2Response> BatchCancelOrdersAsync(BatchCancelOrdersV2Request batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var items = Math.Max(1, batch.Orders?.Count ?? 0);
        return SendAsync(
            HttpMethod.Delete, "/portfolio/events/orders/batched", batch, KalshiWireContext.Default.BatchCancelOrdersV2Request,
            KalshiWireContext.Default.BatchCancelOrdersV2Response, RetryClass.OtherWrite, RateLimitLane.Write, items * _options.CancelCost, cancellationToken);
    }

    // ---- portfolio ----

    /// <summary>Every order matching the filters (<c>GET /portfolio/orders</c>).</summary>
    public IAsyncEnumerable<OrderWire> GetOrdersAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/portfolio/orders", query.Parameters(), KalshiWireContext.Default.GetOrdersResponse, r => r.Orders, r => r.Cursor, cancellationToken);
    }

    /// <summary><c>GET /portfolio/orders/{order_id}</c>.</summary>
    public Task<GetOrderResponse> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        GetAsync($"/portfolio/orders/{Escape(orderId)}", KalshiWireContext.Default.GetOrderResponse, cancellationToken);

    /// <summary>Every fill matching the filters (<c>GET /portfolio/fills</c>).</summary>
    public IAsyncEnumerable<FillWire> GetFillsAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/portfolio/fills", query.Parameters(), KalshiWireContext.Default.GetFillsResponse, r => r.Fills, r => r.Cursor, cancellationToken);
    }

    /// <summary>Every unsettled market position (<c>GET /portfolio/positions</c>).</summary>
    public IAsyncEnumerable<MarketPositionWire> GetPositionsAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/portfolio/positions", query.Parameters(), KalshiWireContext.Default.GetPositionsResponse, r => r.MarketPositions, r => r.Cursor, cancellationToken);
    }

    /// <summary><c>GET /portfolio/balance</c>.</summary>
    public Task<GetBalanceResponse> GetBalanceAsync(CancellationToken cancellationToken) =>
        GetAsync("/portfolio/balance", KalshiWireContext.Default.GetBalanceResponse, cancellationToken);

    /// <summary>Every settlement matching the filters (<c>GET /portfolio/settlements</c>).</summary>
    public IAsyncEnumerable<SettlementWire> GetSettlementsAsync(PortfolioQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PageAsync("/portfolio/settlements", query.Parameters(), KalshiWireContext.Default.GetSettlementsResponse, r => r.Settlements, r => r.Cursor, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    // ---- plumbing ----

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return Uri.EscapeDataString(segment);
    }

    private IEnumerable<KeyValuePair<string, string?>> PageParameters(string? cursor, int? pageSize = null) =>
        [new("limit", Query.Number(pageSize ?? _options.PageSize)), new("cursor", string.IsNullOrEmpty(cursor) ? null : cursor)];

    private async IAsyncEnumerable<TItem> PageAsync<TResponse, TItem>(
        string path,
        IEnumerable<KeyValuePair<string, string?>> filters,
        JsonTypeInfo<TResponse> responseType,
        Func<TResponse, List<TItem>?> items,
        Func<TResponse, string?> nextCursor,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        int? pageSize = null)
    {
        var fixedParameters = filters.ToList();
        string? cursor = null;
        for (var page = 0; page < _options.MaxPages; page++)
        {
            var response = await GetAsync(Query.Build(path, [.. fixedParameters, .. PageParameters(cursor, pageSize)]), responseType, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(response) ?? [])
            {
                yield return item;
            }

            var next = nextCursor(response);
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            if (next == cursor)
            {
                throw new KalshiApiException(200, KalshiApiException.InvalidResponse, $"the exchange returned the same cursor twice on page {page + 1}; stopping to avoid an endless read", "GET", path);
            }

            cursor = next;
        }

        throw new KalshiApiException(200, KalshiApiException.InvalidResponse, $"more than {_options.MaxPages} pages; narrow the query or raise exchange.http.max-pages", "GET", path);
    }

    private Task<T> GetAsync<T>(string relative, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync<object, T>(HttpMethod.Get, relative, null, null, responseType, RetryClass.Read, RateLimitLane.Read, _options.DefaultCost, cancellationToken);

    private async Task<TResponse> SendAsync<TBody, TResponse>(
        HttpMethod method,
        string relative,
        TBody? body,
        JsonTypeInfo<TBody>? bodyType,
        JsonTypeInfo<TResponse> responseType,
        RetryClass retryClass,
        RateLimitLane lane,
        int cost,
        CancellationToken cancellationToken)
        where TBody : class
    {
        var pipeline = retryClass switch
        {
            RetryClass.Read => _readRetry,
            RetryClass.Create => _createRetry,
            _ => _rateLimitedRetry,
        };

        // The body is serialized once so every attempt re-sends identical bytes (same client_order_id).
        var payload = body is null || bodyType is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        return await pipeline.ExecuteAsync(
            async token => await SendOnceAsync(method, relative, payload, responseType, lane, cost, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TResponse> SendOnceAsync<TResponse>(
        HttpMethod method, string relative, byte[]? payload, JsonTypeInfo<TResponse> responseType, RateLimitLane lane, int cost, CancellationToken cancellationToken)
    {
        await _limiter.AcquireAsync(lane, cost, cancellationToken).ConfigureAwait(false);
        var uri = new Uri(_baseUrl + relative);
        var path = uri.AbsolutePath;
        using var request = new HttpRequestMessage(method, uri);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (_credentials is not null)
        {
            var headers = _credentials.Sign(method.Method, uri.PathAndQuery, _timeProvider);
            request.Headers.Add(KalshiSignature.KeyHeader, headers.KeyId);
            request.Headers.Add(KalshiSignature.TimestampHeader, headers.TimestampMs);
            request.Headers.Add(KalshiSignature.SignatureHeader, headers.Signature);
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        byte[] bytes;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Log.RequestFailed(_logger, method.Method, path, KalshiApiException.NetworkError);
            throw new KalshiApiException(0, KalshiApiException.NetworkError, e.Message, method.Method, path, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RequestFailed(_logger, method.Method, path, KalshiApiException.Timeout);
            throw new KalshiApiException(0, KalshiApiException.Timeout, $"no response within {_options.RequestTimeout.TotalSeconds:0.###} s", method.Method, path, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var (code, message) = ErrorBody.Parse(System.Text.Encoding.UTF8.GetString(bytes), response.ReasonPhrase ?? "error");
                Log.ExchangeRefused(_logger, method.Method, path, status, code);
                throw new KalshiApiException(status, code, message, method.Method, path);
            }

            try
            {
                return JsonSerializer.Deserialize(bytes, responseType)
                    ?? throw new KalshiApiException(status, KalshiApiException.InvalidResponse, "the response body was JSON null", method.Method, path);
            }
            catch (JsonException e)
            {
                throw new KalshiApiException(status, KalshiApiException.InvalidResponse, $"the response body is not a {typeof(TResponse).Name}: {e.Message}", method.Method, path, e);
            }
        }
    }

    private ResiliencePipeline BuildRetry(Func<KalshiApiException, bool> shouldRetry) =>
        _options.MaxRetries <= 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle(shouldRetry),
                    MaxRetryAttempts = _options.MaxRetries,
                    Delay = _options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        Log.Retrying(_logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "{Method} {Path} got no response: {ErrorCode}")]
        public static partial void RequestFailed(ILogger logger, string method, string path, string errorCode);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "{Method} {Path} refused with HTTP {StatusCode} {ErrorCode}")]
        public static partial void ExchangeRefused(ILogger logger, string method, string path, int statusCode, string? errorCode);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Retrying request, attempt {Attempt} after {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, int attempt, double delayMs);
    }
}
