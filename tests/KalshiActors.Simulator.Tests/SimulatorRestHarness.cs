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
            new SimulatorSettings { AutoAdvance = false, ParticipantsEnabled = false },
            clock, cancellationToken: cancellationToken);
        var credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
        var http = new HttpClient();
        // Requests are signed on the simulator's clock: it stands at a fixed date, and a client on the wall clock drifted out
        // of the signature tolerance a day after that date (the tests failed from 2026-12-05 04:00 UTC on).
        var rest = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0, PageSize = 3 }, credentials,
            clock, NullLogger<KalshiRestClient>.Instance);
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
