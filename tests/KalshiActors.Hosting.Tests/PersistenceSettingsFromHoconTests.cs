using KalshiActors.Hocon;
using KalshiActors.Persistence;
using KalshiActors.Testing;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hosting.Tests;

public sealed class PersistenceSettingsFromHoconTests
{
    private static IConfigurationSection PersistenceSection(string hoconFile) =>
        new ConfigurationBuilder().AddHoconFile(hoconFile).Build().GetSection("kalshi-actors:persistence");

    [Fact]
    public void Create_ReferenceConf_GivesExactlyTheCodeDefaults()
    {
        var settings = PersistenceSettings.Create(PersistenceSection(Path.Combine(RepositoryLayout.Root, "hocon", "reference.conf")));

        Assert.Equal(new PersistenceSettings(), settings);
    }

    [Fact]
    public void Create_HoconOverrides_AreReadThroughTheConfigurationProvider()
    {
        var file = Path.Combine(Path.GetTempPath(), $"persistence-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, """
            kalshi-actors.persistence {
              journal-uri = "memory:"
              journal { max-batch-size = 64, linger = 2ms }
              sqlite.synchronous = normal
            }
            """);
        try
        {
            var settings = PersistenceSettings.Create(PersistenceSection(file));

            Assert.Equal("memory:", settings.JournalUri);
            Assert.Equal(64, settings.MaxBatchSize);
            Assert.Equal(TimeSpan.FromMilliseconds(2), settings.Linger);
            Assert.Equal(SqliteSynchronous.Normal, settings.SqliteSynchronous);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
