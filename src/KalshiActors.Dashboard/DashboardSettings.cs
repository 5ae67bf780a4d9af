namespace KalshiActors.Dashboard;

/// <summary>`kalshi-actors.dashboard`: where the dashboard listens, its token file, and the WebSocket throttling.</summary>
public sealed record DashboardSettings
{
    /// <summary>Whether the node serves the dashboard.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The URL Kestrel listens on (`http://127.0.0.1:8000`); a non-loopback host requires the token for every endpoint.</summary>
    public string Url { get; init; } = "http://127.0.0.1:8000";

    /// <summary>The bearer token's file (created with mode 0600 at first start).</summary>
    public string TokenFile { get; init; } = "./data/dashboard-token";

    /// <summary>Most book messages per market per second sent to one WebSocket client; the latest one always follows.</summary>
    public int BookUpdatesPerSecond { get; init; } = 10;

    /// <summary>Messages queued for one WebSocket client; a client whose queue is full is dropped.</summary>
    public int ClientQueueCapacity { get; init; } = 512;

    /// <summary>How often `status_update` is pushed.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Recent signals, orders, trades and alerts kept in memory (each).</summary>
    public int RecentItems { get; init; } = 500;

    /// <summary>Points kept per price chart and for the equity curve.</summary>
    public int ChartPoints { get; init; } = 600;

    /// <summary>How long a request waits for an actor's answer.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Origins allowed by CORS; empty (the default) = CORS off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Every problem with these settings (empty when valid), each naming the HOCON key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"url '{Url}' is not an http:// URL such as http://127.0.0.1:8000");
        }

        if (string.IsNullOrWhiteSpace(TokenFile))
        {
            problems.Add("token-file must name a file");
        }

        if (BookUpdatesPerSecond is < 1 or > 1000)
        {
            problems.Add("book-updates-per-second must be between 1 and 1000");
        }

        if (ClientQueueCapacity < 8)
        {
            problems.Add("client-queue-capacity must be at least 8");
        }

        if (StatusInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add("status-interval must be at least 100ms");
        }

        if (RecentItems < 20 || ChartPoints < 10)
        {
            problems.Add("recent-items must be at least 20 and chart-points at least 10");
        }

        if (AskTimeout <= TimeSpan.Zero)
        {
            problems.Add("ask-timeout must be positive");
        }

        return problems;
    }
}
