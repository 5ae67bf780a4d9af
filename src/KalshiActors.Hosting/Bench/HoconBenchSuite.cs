using System.Diagnostics;
using System.Globalization;
using System.Text;
using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench hocon`: parse + resolve time of the HOCON library on a generated 1 MB configuration.</summary>
internal sealed class HoconBenchSuite : IBenchSuite
{
    private const int InputBytes = 1_000_000;

    public string Name => "hocon";

    public string Description => "HOCON parse + resolve of a generated 1 MB configuration (median ms, parse MB/s)";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run<IReadOnlyList<BenchFigure>>(() => Run(options, cancellationToken), cancellationToken);
    }

    private static List<BenchFigure> Run(BenchOptions options, CancellationToken cancellationToken)
    {
        var text = HoconBenchmarkInput.Generate(InputBytes);
        var resolveOptions = new HoconResolveOptions { UseEnvironment = false };
        var warmups = options.Quick ? 1 : 5;
        var iterations = options.Quick ? 3 : 30;
        options.Progress.WriteLine($"hocon: {text.Length:N0} characters, {warmups} warm-up and {iterations} measured runs");

        for (var i = 0; i < warmups; i++)
        {
            HoconDocument.ParseText(text).Resolve(resolveOptions);
        }

        var total = new List<double>(iterations);
        var parseOnly = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopwatch = Stopwatch.StartNew();
            var document = HoconDocument.ParseText(text);
            var parsed = stopwatch.Elapsed.TotalMilliseconds;
            document.Resolve(resolveOptions);
            total.Add(stopwatch.Elapsed.TotalMilliseconds);
            parseOnly.Add(parsed);
        }

        total.Sort();
        parseOnly.Sort();
        var megabytes = Encoding.UTF8.GetByteCount(text) / 1_000_000.0;
        return
        [
            new BenchFigure("parse_resolve_1mb_ms", total[total.Count / 2]),
            new BenchFigure("parse_resolve_1mb_min_ms", total[0]),
            new BenchFigure("parse_mb_per_s", megabytes / (parseOnly[parseOnly.Count / 2] / 1000.0)),
        ];
    }
}

/// <summary>A deterministic, realistic HOCON document of a given size: nested sections, lists, units, comments and substitutions.</summary>
internal static class HoconBenchmarkInput
{
    public static string Generate(int minimumCharacters)
    {
        var sb = new StringBuilder(minimumCharacters + 1024);
        sb.Append("# generated benchmark configuration\ndefaults { timeout = 30s, retries = 3, max-frame = 10MiB }\n");
        for (var i = 0; sb.Length < minimumCharacters; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("// service ").Append(id).Append('\n');
            sb.Append("service-").Append(id).Append(" {\n");
            sb.Append("  name = \"service number ").Append(id).Append("\"\n");
            sb.Append("  host = host-").Append(id).Append(".example.com\n");
            sb.Append("  port = ").Append(8000 + (i % 1000)).Append('\n');
            sb.Append("  timeout = ${defaults.timeout}, retries = ${defaults.retries}\n");
            sb.Append("  ratio = 0.").Append(i % 100).Append(", enabled = ").Append(i % 2 == 0 ? "true" : "off").Append('\n');
            sb.Append("  tags = [alpha, beta, \"gamma delta\", ").Append(id).Append("]\n");
            sb.Append("  limits { max-bytes = 10MiB, burst = ").Append(i * 3).Append(", window = 250 ms }\n");
            sb.Append("  url = \"http://\"${service-").Append(id).Append(".host}\":\"${service-").Append(id).Append(".port}\n");
            if (i > 0)
            {
                sb.Append("  upstream = ${service-").Append(i - 1).Append(".url}\n");
            }

            sb.Append("}\n");
            sb.Append("service-").Append(id).Append(".tags += extra\n");
        }

        return sb.ToString();
    }
}
