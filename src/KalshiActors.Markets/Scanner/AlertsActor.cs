using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// <c>/user/market-data/alerts</c> (persistent): watches the scanner's observations, the catalog, the portfolio and
/// settlements, and raises <see cref="AlertRaised"/> — persisted (<c>AlertRaised.v1</c>), then logged and published.
/// A condition is raised once when it starts to hold and again only after it cleared past its re-arm level and the
/// cool-down has passed; a new market and an early settlement are raised once per market. The journal restores which
/// conditions were raised, so a restart does not repeat them.
/// </summary>
internal sealed class AlertsActor : PersistentActor
{
    private const string PortfolioKey = "portfolio";

    private readonly AlertSettings _settings;

    // When each condition (kind + market, or the portfolio) was last raised: the cool-down and the one-shot alerts read it.
    private readonly Dictionary<string, DateTimeOffset> _lastRaised = new(StringComparer.Ordinal);

    // Conditions raised and not yet cleared past their re-arm level: they raise nothing until they clear.
    private readonly HashSet<string> _disarmed = new(StringComparer.Ordinal);

    // Markets whose spread has been seen at least once: a market first seen already tight has not "tightened".
    private readonly HashSet<MarketTicker> _spreadSeen = [];

    // Markets known since the first observation: anything outside it is new. Empty until the first scan sets the baseline.
    private readonly HashSet<MarketTicker> _knownMarkets = [];
    private bool _baselineSet;

    // Contracts held per market, from the latest portfolio.
    private Dictionary<MarketTicker, Quantity> _held = [];

    public AlertsActor(AlertSettings settings)
    {
        _settings = settings;
    }

    /// <inheritdoc />
    public override string PersistenceId => "alerts";

