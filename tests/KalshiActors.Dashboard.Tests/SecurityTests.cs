using System.Net;
using System.Net.Http.Headers;

namespace KalshiActors.Dashboard.Tests;

public sealed class SecurityTests : DashboardSpec
{
    [Fact]
    public async Task Token_file_is_created_once_with_mode_0600_and_reused()
    {
        Assert.True(Token.Length >= 40);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        }

        Assert.Contains(Notices, n => n.Contains(TokenFile, StringComparison.Ordinal));
        Assert.DoesNotContain(Notices, n => n.Contains(Token, StringComparison.Ordinal));
        var token = Token;
        await Server.DisposeAsync();
        Server = await StartServerAsync(Settings);
        Assert.Equal(token, Token);
        Assert.Single(Notices);
    }

    [Fact]
    public async Task A_wrong_token_on_a_read_is_refused_even_on_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        await AssertProblem(await Http.SendAsync(request), 401);
    }

    [Fact]
    public async Task Cors_is_off_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Add("Origin", "http://evil.example");
        var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_token_is_never_logged()
    {
        await Http.SendAsync(Control("/api/kill-switch"));
        Assert.DoesNotContain(LoggedEntries, e => e.ToString()!.Contains(Token, StringComparison.Ordinal));
    }
}

public sealed class NonLoopbackTests : DashboardSpec
{
    protected override DashboardSettings Settings => base.Settings with { Url = "http://0.0.0.0:0" };

    [Fact]
    public async Task Beyond_loopback_every_endpoint_needs_the_token()
    {
        var port = new Uri(Server.Url).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await AssertProblem(await http.GetAsync("/api/health"), 401);
        await AssertProblem(await http.GetAsync("/api/state"), 401);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    public override async Task InitializeAsync()
    {
        Server = await StartServerAsync(Settings);
    }
}
