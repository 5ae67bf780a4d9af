using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Simulator.Tests;

/// <summary>A simulator without participants on a manual clock, and the real REST client signed with its generated key.</summary>
/// <remarks>Page size 3 so that tests of paged endpoints cross cursor boundaries with the simulator's few markets.</remarks>
internal sealed class SimulatorRestHarness : IAsyncDisposable
{
    private readonly KalshiCredentials credentials;
    private readonly HttpClient http;

    private SimulatorRestHarness(SimulatorServer server, KalshiCredentials credentials, HttpClient http, KalshiRestClient rest) =>
        (Server, this.credentials, this.http, Rest) = (server, credentials, http, rest);

    public SimulatorServer Server { get; }

    public KalshiRestClient Rest { get; }

    public static async Task<SimulatorRestHarness> StartAsync(ManualTimeProvider clock, CancellationToken cancellationToken)
    {
        var server = await SimulatorServer.StartAsync(
            new SimulatorSettings { AutoAdvance = false, ParticipantsEnabled = false, SignatureTolerance = TimeSpan.FromDays(1) },
            clock, cancellationToken: cancellationToken);
        var credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
        var http = new HttpClient();
        var rest = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0, PageSize = 3 }, credentials,
            TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        return new SimulatorRestHarness(server, credentials, http, rest);
    }

    public async ValueTask DisposeAsync()
    {
        await Rest.DisposeAsync();
        http.Dispose();
        credentials.Dispose();
        await Server.DisposeAsync();
    }
}
