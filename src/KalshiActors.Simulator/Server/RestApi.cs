using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain;
using KalshiActors.Exchange.Wire;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Simulator.Server;

/// <summary>The exchange's REST paths (PROTOCOL.md section 5) and the authenticated WebSocket upgrade.</summary>
internal static class RestApi
{
    private const string AccountItem = "kalshi-account";

    /// <summary>Registers the middleware and endpoints.</summary>
    public static void Map(WebApplication app, SimulatedExchange exchange, WebSocketHub hub, SignatureVerifier verifier, ILogger logger)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var isRest = path.StartsWith(SimulatorServer.RestPrefix, StringComparison.Ordinal);
            var isSocket = path == SimulatorServer.WebSocketPath;
            if (!isRest && !isSocket)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (isRest)
            {
                int status;
                lock (exchange.Sync)
                {
                    status = exchange.Faults.TakeHttpError();
                }

                if (status != 0)
                {
                    await InjectedError(context, status).ConfigureAwait(false);
                    return;
                }
            }

            var requiresAuth = isSocket || path.StartsWith(SimulatorServer.RestPrefix + "/portfolio", StringComparison.Ordinal);
            var hasHeaders = context.Request.Headers.ContainsKey(SignatureVerifier.KeyHeader);
            if (requiresAuth || hasHeaders)
            {
                var (keyId, problem) = verifier.Verify(
                    context.Request.Headers[SignatureVerifier.KeyHeader],
                    context.Request.Headers[SignatureVerifier.TimestampHeader],
                    context.Request.Headers[SignatureVerifier.SignatureHeader],
                    context.Request.Method,
                    path);
                if (keyId is null)
                {
                    logger.LogInformation("Rejected {Method} {Path}: {Problem}", context.Request.Method, path, problem);
                    await Error(context, 401, "authentication_error", problem!).ConfigureAwait(false);
                    return;
                }

                context.Items[AccountItem] = keyId;
            }

