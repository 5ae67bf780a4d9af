using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Exchange.Tests.Http;

public sealed class KalshiMarketScanSourceTests
{
    [Fact]
    public void ToListing_CurrentShape_MapsQuotesSizesActivityExactly()
    {
        var listing = KalshiMarketScanSource.ToListing(Market("""
            {"ticker":"KXBTCD-26DEC0417-T100000","event_ticker":"KXBTCD-26DEC0417","title":"BTC above 100k?","close_time":"2026-12-04T17:00:00Z",
             "yes_bid_dollars":"0.4200","yes_bid_size_fp":"120.50","yes_ask_dollars":"0.4350","yes_ask_size_fp":"80.00",
             "last_price_dollars":"0.4300","previous_price_dollars":"0.5100","volume_24h_fp":"15000.00","open_interest_fp":"2200.00","liquidity_dollars":"0.0000"}
            """));

        Assert.Equal("KXBTCD", listing.SeriesTicker.Value);
        Assert.Equal(Price.ParseDollars("0.42"), listing.YesBid);
        Assert.Equal(Quantity.Parse("120.50"), listing.YesBidSize);
        Assert.Equal(Price.ParseDollars("0.435"), listing.YesAsk);
        Assert.Equal(Price.ParseDollars("0.51"), listing.PreviousPrice);
        Assert.Equal(Quantity.Parse("15000"), listing.Volume24h);
        Assert.Equal(Quantity.Parse("2200"), listing.OpenInterest);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero), listing.CloseTime);
    }

    [Fact]
    public void ToListing_EmptySidesAndNoTrades_AreNullNotZero()
    {
        var listing = KalshiMarketScanSource.ToListing(Market("""
            {"ticker":"KXA-1","event_ticker":"KXA","yes_bid_dollars":"0.0000","yes_bid_size_fp":"0.00","yes_ask_dollars":"1.0000","yes_ask_size_fp":"0.00",
             "last_price_dollars":"0.0000","previous_price_dollars":"0.0000","volume_24h_fp":"0.00","open_interest_fp":"0.00"}
            """));

        Assert.Null(listing.YesBid);
        Assert.Null(listing.YesAsk);
        Assert.Null(listing.LastPrice);
        Assert.Null(listing.PreviousPrice);
        Assert.Equal(Quantity.Zero, listing.YesBidSize);
    }

    [Fact]
    public void ToListing_LegacyCents_AreRead()
    {
        var listing = KalshiMarketScanSource.ToListing(Market("""
            {"ticker":"KXA-1","event_ticker":"KXA","yes_bid":41,"yes_ask":44,"last_price":42,"previous_price":40,"volume_24h":900,"open_interest":300}
            """));

        Assert.Equal(Price.FromCents(41), listing.YesBid);
        Assert.Equal(Price.FromCents(44), listing.YesAsk);
        Assert.Equal(Price.FromCents(40), listing.PreviousPrice);
        Assert.Equal(Quantity.FromContracts(900), listing.Volume24h);
    }

    private static MarketWire Market(string json) => JsonSerializer.Deserialize(json, KalshiWireContext.Default.MarketWire)!;
}
