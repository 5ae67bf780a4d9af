using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class EndToEndTests : SimulatedVenueTests
{
    [Fact]
    public async Task Simulator_SignalsToApprovedAndRejectedIntents_ToOrdersFillsAndPositions_EveryStepJournaled_PnlByHand()
    {
        var journalPath = Path.Combine(Temp.Path, "e2e.db");
        var node = await TradingScenario.StartAsync(Venue, journalPath);
        PortfolioUpdated portfolio;
        await using (node)
        {
            await TradingScenario.WaitForAsync(
                node, s => s.IntentsApproved >= 1 && s.IntentsRejected >= 1 && s.Fills >= 1 && s.OrdersOpen == 0, "an approved intent filled and a rejected one");
            var portfolioActor = await node.System.ActorSelection(ActorNames.PortfolioPath).ResolveOne(TimeSpan.FromSeconds(5));

            // Stop new intents first, so the portfolio asked below is the portfolio the journal ends with.
            portfolio = await StopTradingThenAskAsync(node, portfolioActor);
            Assert.Matches("^[0-9a-f]{64}$", (await node.StopAsync("test")).Digest);
        }

        var events = await TradingScenario.ReadJournalAsync(journalPath);
        var approved = events.Select(e => e.Event).OfType<IntentApproved>().ToList();
        var rejected = events.Select(e => e.Event).OfType<IntentRejected>().ToList();
        Assert.NotEmpty(approved);
        Assert.Contains(rejected, r => r.Check == RiskCheck.MaxContractsPerOrder && r.Intent.StrategyId == "ev-big");

        // One approved intent, followed through every step of the journal.
        var signals = events.Select(e => e.Event).OfType<SignalRaised>().ToList();
        var submitted = events.Select(e => e.Event).OfType<OrderSubmitted>().ToList();
        var fills = events.Select(e => e.Event).OfType<OrderLifecycleEvent>().Where(e => e is OrderFilled or OrderPartiallyFilled).ToList();
        var traded = approved.First(a => submitted.Any(s => s.IntentId == a.Intent.IntentId && fills.Any(f => f.ClientOrderId == s.ClientOrderId)));
        Assert.Contains(signals, s => s.IntentId == traded.Intent.IntentId);
        var order = submitted.Single(s => s.IntentId == traded.Intent.IntentId);
        Assert.Equal(traded.Intent.IntentId.ToClientOrderId(), order.ClientOrderId);
        Assert.Contains(events, e => e.Manifest == "OrderAccepted.v1");
        Assert.Contains(events, e => e.Manifest == "FillBooked.v1");
        Assert.DoesNotContain(submitted, s => s.StrategyId == "ev-big");

        // Positions: the portfolio holds exactly what the simulator says we hold.
        var exchangePositions = await Venue.Gateway.GetPositionsAsync(CancellationToken.None);
        foreach (var position in exchangePositions.Where(p => !p.Position.IsZero))
        {
            var held = Assert.Single(portfolio.Positions, p => p.Ticker == position.Ticker);
            Assert.Equal(Math.Abs(position.Position.Units), held.Contracts.Units);
            Assert.Equal(position.Position.Units > 0 ? Side.Yes : Side.No, held.Side);
        }

        // P&L by hand from the journal's fills (all buys): cash = start - cost - fees; nothing realized yet.
        var (cost, fees) = (0L, 0L);
        foreach (var fill in fills)
        {
            var (price, count, fee) = fill switch
            {
                OrderFilled f => (f.Price, f.Count, f.Fee),
                OrderPartiallyFilled p => (p.Price, p.Count, p.Fee),
                _ => throw new InvalidOperationException(),
            };
            cost += price.Units * count.Units / 100;
            fees += fee.Units;
        }

        Assert.Equal(Money.FromDollars(10_000).Units - cost - fees, portfolio.Cash.Units);
        Assert.Equal(fees, portfolio.FeesPaid.Units);
        Assert.Equal(0, portfolio.RealizedPnl.Units);
    }

    private static async Task<PortfolioUpdated> StopTradingThenAskAsync(KalshiActors.Hosting.Node.TradingNode node, IActorRef portfolio)
    {
        var strategies = await node.System.ActorSelection(ActorNames.StrategiesPath).ResolveOne(TimeSpan.FromSeconds(5));
        node.System.Stop(strategies);
        await TradingScenario.WaitForAsync(node, s => s.OrdersOpen == 0, "open orders to finish");

        // Fills still in flight reach the portfolio within a moment; ask until two answers agree.
        PortfolioUpdated? previous = null;
        for (var i = 0; i < 50; i++)
        {
            var current = await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), TimeSpan.FromSeconds(5));
            if (previous is not null && previous.Cash == current.Cash && previous.Positions.Count == current.Positions.Count)
            {
                return current;
            }

            previous = current;
            await Task.Delay(300);
        }

        return previous!;
    }
}