            await next(context).ConfigureAwait(false);
        });

        app.Map(SimulatorServer.WebSocketPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await Error(context, 400, "bad_request", "expected a WebSocket upgrade").ConfigureAwait(false);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var session = new WebSocketSession(socket, (string)context.Items[AccountItem]!, hub, logger);
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        });

        var api = app.MapGroup(SimulatorServer.RestPrefix);
        MapMarkets(api, exchange);
        MapCandlesticks(api, exchange);
        MapPortfolio(api, exchange);
    }

    private static void MapMarkets(RouteGroupBuilder api, SimulatedExchange exchange)
    {
        var settings = exchange.Settings;
        api.MapGet("/exchange/status", context =>
            Json(context, 200, new ExchangeStatusWire { ExchangeActive = true, TradingActive = true }, KalshiWireContext.Default.ExchangeStatusWire));

        api.MapGet("/markets", context =>
        {
            var query = context.Request.Query;
            GetMarketsResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<SimMarket> markets = exchange.Markets;
                if (query["event_ticker"].ToString() is { Length: > 0 } eventTicker)
                {
                    markets = markets.Where(m => m.EventTicker == eventTicker);
                }

                if (query["series_ticker"].ToString() is { Length: > 0 } series)
                {
                    markets = markets.Where(m => m.Group.SeriesTicker == series);
                }

                if (query["tickers"].ToString() is { Length: > 0 } tickers)
                {
                    var wanted = tickers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    markets = markets.Where(m => wanted.Contains(m.Ticker));
                }

                if (query["status"].ToString() is { Length: > 0 } status)
                {
                    markets = markets.Where(m => m.FilterStatus == status);
                }

                var (page, cursor) = Page(markets.ToList(), query, 100, 1000);
                response = new GetMarketsResponse { Markets = [.. page.Select(m => WireMapping.Market(m, settings))], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetMarketsResponse);
        });

        api.MapGet("/markets/trades", context =>
        {
            var query = context.Request.Query;
            GetTradesResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<TradeRecord> trades = exchange.Trades.Reverse();
                if (query["ticker"].ToString() is { Length: > 0 } ticker)
                {
                    trades = trades.Where(t => t.Ticker == ticker);
                }

                var (page, cursor) = Page(trades.ToList(), query, 100, 1000);
                response = new GetTradesResponse { Trades = [.. page.Select(WireMapping.Trade)], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetTradesResponse);
        });

        api.MapGet("/markets/orderbooks", context =>
        {
            var tickers = context.Request.Query["tickers"].SelectMany(t => (t ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
            GetOrderbooksResponse response;
            lock (exchange.Sync)
            {
                response = new GetOrderbooksResponse
                {
                    Orderbooks = [.. tickers.Select(exchange.Market).OfType<SimMarket>().Select(m => new MarketOrderbookWire
                    {
                        Ticker = m.Ticker,
                        OrderbookFp = Book(m, 0),
                    })],
                };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetOrderbooksResponse);
        });

        api.MapGet("/markets/{ticker}", context =>
        {
            var ticker = (string)context.Request.RouteValues["ticker"]!;
            MarketWire? market;
            lock (exchange.Sync)
            {
                market = exchange.Market(ticker) is { } found ? WireMapping.Market(found, settings) : null;
            }

            return market is null
                ? Error(context, 404, "not_found", $"market '{ticker}' not found")
                : Json(context, 200, new GetMarketResponse { Market = market }, KalshiWireContext.Default.GetMarketResponse);
        });

        api.MapGet("/markets/{ticker}/orderbook", context =>
        {
            var ticker = (string)context.Request.RouteValues["ticker"]!;
            _ = int.TryParse(context.Request.Query["depth"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth);
            OrderbookFpWire? book;
            lock (exchange.Sync)
            {
                book = exchange.Market(ticker) is { } found ? Book(found, depth) : null;
            }

            return book is null
                ? Error(context, 404, "not_found", $"market '{ticker}' not found")
                : Json(context, 200, new GetOrderbookResponse { OrderbookFp = book }, KalshiWireContext.Default.GetOrderbookResponse);
        });

        api.MapGet("/events", context =>
        {
            var query = context.Request.Query;
            var nested = query["with_nested_markets"] == "true";
            GetEventsResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<MarketGroup> groups = exchange.Events.Values;
                if (query["series_ticker"].ToString() is { Length: > 0 } series)
                {
                    groups = groups.Where(g => g.SeriesTicker == series);
                }

                var (page, cursor) = Page(groups.ToList(), query, 200, 200);
                response = new GetEventsResponse { Events = [.. page.Select(g => WireMapping.Event(g, nested, settings))], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetEventsResponse);
        });

        api.MapGet("/events/{eventTicker}", context =>
        {
            var ticker = (string)context.Request.RouteValues["eventTicker"]!;
            GetEventResponse? response = null;
            lock (exchange.Sync)
            {
                if (exchange.Events.TryGetValue(ticker, out var group))
                {
                    response = new GetEventResponse
                    {
                        Event = WireMapping.Event(group, false, settings),
                        Markets = [.. group.Markets.Select(m => WireMapping.Market(m, settings))],
                    };
                }
            }

            return response is null
                ? Error(context, 404, "not_found", $"event '{ticker}' not found")
                : Json(context, 200, response, KalshiWireContext.Default.GetEventResponse);
        });

        api.MapGet("/series/{seriesTicker}", context =>
        {
            var ticker = (string)context.Request.RouteValues["seriesTicker"]!;
            var definition = settings.Markets.FirstOrDefault(d => d.Series == ticker);
            return definition is null
                ? Error(context, 404, "not_found", $"series '{ticker}' not found")
                : Json(context, 200, new GetSeriesResponse { Series = WireMapping.Series(definition) }, KalshiWireContext.Default.GetSeriesResponse);
        });
    }

    private static void MapCandlesticks(RouteGroupBuilder api, SimulatedExchange exchange) =>
        api.MapGet("/series/{seriesTicker}/markets/{ticker}/candlesticks", context =>
        {
            var ticker = (string)context.Request.RouteValues["ticker"]!;
            var query = context.Request.Query;
            if (!long.TryParse(query["start_ts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(query["end_ts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var end)
                || !int.TryParse(query["period_interval"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var period)
                || period is not (1 or 60 or 1440)
                || end < start)
            {
                return Error(context, 400, "invalid_parameters", "start_ts, end_ts (not before start_ts) and period_interval (1, 60 or 1440) are required");
            }

            GetCandlesticksResponse? response = null;
            lock (exchange.Sync)
            {
                if (exchange.Market(ticker) is not null)
                {
                    var includeBefore = string.Equals(query["include_latest_before_start"], "true", StringComparison.OrdinalIgnoreCase);
                    response = new GetCandlesticksResponse { Ticker = ticker, Candlesticks = Candlesticks.Build(exchange.Trades.Where(t => t.Ticker == ticker), start, end, period, includeBefore) };
                }
            }

            return response is null
                ? Error(context, 404, "not_found", $"market '{ticker}' not found")
                : Json(context, 200, response, KalshiWireContext.Default.GetCandlesticksResponse);
        });

    private static OrderbookFpWire Book(SimMarket market, int depth) => new()
    {
        YesDollars = WireMapping.Levels(market.Book, BookSide.Bid, false, depth),
        NoDollars = WireMapping.Levels(market.Book, BookSide.Ask, false, depth),
    };

    private static void MapPortfolio(RouteGroupBuilder api, SimulatedExchange exchange)
    {
        api.MapPost("/portfolio/events/orders", async context =>
        {
            var request = await Read(context, KalshiWireContext.Default.CreateOrderV2Request).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var (place, problem) = ToPlaceRequest(request);
            if (place is null)
            {
                await Error(context, 400, "invalid_parameters", problem!).ConfigureAwait(false);
                return;
            }

            var now = exchange.Time.GetUtcNow();
            var result = exchange.PlaceOrder(Account(context), place, now);
            if (!result.Accepted)
            {
                await Refused(context, result).ConfigureAwait(false);
                return;
            }

            CreateOrderV2Response response;
            lock (exchange.Sync)
            {
                var order = result.Order!;
                response = new CreateOrderV2Response
                {
                    OrderId = order.OrderId,
                    ClientOrderId = order.ClientOrderId,
                    FillCount = FixedPoint.Count(result.FilledNow),
                    RemainingCount = FixedPoint.Count(order.RemainingQuantity),
                    AverageFillPrice = result.FilledNow > 0 ? FixedPoint.Dollars((int)(result.FillNotionalNow / result.FilledNow)) : null,
                    AverageFeePaid = result.FilledNow > 0 ? FixedPoint.Micros(result.FeesNow * Units.QuantityScale / result.FilledNow) : null,
                    TsMs = now.ToUnixTimeMilliseconds(),
                };
            }

            await Json(context, 201, response, KalshiWireContext.Default.CreateOrderV2Response).ConfigureAwait(false);
        });

        api.MapDelete("/portfolio/events/orders/{orderId}", context =>
        {
            var now = exchange.Time.GetUtcNow();
            var result = exchange.CancelOrder(Account(context), (string)context.Request.RouteValues["orderId"]!, now);
            return !result.Accepted
                ? Refused(context, result)
                : Json(context, 200, new CancelOrderV2Response
                {
                    OrderId = result.Order!.OrderId,
                    ClientOrderId = result.Order.ClientOrderId,
                    ReducedBy = FixedPoint.Count(result.FilledNow),
                    TsMs = now.ToUnixTimeMilliseconds(),
                }, KalshiWireContext.Default.CancelOrderV2Response);
        });

        api.MapPost("/portfolio/events/orders/{orderId}/amend", async context =>
        {
            var request = await Read(context, KalshiWireContext.Default.AmendOrderV2Request).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var price = FixedPoint.ParsePrice(request.Price);
            var count = FixedPoint.ParseCount(request.Count);
            var side = ParseSide(request.Side);
            if (request.Ticker is null || price is null || count is null || side is null)
            {
                await Error(context, 400, "invalid_parameters", "amend needs ticker, side (bid|ask), price (dollars, up to 4 decimals) and count (total, up to 2 decimals)")
                    .ConfigureAwait(false);
                return;
            }

            var now = exchange.Time.GetUtcNow();
            var result = exchange.AmendOrder(Account(context), (string)context.Request.RouteValues["orderId"]!, request.Ticker, side.Value, price.Value, count.Value,
                request.UpdatedClientOrderId, now);
            if (!result.Accepted)
            {
                await Refused(context, result).ConfigureAwait(false);
                return;
            }

            AmendOrderV2Response response;
            lock (exchange.Sync)
            {
                var order = result.Order!;
                response = new AmendOrderV2Response
                {
                    OrderId = order.OrderId,
                    ClientOrderId = order.ClientOrderId,
                    RemainingCount = FixedPoint.Count(order.RemainingQuantity),
                    FillCount = FixedPoint.Count(order.FilledQuantity),
                    AverageFillPrice = order.FilledQuantity > 0 ? FixedPoint.Dollars((int)(order.FillNotional / order.FilledQuantity)) : null,
                    AverageFeePaid = order.FilledQuantity > 0
                        ? FixedPoint.Micros((order.TakerFees + order.MakerFees) * Units.QuantityScale / order.FilledQuantity)
                        : null,
                    TsMs = now.ToUnixTimeMilliseconds(),
                };
            }

            await Json(context, 200, response, KalshiWireContext.Default.AmendOrderV2Response).ConfigureAwait(false);
        });

        api.MapPost("/portfolio/events/orders/{orderId}/decrease", async context =>
        {
            var request = await Read(context, KalshiWireContext.Default.DecreaseOrderV2Request).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var reduceBy = request.ReduceBy is null ? null : FixedPoint.ParseCount(request.ReduceBy);
            var reduceTo = request.ReduceTo is null ? null : FixedPoint.ParseCount(request.ReduceTo);
            if ((request.ReduceBy is not null && reduceBy is null) || (request.ReduceTo is not null && reduceTo is null))
            {
                await Error(context, 400, "invalid_parameters", "reduce_by / reduce_to must be counts with up to 2 decimals").ConfigureAwait(false);
                return;
            }

            var now = exchange.Time.GetUtcNow();
            var result = exchange.DecreaseOrder(Account(context), (string)context.Request.RouteValues["orderId"]!, reduceBy, reduceTo, now);
            if (!result.Accepted)
            {
                await Refused(context, result).ConfigureAwait(false);
                return;
            }

            DecreaseOrderV2Response response;
            lock (exchange.Sync)
            {
                response = new DecreaseOrderV2Response
                {
                    OrderId = result.Order!.OrderId,
                    ClientOrderId = result.Order.ClientOrderId,
                    RemainingCount = FixedPoint.Count(result.Order.RemainingQuantity),
                    TsMs = now.ToUnixTimeMilliseconds(),
                };
            }

            await Json(context, 200, response, KalshiWireContext.Default.DecreaseOrderV2Response).ConfigureAwait(false);
        });

        api.MapPost("/portfolio/events/orders/batched", async context =>
        {
            var request = await Read(context, KalshiWireContext.Default.BatchCreateOrdersV2Request).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var results = new List<BatchCreateOrderV2Result>();
            foreach (var item in request.Orders ?? [])
            {
                var now = exchange.Time.GetUtcNow();
                var (place, problem) = ToPlaceRequest(item);
                if (place is null)
                {
                    results.Add(new BatchCreateOrderV2Result { ClientOrderId = item.ClientOrderId, Error = new ErrorDetailWire { Code = "invalid_parameters", Message = problem } });
                    continue;
                }

                var result = exchange.PlaceOrder(Account(context), place, now);
                lock (exchange.Sync)
                {
                    results.Add(result.Accepted
                        ? new BatchCreateOrderV2Result
                        {
                            OrderId = result.Order!.OrderId,
                            ClientOrderId = result.Order.ClientOrderId,
                            FillCount = FixedPoint.Count(result.FilledNow),
                            RemainingCount = FixedPoint.Count(result.Order.RemainingQuantity),
                            TsMs = now.ToUnixTimeMilliseconds(),
                        }
                        : new BatchCreateOrderV2Result { ClientOrderId = item.ClientOrderId, Error = ErrorOf(result).Detail });
                }
            }

            await Json(context, 201, new BatchCreateOrdersV2Response { Orders = results }, KalshiWireContext.Default.BatchCreateOrdersV2Response).ConfigureAwait(false);
        });

        api.MapDelete("/portfolio/events/orders/batched", async context =>
        {
            var request = await Read(context, KalshiWireContext.Default.BatchCancelOrdersV2Request).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var results = new List<BatchCancelOrderV2Result>();
            foreach (var item in request.Orders ?? [])
            {
                var now = exchange.Time.GetUtcNow();
                var result = exchange.CancelOrder(Account(context), item.OrderId ?? string.Empty, now);
                results.Add(result.Accepted
                    ? new BatchCancelOrderV2Result
                    {
                        OrderId = result.Order!.OrderId,
                        ClientOrderId = result.Order.ClientOrderId,
                        ReducedBy = FixedPoint.Count(result.FilledNow),
                        TsMs = now.ToUnixTimeMilliseconds(),
                    }
                    : new BatchCancelOrderV2Result { OrderId = item.OrderId, Error = ErrorOf(result).Detail });
            }

            await Json(context, 200, new BatchCancelOrdersV2Response { Orders = results }, KalshiWireContext.Default.BatchCancelOrdersV2Response).ConfigureAwait(false);
        });

        api.MapGet("/portfolio/orders", context =>
        {
            var query = context.Request.Query;
            GetOrdersResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<SimOrder> orders = exchange.Account(Account(context)).Orders.AsEnumerable().Reverse();
                if (query["ticker"].ToString() is { Length: > 0 } ticker)
                {
                    orders = orders.Where(o => o.Ticker == ticker);
                }

                if (query["status"].ToString() is { Length: > 0 } status)
                {
                    orders = orders.Where(o => WireMapping.StatusText(o.Status) == status);
                }

                var (page, cursor) = Page(orders.ToList(), query, 100, 1000);
                response = new GetOrdersResponse { Orders = [.. page.Select(WireMapping.Order)], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetOrdersResponse);
        });

        api.MapGet("/portfolio/orders/{orderId}", context =>
        {
            var orderId = (string)context.Request.RouteValues["orderId"]!;
            OrderWire? order;
            lock (exchange.Sync)
            {
                order = exchange.Order(orderId) is { } found && found.AccountId == Account(context) ? WireMapping.Order(found) : null;
            }

            return order is null
                ? Error(context, 404, "not_found", $"order '{orderId}' not found")
                : Json(context, 200, new GetOrderResponse { Order = order }, KalshiWireContext.Default.GetOrderResponse);
        });

        api.MapGet("/portfolio/fills", context =>
        {
            var query = context.Request.Query;
            GetFillsResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<FillRecord> fills = exchange.Account(Account(context)).Fills.AsEnumerable().Reverse();
                if (query["ticker"].ToString() is { Length: > 0 } ticker)
                {
                    fills = fills.Where(f => f.Ticker == ticker);
                }

                if (query["order_id"].ToString() is { Length: > 0 } orderId)
                {
                    fills = fills.Where(f => f.OrderId == orderId);
                }

                var (page, cursor) = Page(fills.ToList(), query, 100, 1000);
                response = new GetFillsResponse { Fills = [.. page.Select(WireMapping.Fill)], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetFillsResponse);
        });

        api.MapGet("/portfolio/positions", context =>
        {
            var query = context.Request.Query;
            GetPositionsResponse response;
            lock (exchange.Sync)
            {
                var account = exchange.Account(Account(context));
                IEnumerable<SimPosition> positions = exchange.OpenPositions(account);
                if (query["ticker"].ToString() is { Length: > 0 } ticker)
                {
                    positions = positions.Where(p => p.Ticker == ticker);
                }

                var list = positions.ToList();
                response = new GetPositionsResponse
                {
                    MarketPositions = [.. list.Select(p => WireMapping.Position(p, exchange.Market(p.Ticker)?.Group.ExchangeIndex ?? 0))],
                    EventPositions = [.. list.GroupBy(p => p.EventTicker).Select(g => new EventPositionWire
                    {
                        EventTicker = g.Key,
                        TotalCostDollars = FixedPoint.Micros(g.Sum(p => p.CostMicros)),
                        TotalCostSharesFp = FixedPoint.Count(g.Sum(p => Math.Abs(p.Position))),
                        EventExposureDollars = FixedPoint.Micros(g.Sum(p => p.CostMicros)),
                        RealizedPnlDollars = FixedPoint.Micros(g.Sum(p => p.RealizedPnlMicros)),
                        FeesPaidDollars = FixedPoint.Micros(g.Sum(p => p.FeesPaidMicros)),
                    })],
                    Cursor = string.Empty,
                };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetPositionsResponse);
        });

        api.MapGet("/portfolio/balance", context =>
        {
            GetBalanceResponse response;
            lock (exchange.Sync)
            {
                var account = exchange.Account(Account(context));
                var available = account.AvailableMicros;
                var positionsValue = account.Positions.Values.Sum(p => p.CostMicros) + account.ReservedMicros;
                response = new GetBalanceResponse
                {
                    Balance = Math.DivRem(available, 10_000).Quotient,
                    BalanceDollars = FixedPoint.Micros(available),
                    PortfolioValue = Math.DivRem(positionsValue, 10_000).Quotient,
                    UpdatedTs = exchange.Time.GetUtcNow().ToUnixTimeSeconds(),
                };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetBalanceResponse);
        });

        api.MapGet("/portfolio/settlements", context =>
        {
            var query = context.Request.Query;
            GetSettlementsResponse response;
            lock (exchange.Sync)
            {
                IEnumerable<SettlementRecord> settlements = exchange.Account(Account(context)).Settlements.AsEnumerable().Reverse();
                if (query["ticker"].ToString() is { Length: > 0 } ticker)
                {
                    settlements = settlements.Where(s => s.Ticker == ticker);
                }

                var (page, cursor) = Page(settlements.ToList(), query, 100, 1000);
                response = new GetSettlementsResponse { Settlements = [.. page.Select(WireMapping.Settlement)], Cursor = cursor };
            }

            return Json(context, 200, response, KalshiWireContext.Default.GetSettlementsResponse);
        });
    }

    private static string Account(HttpContext context) => (string)context.Items[AccountItem]!;

    private static (PlaceOrderRequest? Request, string? Problem) ToPlaceRequest(CreateOrderV2Request request)
    {
        var side = ParseSide(request.Side);
        var price = FixedPoint.ParsePrice(request.Price);
        var count = FixedPoint.ParseCount(request.Count);
        TimeInForce? timeInForce = request.TimeInForce switch
        {
            "good_till_canceled" => TimeInForce.GoodTillCanceled,
            "immediate_or_cancel" => TimeInForce.ImmediateOrCancel,
            "fill_or_kill" => TimeInForce.FillOrKill,
            _ => null,
        };
        SelfTradePrevention? selfTrade = request.SelfTradePreventionType switch
        {
            "taker_at_cross" => SelfTradePrevention.TakerAtCross,
            "maker" => SelfTradePrevention.Maker,
            _ => null,
        };
        if (string.IsNullOrEmpty(request.Ticker))
        {
            return (null, "ticker is required");
        }

        if (side is null)
        {
            return (null, $"side must be bid or ask, not '{request.Side}'");
        }

        if (price is null)
        {
            return (null, $"price must be a dollar string with up to 4 decimals, not '{request.Price}'");
        }

        if (count is null)
        {
            return (null, $"count must be a contract count with up to 2 decimals, not '{request.Count}'");
        }

        if (timeInForce is null)
        {
            return (null, $"time_in_force must be fill_or_kill, good_till_canceled or immediate_or_cancel, not '{request.TimeInForce}'");
        }

        if (selfTrade is null)
        {
            return (null, $"self_trade_prevention_type must be taker_at_cross or maker, not '{request.SelfTradePreventionType}'");
        }

        return (new PlaceOrderRequest(request.Ticker, side.Value, price.Value, count.Value, timeInForce.Value, selfTrade.Value, request.ClientOrderId,
            request.ExpirationTime is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            request.PostOnly ?? false, request.ReduceOnly ?? false, request.CancelOrderOnPause ?? false, (int)(request.Subaccount ?? 0)), null);
    }

    private static BookSide? ParseSide(string? side) => side switch
    {
        "bid" => BookSide.Bid,
        "ask" => BookSide.Ask,
        _ => null,
    };

    private static (List<T> Page, string Cursor) Page<T>(List<T> items, IQueryCollection query, int defaultLimit, int maxLimit)
    {
        var limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked) && asked > 0 ? Math.Min(asked, maxLimit) : defaultLimit;
        var offset = int.TryParse(query["cursor"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) && start > 0 ? start : 0;
        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        return (page, next < items.Count ? next.ToString(CultureInfo.InvariantCulture) : string.Empty);
    }

    private static async Task<T?> Read<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
            if (value is null)
            {
                await Error(context, 400, "invalid_parameters", "request body must be a JSON object").ConfigureAwait(false);
            }

            return value;
        }
        catch (JsonException ex)
        {
            await Error(context, 400, "invalid_parameters", $"request body is not valid JSON for this endpoint: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static (int Status, ErrorDetailWire Detail) ErrorOf(OrderResult result)
    {
        var (status, code) = result.Reject switch
        {
            OrderRejectReason.InvalidOrderSize => (400, "invalid_order_size"),
            OrderRejectReason.InsufficientBalance => (400, "available_balance_too_low"),
            OrderRejectReason.MarketInactive => (400, "MARKET_INACTIVE"),
            OrderRejectReason.OrderNotFound => (404, "not_found"),
            OrderRejectReason.OrderSideMismatch => (400, "order_side_mismatch"),
            OrderRejectReason.OrderTickerMismatch => (400, "order_ticker_mismatch"),
            OrderRejectReason.PostOnlyCross => (400, "post_only_cross"),
            OrderRejectReason.RejectedByFault => (409, "order_rejected"),
            _ => (400, "invalid_order"),
        };
        return (status, new ErrorDetailWire { Code = code, Message = result.Detail, Details = string.Empty });
    }

    private static Task Refused(HttpContext context, OrderResult result)
    {
        var (status, detail) = ErrorOf(result);
        return Error(context, status, detail.Code!, detail.Message!);
    }

    private static async Task InjectedError(HttpContext context, int status)
    {
        if (status == 429)
        {
            context.Response.StatusCode = 429;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"too many requests\"}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await Error(context, status, status == 503 ? "service_unavailable" : "internal_server_error", "injected fault (POST /sim/faults)").ConfigureAwait(false);
    }

    /// <summary>Writes `{"error":{"code","message","details"}}` with the status.</summary>
    internal static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error");
            JsonSerializer.Serialize(writer, new ErrorDetailWire { Code = code, Message = message, Details = string.Empty }, KalshiWireContext.Default.ErrorDetailWire);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a wire model as JSON.</summary>
    internal static async Task Json<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted).ConfigureAwait(false);
    }
}
