using KalshiActors.Domain;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator;

/// <summary>Creating markets from their definitions.</summary>
internal sealed partial class SimulatedExchange
{
    // Lists the definition's event; returns its ticker (null for a rolling crypto series). A relisting opens at once and
    // takes a finer ticker (with the time) where the day's is taken.
    private string? List(MarketDefinition definition, DateTimeOffset now, bool again = false)
    {
        var open = again ? now : now + definition.OpensAfter;
        var close = open + definition.TradesFor;
        var tick = (int)(definition.TickSize * Units.PriceScale);
        string Free(string daily, string timed) => events.ContainsKey(daily) ? timed : daily;
        switch (definition.Kind)
        {
            case MarketKind.Binary:
            {
                var group = new BinaryGroup(definition, Free($"{definition.Series}-{TickerCodes.Date(close)}", $"{definition.Series}-{TickerCodes.DateTime(close)}"));
                AddMarket(group, "YES", "Yes", "No", null, null, open, close, tick, now);
                return group.EventTicker;
            }

            case MarketKind.Event:
            {
                var group = new ExclusiveEventGroup(definition, Free($"{definition.Series}-{TickerCodes.Date(close)}", $"{definition.Series}-{TickerCodes.DateTime(close)}"));
                foreach (var outcome in definition.Outcomes)
                {
                    AddMarket(group, outcome, outcome, outcome, null, null, open, close, tick, now);
                }

                return group.EventTicker;
            }

            case MarketKind.Ladder:
            {
                var spot = SpotOf(definition);
                var group = new SpotGroup(definition, $"{definition.Series}-{TickerCodes.DateTime(close)}", spot, close);
                foreach (var strike in definition.Strikes)
                {
                    var label = $"{MarketGroup.Format(strike)} or above";
                    AddMarket(group, TickerCodes.Strike(strike), label, label, "greater_or_equal", strike, open, close, tick, now);
                }

                return group.EventTicker;
            }

            case MarketKind.Crypto15m:
            {
                var spot = SpotOf(definition);
                var windowOpen = new DateTimeOffset(open.Ticks - (open.Ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
                ListCryptoWindow(definition, spot, windowOpen, now);
                rollingSeries.Add((definition, spot, windowOpen + TimeSpan.FromMinutes(15)));
                return null;
            }

            case MarketKind.Game:
            {
                var away = definition.Outcomes.Count > 0 ? definition.Outcomes[0] : "AWY";
                var home = definition.Outcomes.Count > 1 ? definition.Outcomes[^1] : "HOM";
                var group = new GameGroup(
                    definition, Free($"{definition.Series}-{TickerCodes.Date(open)}{away}{home}", $"{definition.Series}-{TickerCodes.DateTime(open)}{away}{home}"), open, close);
                foreach (var team in new[] { away, home })
                {
                    AddMarket(group, team, team, team, null, null, open, close, tick, now);
                }

                return group.EventTicker;
            }

            default:
                return null;
        }
    }

    // Events listed by definitions that relist: once one is settled throughout, the definition's next is listed.
    private void RelistSettled(DateTimeOffset now)
    {
        for (var i = 0; i < relisting.Count; i++)
        {
            var (definition, eventTicker) = relisting[i];
            if (events.TryGetValue(eventTicker, out var group) && group.Markets.All(m => m.Status == MarketStatus.Finalized) &&
                List(definition, now, again: true) is { } next)
            {
                relisting[i] = (definition, next);
            }
        }
    }

    /// <summary>The hidden spots and game states at <paramref name="now"/>; call holding <see cref="Sync"/>.</summary>
    public SimulatorHiddenState ObserveHiddenState(DateTimeOffset now)
    {
        var spotValues = spots.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SimulatedSpot(s.Key, decimal.Round((decimal)s.Value.Value, 2)))
            .ToList();
        var games = events.Values.OfType<GameGroup>()
            .OrderBy(g => g.EventTicker, StringComparer.Ordinal)
            .Select(g => new SimulatedGame(
                g.EventTicker,
                g.Definition.Outcomes.Count > 0 ? g.Definition.Outcomes[0] : "AWY",
                g.Definition.Outcomes.Count > 1 ? g.Definition.Outcomes[^1] : "HOM",
                g.AwayScore,
                g.HomeScore,
                g.Start,
                g.End))
            .ToList();
        return new SimulatorHiddenState(now, spotValues, games);
    }

    private SpotProcess SpotOf(MarketDefinition definition)
    {
        if (!spots.TryGetValue(definition.Series, out var spot))
        {
            spot = new SpotProcess((double)definition.Spot, definition.Volatility);
            spots[definition.Series] = spot;
        }

        return spot;
    }

    private void ListCryptoWindow(MarketDefinition definition, SpotProcess spot, DateTimeOffset open, DateTimeOffset now)
    {
        var close = open + TimeSpan.FromMinutes(15);
        var eventTicker = $"{definition.Series}-{TickerCodes.DateTime(close)}";
        if (events.ContainsKey(eventTicker))
        {
            return;
        }

        // The strike is the spot when the window opens: YES = "up in the next 15 minutes".
        var strike = decimal.Round((decimal)spot.Value, 2);
        var group = new SpotGroup(definition, eventTicker, spot, close);
        var label = $"Target Price: ${MarketGroup.Format(strike)}";
        AddMarket(group, TickerCodes.Minute(close), label, label, "greater_or_equal", strike, open, close,
            (int)(definition.TickSize * Units.PriceScale), now);
    }

    private void AddMarket(MarketGroup group, string outcome, string yesSubTitle, string noSubTitle, string? strikeType, decimal? strike,
        DateTimeOffset open, DateTimeOffset close, int tick, DateTimeOffset now)
    {
        events.TryAdd(group.EventTicker, group);
        var feeType = group.Definition.FeeType switch
        {
            "quadratic_with_maker_fees" => FeeType.QuadraticWithMakerFees,
            "quadratic_with_combo_maker_fees" => FeeType.QuadraticWithComboMakerFees,
            _ => FeeType.Quadratic,
        };
        var market = new SimMarket(marketOrder.Count, $"{group.EventTicker}-{outcome}", group, FeeModel.ForSeries(feeType, group.Definition.FeeMultiplier), now)
        {
            Outcome = outcome,
            YesSubTitle = yesSubTitle,
            NoSubTitle = noSubTitle,
            StrikeType = strikeType,
            FloorStrike = strike,
            OpenTime = open,
            CloseTime = close,
            TickSize = Math.Max(1, tick),
        };
        group.Markets.Add(market);
        markets[market.Ticker] = market;
        marketOrder.Add(market);
        Feed?.Lifecycle(market, "created", now);
    }
}
