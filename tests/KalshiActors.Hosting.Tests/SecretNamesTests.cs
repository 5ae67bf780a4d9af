using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Tests;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("api-secret")]
    [InlineData("kalshi-actors.exchange.private-key-path")]
    [InlineData("PrivateKey")]
    [InlineData("private_key")]
    [InlineData("DB_PASSWORD")]
    [InlineData("accessToken")]
    [InlineData("Secrets.api")]
    public void IsSecret_SecretLikeName_IsTrue(string name) => Assert.True(SecretNames.IsSecret(name));

    [Theory]
    [InlineData("kalshi-actors.logging.level")]
    [InlineData("api-key-id")]
    [InlineData("public-key")]
    [InlineData("path")]
    public void IsSecret_OrdinaryName_IsFalse(string name) => Assert.False(SecretNames.IsSecret(name));
}
