using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KalshiActors.Exchange.Wire;
using KalshiActors.Testing;

namespace KalshiActors.Exchange.Tests.Wire;

// Every recorded or hand-written exchange message must survive read -> write unchanged: an unknown field fails the read
// (UnmappedMemberHandling.Disallow) and a field the model drops fails the tree comparison.
public sealed class FixtureRoundTripTests
{
    private static readonly JsonSerializerOptions Strict = new(KalshiWireContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Dictionary<string, Type> RestBodies = new(StringComparer.Ordinal)
    {
        ["markets_list_response.json"] = typeof(GetMarketsResponse),
        ["market_single_response.json"] = typeof(GetMarketResponse),
        ["orderbook_response.json"] = typeof(GetOrderbookResponse),
        ["trades_list_response.json"] = typeof(GetTradesResponse),
        ["series_candlesticks_response.json"] = typeof(GetCandlesticksResponse),
        ["event_single_response.json"] = typeof(GetEventResponse),
        ["series_single_response.json"] = typeof(GetSeriesResponse),
        ["exchange_status_response.json"] = typeof(ExchangeStatusWire),
        ["exchange_schedule_response.json"] = typeof(GetExchangeScheduleResponse),
        ["portfolio_balance_response.json"] = typeof(GetBalanceResponse),
        ["portfolio_positions_response.json"] = typeof(GetPositionsResponse),
        ["portfolio_fills_response.json"] = typeof(GetFillsResponse),
        ["portfolio_orders_response.json"] = typeof(GetOrdersResponse),
        ["portfolio_settlements_response.json"] = typeof(GetSettlementsResponse),
        ["create_order_response.json"] = typeof(GetOrderResponse),
        ["cancel_order_response.json"] = typeof(LegacyCancelOrderResponse),
        ["amend_order_response.json"] = typeof(LegacyAmendOrderResponse),
        ["decrease_order_response.json"] = typeof(GetOrderResponse),
        ["batch_create_orders_response.json"] = typeof(LegacyBatchCreateOrdersResponse),
    };

    private static readonly Dictionary<string, Type> ExampleBodies = new(StringComparer.Ordinal)
    {
        ["HANDWRITTEN_rest_create_order_v2_request.json"] = typeof(CreateOrderV2Request),
        ["HANDWRITTEN_rest_create_order_v2_response_201.json"] = typeof(CreateOrderV2Response),
        ["HANDWRITTEN_rest_market_fixedpoint.json"] = typeof(GetMarketResponse),
        ["HANDWRITTEN_rest_orderbook_fp.json"] = typeof(GetOrderbookResponse),
    };

    internal static readonly Dictionary<string, Type> MessageBodies = new(StringComparer.Ordinal)
    {
        ["subscribed"] = typeof(WsSubscribedMsg),
        ["error"] = typeof(WsErrorMsg),
        ["ok"] = typeof(WsOkMsg),
        ["orderbook_snapshot"] = typeof(OrderbookSnapshotMsg),
        ["orderbook_delta"] = typeof(OrderbookDeltaMsg),
        ["ticker"] = typeof(TickerMsg),
        ["trade"] = typeof(TradeMsg),
        ["fill"] = typeof(FillMsg),
        ["user_order"] = typeof(UserOrderMsg),
        ["market_position"] = typeof(MarketPositionMsg),
        ["market_lifecycle_v2"] = typeof(MarketLifecycleMsg),
        ["event_lifecycle"] = typeof(EventLifecycleMsg),
        ["event_fee_update"] = typeof(EventFeeUpdateMsg),
        ["order_group_updates"] = typeof(OrderGroupUpdateMsg),
    };

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        if (RepositoryLayout.SharedDirectory is null)
        {
            return data;
        }

        var root = RepositoryLayout.Shared("kalshi", "fixtures");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".md", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }

        return data;
    }

    [SharedDataFact]
    public void Fixture_folder_holds_the_files_this_test_knows()
    {
        var files = ((IEnumerable<object[]>)FixtureFiles()).Select(row => (string)row[0]).ToList();
        Assert.True(files.Count >= 30, $"expected the fixture set of FIXTURES.md, found {files.Count} files");
    }

    [SharedDataTheory]
    [MemberData(nameof(FixtureFiles))]
    public void Fixture_parses_and_writes_back_without_loss(string relativePath)
    {
        var path = RepositoryLayout.Shared("kalshi", "fixtures", relativePath);
        var name = Path.GetFileName(path);
        if (path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Trim().Length > 0)
                {
                    AssertWebSocketLineRoundTrips(line, $"{relativePath}:{lineNumber}");
                }
            }

            Assert.True(lineNumber > 0, $"{relativePath} is empty");
            return;
        }

        var document = JsonNode.Parse(File.ReadAllText(path))!;
        if (RestBodies.TryGetValue(name, out var restType))
        {
            // The recorder's wrapper: only "response" is the exchange's body.
            AssertRoundTrips(document["response"]!, restType, relativePath);
        }
        else if (ExampleBodies.TryGetValue(name, out var exampleType))
        {
            AssertRoundTrips(document, exampleType, relativePath);
        }
        else if (name == "HANDWRITTEN_rest_error_examples.json")
        {
            foreach (var example in document.AsArray())
            {
                var error = example!["body"]!["error"]!;
                if (error.GetValueKind() == JsonValueKind.Object)
                {
                    AssertRoundTrips(error, typeof(ErrorDetailWire), relativePath);
                }
                else
                {
                    Assert.Equal(JsonValueKind.String, error.GetValueKind());
                }
            }
        }
        else
        {
            Assert.Fail($"{relativePath}: no wire model is mapped to this fixture; add one so every fixture is covered");
        }
    }

    private static void AssertWebSocketLineRoundTrips(string line, string where)
    {
        var node = JsonNode.Parse(line)!;
        if (node["cmd"] is not null)
        {
            AssertRoundTrips(node, typeof(WsCommand), where);
            return;
        }

        var envelope = JsonSerializer.Deserialize<WsEnvelope>(line, Strict)!;
        var type = envelope.Type ?? throw new InvalidOperationException($"{where}: frame without type");
        var msg = node["msg"];
        if (msg is JsonArray list)
        {
            Assert.Equal("ok", type);
            AssertRoundTrips(list, typeof(List<WsSubscriptionInfo>), where);
        }
        else if (msg is not null)
        {
            Assert.True(MessageBodies.TryGetValue(type, out var msgType), $"{where}: no wire model for message type '{type}'");
            AssertRoundTrips(msg, msgType!, where);
        }

        // The envelope itself (msg kept as an opaque element) must also be lossless.
        AssertRoundTrips(node, typeof(WsEnvelope), where);
    }

    private static void AssertRoundTrips(JsonNode original, Type type, string where)
    {
        var json = original.ToJsonString();
        object? model;
        try
        {
            model = JsonSerializer.Deserialize(json, type, Strict);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{where}: {type.Name} could not read the fixture: {e.Message}");
        }

        var written = JsonNode.Parse(JsonSerializer.Serialize(model, type, Strict))!;
        var difference = FindDifference(Normalize(original), Normalize(written), "$");
        Assert.True(difference is null, $"{where}: {type.Name} lost or changed data at {difference}");
    }

    // Explicit nulls and absent optional fields mean the same thing to the exchange; models omit nulls when writing.
    private static JsonNode? Normalize(JsonNode? node) =>
        node switch
        {
            JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(Normalize)]),
            null => null,
            _ => node.DeepClone(),
        };

    private static string? FindDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{path}.{key} (dropped)";
                    }

                    var inner = FindDifference(value, a[key], $"{path}.{key}");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                var extra = a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra} (added)";
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path} (array length {e.Count} vs {a.Count})";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    var inner = FindDifference(e[i], a[i], $"{path}[{i}]");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
                return decimal.Parse(e.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    == decimal.Parse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    ? null
                    : $"{path} ({e.ToJsonString()} vs {a.ToJsonString()})";
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path} ({expected?.ToJsonString()} vs {actual?.ToJsonString()})";
        }
    }
}
