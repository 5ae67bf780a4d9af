using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;

namespace KalshiActors.Strategies.Tests;

public sealed class StrategiesSupervisorTests : PersistenceTestKit
{
    private readonly TestProbe _guardian;

    public StrategiesSupervisorTests(ITestOutputHelper output)
        : base(r => StrategiesEvents.Register(r), output, timeProvider: new ManualTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)))
    {
        _guardian = CreateTestProbe("guardian");
    }

    [Fact]
    public async Task StrategiesSupervisor_must_create_one_actor_per_instance_under_its_name()
    {
        var supervisor = ActorOf(StrategiesSupervisor.Props(Settings(), _guardian.Ref), ActorNames.Strategies);

        // The supervisor creates its children in PreStart; one round trip through it means they exist.
        supervisor.Tell(new GetStrategyStatus("ev"));
        ExpectMsg<StrategyStatus>();
        foreach (var id in new[] { "ev", "vk" })
        {
            var child = await Sys.ActorSelection(ActorNames.StrategyPath(id)).ResolveOne(TimeSpan.FromSeconds(3));
            child.Tell(new GetStrategyStatus(id));
            Assert.Equal(id, ExpectMsg<StrategyStatus>().StrategyId);
        }
    }

    [Fact]
    public void StrategiesSupervisor_must_route_commands_to_the_named_strategy()
    {
        var supervisor = ActorOf(StrategiesSupervisor.Props(Settings(), _guardian.Ref), ActorNames.Strategies);
        supervisor.Tell(new DisableStrategy("vk"));
        Assert.Equal(new StrategyCommandResult("vk", true, null), ExpectMsg<StrategyCommandResult>());
        supervisor.Tell(new UpdateStrategyParameters("ev", new Dictionary<string, string> { ["kelly-fraction"] = "0.1" }));
        Assert.True(ExpectMsg<StrategyCommandResult>().Accepted);

        supervisor.Tell(new GetStrategyStatus("vk"));
        Assert.False(ExpectMsg<StrategyStatus>().Enabled);
        supervisor.Tell(new GetStrategyStatus("ev"));
        var ev = ExpectMsg<StrategyStatus>();
        Assert.True(ev.Enabled);
        Assert.Equal("0.1", ev.Overrides["kelly-fraction"]);
    }

    [Fact]
    public void StrategiesSupervisor_must_answer_an_unknown_strategy_with_an_error_naming_the_known_ones()
    {
        var supervisor = ActorOf(StrategiesSupervisor.Props(Settings(), _guardian.Ref), ActorNames.Strategies);
        supervisor.Tell(new EnableStrategy("nope"));
        var result = ExpectMsg<StrategyCommandResult>();
        Assert.False(result.Accepted);
        Assert.Equal("no strategy instance 'nope'; configured: ev, vk", result.Error);
    }

    [Fact]
    public async Task StrategiesSupervisor_must_recreate_a_stopped_strategy_with_its_persisted_state()
    {
        var supervisor = ActorOf(StrategiesSupervisor.Props(Settings(), _guardian.Ref), ActorNames.Strategies);
        supervisor.Tell(new DisableStrategy("ev"));
        ExpectMsg<StrategyCommandResult>();
        var child = await Sys.ActorSelection(ActorNames.StrategyPath("ev")).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(child);
        Sys.Stop(child);
        ExpectTerminated(child);

        AwaitAssert(() =>
        {
            Clock!.Advance(TimeSpan.FromSeconds(1));
            supervisor.Tell(new GetStrategyStatus("ev"));
            Assert.False(ExpectMsg<StrategyStatus>(TimeSpan.FromMilliseconds(500)).Enabled);
        });
    }

    [Fact]
    public void StrategiesSupervisor_Props_refuses_invalid_settings()
    {
        var settings = Settings() with
        {
            Instances = new Dictionary<string, StrategyInstanceSettings>
            {
                ["ev"] = new("ev", StrategyKind.ExpectedValue, true, [], [], new Dictionary<string, string> { ["min-edge"] = "x" }),
            },
        };
        var error = Assert.Throws<ArgumentException>(() => StrategiesSupervisor.Props(settings));
        Assert.Contains("ev: min-edge", error.Message, StringComparison.Ordinal);
    }

    private static StrategiesSettings Settings() => new()
    {
        Instances = new Dictionary<string, StrategyInstanceSettings>
        {
            ["ev"] = new("ev", StrategyKind.ExpectedValue, true, [], [], new Dictionary<string, string>()),
            ["vk"] = new("vk", StrategyKind.VolatilityKelly, true, [], ["KXBTC15M"], new Dictionary<string, string>()),
        },
    };
}
