using System.Net;
using System.Security.Cryptography;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Exchange;
using KalshiActors.Hosting.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Tests;

public sealed class AuthDiagnosticsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(401, 120, "clock skew")]
    [InlineData(401, 0, "wrong environment's key")]
    [InlineData(403, 0, "scope")]
    public async Task CheckAsync_refused_balance_explains_likely_cause(int status, int serverAheadSeconds, string expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.Headers.Date = DateTimeOffset.UtcNow.AddSeconds(serverAheadSeconds).ToString("R");
            if (context.Request.Path.StartsWithSegments("/trade-api/v2/portfolio/balance"))
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsync("{\"error\":{\"code\":\"authentication_error\",\"message\":\"bad signature\"}}");
                return;
            }

            await context.Response.WriteAsync("{\"exchange_active\":true,\"trading_active\":true}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var rsa = RSA.Create(2048);
        var keyFile = _temp.Write("key.pem", rsa.ExportPkcs8PrivateKeyPem());
        var config = _temp.Write("sim.conf", $"kalshi-actors.exchange {{ environment = simulator, environments.simulator.rest-url = \"{address}/trade-api/v2\" }}");
        var settings = ExchangeSettings.Create(KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [config] }).Config);

        var result = await AuthDiagnostics.CheckAsync(settings, "kid", keyFile, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains($"HTTP {status}", result.Summary, StringComparison.Ordinal);
        Assert.Contains(result.Explanations, line => line.Contains(expected, StringComparison.Ordinal));
        if (serverAheadSeconds == 0)
        {
            Assert.DoesNotContain(result.Explanations, line => line.Contains("clock skew", StringComparison.Ordinal));
        }

        await app.StopAsync();
    }
}
