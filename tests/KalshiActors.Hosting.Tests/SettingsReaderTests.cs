using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Tests;

public sealed class SettingsReaderTests
{
    private static SettingsReader Reader(string hocon) =>
        SettingsReader.For(HoconDocument.ParseText(hocon, "test.conf").Resolve(new HoconResolveOptions { UseEnvironment = false }), "s");

    [Fact]
    public void Getters_WellFormedValues_ConvertToTheirTypes()
    {
        var reader = Reader("""
            s {
              text = hello, count = 42, big = 9000000000, price = 0.5625, on = yes
              wait = 1500ms, size = 2 MiB, names = [a, b], nested { inner = 7 }
            }
            """);

        Assert.Equal("hello", reader.String("text"));
        Assert.Equal(42, reader.Int32("count"));
        Assert.Equal(9_000_000_000L, reader.Int64("big"));
        Assert.Equal(0.5625m, reader.Decimal("price"));
        Assert.True(reader.Boolean("on"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), reader.Duration("wait"));
        Assert.Equal(2L * 1024 * 1024, reader.ByteSize("size"));
        Assert.Equal(["a", "b"], reader.StringList("names"));
        Assert.Equal(7, reader.Section("nested").Int32("inner"));
        Assert.Empty(reader.Problems);
        reader.ThrowIfProblems();
    }

    [Fact]
    public void Getters_BadValues_RecordEveryProblemAndThrowOnce()
    {
        var reader = Reader("""
            s {
              count = lots
              wait = soon
              list = { a = 1 }
              obj = [1]
              gone = null
            }
            """);

        reader.Int32("count");
        reader.Duration("wait");
        reader.String("list");
        reader.Section("obj");
        reader.Boolean("gone");
        reader.String("absent");
        var ex = Assert.Throws<ConfigurationException>(reader.ThrowIfProblems);

        Assert.Equal(["s.count", "s.wait", "s.list", "s.obj", "s.gone", "s.absent"], ex.Problems.Select(p => p.Path));
        Assert.Equal([2, 3, 4, 5, 6], ex.Problems.Take(5).Select(p => p.Origin?.Line ?? 0));
        Assert.Contains("is missing", ex.Problems[5].Message, StringComparison.Ordinal);
        Assert.Contains("is null", ex.Problems[4].Message, StringComparison.Ordinal);
        Assert.Contains("expected an object", ex.Problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Int32_OutOfRange_RecordsTheBoundAndClamps()
    {
        var reader = Reader("s { low = 0, high = 500 }");

        Assert.Equal(1, reader.Int32("low", minimum: 1));
        Assert.Equal(100, reader.Int32("high", maximum: 100));
        Assert.Equal(["is 0; must be at least 1", "is 500; must be at most 100"], reader.Problems.Select(p => p.Message));
    }

    [Fact]
    public void Choice_UnknownWord_ListsTheAcceptedOnes()
    {
        var reader = Reader("s.side = sideways");
        var sides = new Dictionary<string, int> { ["yes"] = 1, ["no"] = 2 };

        Assert.Equal(0, reader.Choice("side", sides, 0));
        Assert.Equal("'sideways' is not one of yes, no", Assert.Single(reader.Problems).Message);
    }

    [Fact]
    public void Map_QuotedKeysWithDots_AreReadWithTheirFullPath()
    {
        var reader = Reader("s.limits { \"KX.HIGH\" = 5, plain = 6, \"bad.one\" = x }");

        var map = reader.Map("limits", (section, key) => section.Int32(key));

        Assert.Equal(5, map["KX.HIGH"]);
        Assert.Equal(6, map["plain"]);
        Assert.Equal("s.limits.\"bad.one\"", Assert.Single(reader.Problems).Path);
    }

    [Fact]
    public void For_MissingSection_IsOneProblemAndItsKeysAreNotReportedAgain()
    {
        var reader = SettingsReader.For(Config.Empty, "absent");

        reader.String("a");
        reader.Section("b").Int32("c");

        Assert.Equal("absent", Assert.Single(reader.Problems).Path);
    }

    [Fact]
    public void Getters_BadSecretValue_NeverQuoteTheValue()
    {
        var reader = Reader("s { api-token = [not-a-string-secret-123], client-secret = hunter2-secret }");

        reader.String("api-token");
        reader.Choice("client-secret", new Dictionary<string, int> { ["a"] = 1 }, 0);

        Assert.Equal(2, reader.Problems.Count);
        Assert.All(reader.Problems, p => Assert.DoesNotContain("secret-123", p.ToString(), StringComparison.Ordinal));
        Assert.All(reader.Problems, p => Assert.DoesNotContain("hunter2", p.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Int64_WrongTypeOfSecret_HidesTheValue()
    {
        var reader = Reader("s.password-length = hunter2");

        reader.Int64("password-length");

        var problem = Assert.Single(reader.Problems);
        Assert.DoesNotContain("hunter2", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("not shown: secret", problem.Message, StringComparison.Ordinal);
    }
}
