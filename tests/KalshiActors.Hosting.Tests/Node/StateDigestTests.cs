using System.Security.Cryptography;
using System.Text;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class StateDigestTests
{
    [Fact]
    public void Compute_HashesEachPartAsComponentNewlineJsonNewline_InOrder()
    {
        var parts = new[]
        {
            new StateDigestPart("portfolio", """{"cash":"10000.0000"}"""u8.ToArray()),
            new StateDigestPart("execution", """{"orders":[]}"""u8.ToArray()),
            new StateDigestPart("risk", """{"state":"Active"}"""u8.ToArray()),
        };
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            "portfolio\n{\"cash\":\"10000.0000\"}\nexecution\n{\"orders\":[]}\nrisk\n{\"state\":\"Active\"}\n")));

        Assert.Equal(expected, StateDigest.Compute(parts));
    }

    [Fact]
    public void Compute_DependsOnOrderAndContent()
    {
        var a = new StateDigestPart("portfolio", "{}"u8.ToArray());
        var b = new StateDigestPart("risk", "{}"u8.ToArray());

        Assert.NotEqual(StateDigest.Compute([a, b]), StateDigest.Compute([b, a]));
        Assert.NotEqual(StateDigest.Compute([a]), StateDigest.Compute([a with { CanonicalJson = "{ }"u8.ToArray() }]));
        Assert.Equal(["portfolio", "execution", "risk"], StateDigest.Components.Select(c => c.Component));
    }
}

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(40, "40s")]
    [InlineData(600, "10m")]
    [InlineData(5400, "1h30m")]
    [InlineData(0.25, "250ms")]
    public void Describe_WritesDurationsAsOnTheCommandLine(double seconds, string expected) =>
        Assert.Equal(expected, KalshiActors.Hosting.Node.TradingNode.Describe(TimeSpan.FromSeconds(seconds)));
}
