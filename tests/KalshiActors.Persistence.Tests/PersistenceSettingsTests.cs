using Microsoft.Extensions.Configuration;

namespace KalshiActors.Persistence.Tests;

public sealed class PersistenceSettingsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Create_EmptySection_KeepsTheReferenceDefaults()
    {
        var settings = PersistenceSettings.Create(Section());

        Assert.Equal(new PersistenceSettings(), settings);
        Assert.Equal(SqliteSynchronous.Full, settings.SqliteSynchronous);
        Assert.Equal(JournalUri.Default, settings.JournalUri);
    }

    [Fact]
    public void Create_ValidValues_AreRead()
    {
        var settings = PersistenceSettings.Create(Section(
            ("journal-uri", "memory:"), ("journal:max-batch-size", "64"), ("journal:linger", "2ms"),
            ("sqlite:synchronous", "normal"), ("query:refresh-interval", "250ms"), ("postgres:schema", "kalshi")));

        Assert.Equal("memory:", settings.JournalUri);
        Assert.Equal(64, settings.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(2), settings.Linger);
        Assert.Equal(SqliteSynchronous.Normal, settings.SqliteSynchronous);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.QueryRefreshInterval);
        Assert.Equal("kalshi", settings.PostgresSchema);
    }

    [Fact]
    public void Create_SeveralBadValues_ReportsEveryErrorAtOnce()
    {
        var ex = Assert.Throws<ArgumentException>(() => PersistenceSettings.Create(Section(
            ("journal:max-batch-size", "0"), ("journal:linger", "soon"), ("sqlite:synchronous", "sometimes"),
            ("journal:bogus", "1"), ("journal-uri", "ftp:x"), ("postgres:schema", "x; drop"))));

        foreach (var part in new[] { "max-batch-size", "linger", "synchronous", "journal.bogus", "ftp:x", "schema" })
        {
            Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        }
    }
}

public sealed class JournalUriTests
{
    [Theory]
    [InlineData("sqlite:./data/x.db", JournalKind.Sqlite, "./data/x.db")]
    [InlineData("memory:", JournalKind.Memory, "")]
    [InlineData("postgres:Host=h;Database=d", JournalKind.PostgreSql, "Host=h;Database=d")]
    public void Parse_KnownSchemes_GiveKindAndTarget(string uri, JournalKind kind, string target) =>
        Assert.Equal(new JournalUri(kind, target), JournalUri.Parse(uri));

    [Theory]
    [InlineData("sqlite:")]
    [InlineData("mysql:x")]
    [InlineData("journal.db")]
    public void Parse_Unknown_ThrowsListingTheAcceptedForms(string uri) =>
        Assert.Contains("sqlite:PATH", Assert.Throws<FormatException>(() => JournalUri.Parse(uri)).Message, StringComparison.Ordinal);

    [Fact]
    public void ToString_PostgresWithPassword_HidesThePassword()
    {
        var text = JournalUri.Parse("postgres:Host=h;Username=u;Password=s3cret").ToString();

        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
    }
}