    /// <summary>Props of the alerts actor.</summary>
    public static Props Props(AlertSettings settings) => Kernel.Props.Create(() => new AlertsActor(settings));

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        stream.Subscribe(Self, typeof(MarketsObserved));
        stream.Subscribe(Self, typeof(MarketListed));
        stream.Subscribe(Self, typeof(PortfolioUpdated));
        stream.Subscribe(Self, typeof(MarketSettled));
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <inheritdoc />
    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case AlertRaised alert:
                Apply(alert);
                return true;
            case RecoveryCompleted:
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case MarketsObserved observed:
                OnObserved(observed);
                return true;
            case MarketListed listed:
                OnListed(listed.Market);
                return true;
            case PortfolioUpdated portfolio:
                OnPortfolio(portfolio);
                return true;
            case MarketSettled settled:
                OnSettled(settled);
                return true;
            default:
                return false;
        }
    }

    private void OnObserved(MarketsObserved observed)
    {
        foreach (var market in observed.Markets)
        {
            CheckPriceDrop(market);
            CheckSpread(market);
        }

        if (!_baselineSet)
        {
            _baselineSet = true;
            _knownMarkets.UnionWith(observed.Markets.Select(m => m.Ticker));
            return;
        }

        foreach (var market in observed.Markets)
        {
            CheckNewMarket(market.Ticker, market.CloseTime);
        }
    }

    private void OnListed(MarketInfo market)
    {
        // The catalog lists every market at start: only a listing after the first scan's baseline is news.
        if (_baselineSet && market.State is MarketState.Active or MarketState.Initialized)
        {
            CheckNewMarket(market.Ticker, market.CloseTime);
        }
    }

    private void CheckPriceDrop(ScannedMarket market)
    {
        var key = Key(AlertKind.PriceDrop, market.Ticker);
        var drop = -(market.Change24h?.Units ?? 0);
        if (drop < _settings.PriceDropRearm.Units)
        {
            _disarmed.Remove(key);
        }

        var liquid = market.Volume24h >= _settings.PriceDropMinVolume24h && market.Liquidity >= _settings.PriceDropMinLiquidity;
        if (liquid && drop >= _settings.PriceDrop.Units)
        {
            Raise(key, AlertKind.PriceDrop, market.Ticker, $"{market.Ticker} dropped {Price.FromUnits(drop)} in 24h to {market.LastPrice} (24h volume {market.Volume24h})", new()
            {
                ["change24h"] = market.Change24h!.Value.ToDollarString(),
                ["lastPrice"] = market.LastPrice?.ToDollarString() ?? string.Empty,
                ["volume24h"] = market.Volume24h.ToFixedString(),
                ["liquidity"] = market.Liquidity.ToDollarString(),
            });
        }
    }

    private void CheckSpread(ScannedMarket market)
    {
        if (market.Spread is not { } spread)
        {
            return;
        }

        var key = Key(AlertKind.SpreadTightened, market.Ticker);
        var firstSight = _spreadSeen.Add(market.Ticker);
        if (spread > _settings.SpreadRearm)
        {
            _disarmed.Remove(key);
        }
        else if (firstSight)
        {
            _disarmed.Add(key);
        }

        if (spread <= _settings.SpreadTight)
        {
            Raise(key, AlertKind.SpreadTightened, market.Ticker, $"{market.Ticker} spread tightened to {spread} ({market.YesBid} / {market.YesAsk})", new()
            {
                ["spread"] = spread.ToDollarString(),
                ["yesBid"] = market.YesBid?.ToDollarString() ?? string.Empty,
                ["yesAsk"] = market.YesAsk?.ToDollarString() ?? string.Empty,
            });
        }
    }

    private void CheckNewMarket(MarketTicker ticker, DateTimeOffset? closeTime)
    {
        if (!_knownMarkets.Add(ticker))
        {
            return;
        }

        var now = Now;
        if (closeTime is { } close && close > now && close - now <= _settings.NewMarketClosingWithin)
        {
            var closesIn = close - now;
            Raise(Key(AlertKind.NewMarketClosingSoon, ticker), AlertKind.NewMarketClosingSoon, ticker, $"New market {ticker} closes in {closesIn:c} ({close:O})", new()
            {
                ["closeTime"] = close.ToString("O", CultureInfo.InvariantCulture),
                ["closesInSeconds"] = ((long)closesIn.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    private void OnPortfolio(PortfolioUpdated portfolio)
    {
        _held = portfolio.Positions.Where(p => p.Contracts.Units > 0).ToDictionary(p => p.Ticker, p => p.Contracts);
        var key = PortfolioKey + ":" + AlertKind.PortfolioDrawdown;
        if (portfolio.PeakEquity.Units <= 0)
        {
            return;
        }

        var basisPoints = Math.Max(0, (portfolio.PeakEquity.Units - portfolio.Equity.Units) * 10_000 / portfolio.PeakEquity.Units);
        if (basisPoints < _settings.DrawdownRearmBasisPoints)
        {
            _disarmed.Remove(key);
        }

        if (basisPoints >= _settings.DrawdownBasisPoints)
        {
            var drawdown = (portfolio.PeakEquity - portfolio.Equity).ToDollarString();
            Raise(key, AlertKind.PortfolioDrawdown, null, $"Portfolio drawdown {basisPoints / 100m:0.00}% ({drawdown}) from peak equity {portfolio.PeakEquity}", new()
            {
                ["drawdownBasisPoints"] = basisPoints.ToString(CultureInfo.InvariantCulture),
                ["equity"] = portfolio.Equity.ToDollarString(),
                ["peakEquity"] = portfolio.PeakEquity.ToDollarString(),
            });
        }
    }

    private void OnSettled(MarketSettled settled)
    {
        if (!settled.Early || !_held.TryGetValue(settled.Ticker, out var contracts))
        {
            return;
        }

        Raise(Key(AlertKind.PositionSettledEarly, settled.Ticker), AlertKind.PositionSettledEarly, settled.Ticker, $"{settled.Ticker} settled early at {settled.SettlementValue} while holding {contracts} contracts", new()
        {
            ["settlementValue"] = settled.SettlementValue.ToDollarString(),
            ["contracts"] = contracts.ToFixedString(),
        });
    }

    private void Raise(string key, AlertKind kind, MarketTicker? ticker, string message, Dictionary<string, string> figures)
    {
        if (_disarmed.Contains(key))
        {
            return;
        }

        var now = Now;
        var oneShot = kind is AlertKind.NewMarketClosingSoon or AlertKind.PositionSettledEarly;
        if (_lastRaised.TryGetValue(key, out var last) && (oneShot || now - last < _settings.CoolDown))
        {
            // Within the cool-down the condition counts as raised: it must clear before it can raise again.
            _disarmed.Add(key);
            return;
        }

        var alertId = string.Create(CultureInfo.InvariantCulture, $"{key}:{now.UtcTicks}");
        Persist(new AlertRaised(alertId, kind, ticker, message, figures, now), alert =>
        {
            Apply(alert);
            Context.GetLogger().LogWarning(
                "Alert {AlertKind} {Ticker}: {AlertMessage} {@Figures}", alert.Kind, alert.Ticker?.Value, alert.Message, alert.Figures);
            Context.System.EventStream.Publish(alert);
        });

        // Mark it now, not in the handler: the same observation must not raise it twice while the write is in flight.
        _disarmed.Add(key);
    }

    private void Apply(AlertRaised alert)
    {
        var key = alert.Ticker is { } ticker ? Key(alert.Kind, ticker) : PortfolioKey + ":" + alert.Kind;
        _lastRaised[key] = alert.At;
        _disarmed.Add(key);
        if (alert.Kind == AlertKind.SpreadTightened && alert.Ticker is { } spreadTicker)
        {
            _spreadSeen.Add(spreadTicker);
        }
    }

    private static string Key(AlertKind kind, MarketTicker ticker) => kind + ":" + ticker.Value;
}
