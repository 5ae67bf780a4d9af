using System.Diagnostics;
using System.Threading.Channels;
using KalshiActors.Kernel;
using static KalshiActors.Hosting.Bench.KernelBenchActors;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// The actor kernel's throughput, spawn and ask latency figures, each next to a raw baseline measured in the same run:
/// the same pattern over <see cref="System.Threading.Channels"/> single-reader channels and plain tasks.
/// </summary>
public sealed class KernelBenchSuite : IBenchSuite
{
    private static readonly int[] PairCounts = [1, 2, 4, 8, 16];
    private static readonly int[] InFlightCounts = [1, 100];

    /// <inheritdoc />
    public string Name => "kernel";

    /// <inheritdoc />
    public string Description => "actor kernel: ping-pong, fan-in, spawn, ask latency (with System.Threading.Channels baselines)";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scale = options.Quick ? 10 : 1;
        var pingPongMessages = 4_000_000 / scale;
        var fanInMessages = 10_000_000 / scale;
        var spawnCount = 100_000 / scale;
        var askCount = 20_000 / scale;
        var figures = new List<BenchFigure>();

        // Let tiered JIT settle on both sides before anything is timed.
        await PingPongKernel(2, 10, pingPongMessages / 4);
        await PingPongChannels(2, 10, pingPongMessages / 4);
        foreach (var inFlight in InFlightCounts)
        {
            foreach (var pairs in PairCounts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var kernel = await PingPongKernel(pairs, inFlight, pingPongMessages);
                var baseline = await PingPongChannels(pairs, inFlight, pingPongMessages);
                figures.Add(new BenchFigure($"pingpong_{pairs}p_{inFlight}f_msgs_per_s", Math.Round(kernel)));
                figures.Add(new BenchFigure($"baseline_pingpong_{pairs}p_{inFlight}f_msgs_per_s", Math.Round(baseline)));
                options.Progress.WriteLine($"ping-pong {pairs} pairs x {inFlight} in flight: kernel {kernel / 1e6:F1} M msgs/s, channels {baseline / 1e6:F1} M msgs/s");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fanIn = await FanInKernel(4, fanInMessages);
        var fanInBaseline = await FanInChannels(4, fanInMessages);
        figures.Add(new BenchFigure("fanin_4t_msgs_per_s", Math.Round(fanIn)));
        figures.Add(new BenchFigure("baseline_fanin_4t_msgs_per_s", Math.Round(fanInBaseline)));
        options.Progress.WriteLine($"fan-in 4 threads: kernel {fanIn / 1e6:F1} M msgs/s, channels {fanInBaseline / 1e6:F1} M msgs/s");

        cancellationToken.ThrowIfCancellationRequested();
        var (spawnMs, spawnBytes) = await SpawnKernel(spawnCount);
        var (baselineSpawnMs, baselineSpawnBytes) = await SpawnChannels(spawnCount);
        figures.Add(new BenchFigure("spawn_100k_ms", Math.Round(spawnMs * scale, 1)));
        figures.Add(new BenchFigure("spawn_bytes_per_actor", Math.Round(spawnBytes)));
        figures.Add(new BenchFigure("baseline_spawn_100k_ms", Math.Round(baselineSpawnMs * scale, 1)));
        figures.Add(new BenchFigure("baseline_spawn_bytes_per_actor", Math.Round(baselineSpawnBytes)));
        options.Progress.WriteLine($"spawn {spawnCount}: kernel {spawnMs:F0} ms {spawnBytes:F0} B/actor, channels {baselineSpawnMs:F0} ms {baselineSpawnBytes:F0} B/actor");

        cancellationToken.ThrowIfCancellationRequested();
        var (p50, p99) = await AskKernel(askCount);
        var (baselineP50, baselineP99) = await AskChannels(askCount);
        figures.Add(new BenchFigure("ask_p50_us", Math.Round(p50, 2)));
        figures.Add(new BenchFigure("ask_p99_us", Math.Round(p99, 2)));
        figures.Add(new BenchFigure("baseline_ask_p50_us", Math.Round(baselineP50, 2)));
        figures.Add(new BenchFigure("baseline_ask_p99_us", Math.Round(baselineP99, 2)));
        options.Progress.WriteLine($"ask: kernel p50 {p50:F1} us p99 {p99:F1} us, channels p50 {baselineP50:F1} us p99 {baselineP99:F1} us");
        return figures;
    }

    /// <summary>Messages delivered per second with <paramref name="pairs"/> actor pairs bouncing <paramref name="inFlight"/> messages each.</summary>
    internal static async Task<double> PingPongKernel(int pairs, int inFlight, int totalMessages)
    {
        var system = ActorSystem.Create("bench");
        try
        {
            var perPair = Math.Max(inFlight, totalMessages / pairs / 2);
            var done = new CountdownEvent(pairs);
            var pingers = new List<IActorRef>();
            for (var i = 0; i < pairs; i++)
            {
                var ponger = system.ActorOf(Props.Create(() => new EchoActor()));
                pingers.Add(system.ActorOf(Props.Create(() => new PingActor(ponger, perPair, done))));
            }

            await WarmUp(system);
            var stopwatch = Stopwatch.StartNew();
            foreach (var pinger in pingers)
            {
                pinger.Tell(new Start(inFlight), null);
            }

            await Task.Run(() => done.Wait());
            stopwatch.Stop();
            return 2.0 * perPair * pairs / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The same pattern over pairs of tasks and single-reader channels.</summary>
    internal static async Task<double> PingPongChannels(int pairs, int inFlight, int totalMessages)
    {
        var perPair = Math.Max(inFlight, totalMessages / pairs / 2);
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false };
        var stopwatch = Stopwatch.StartNew();
        var tasks = new List<Task>();
        for (var i = 0; i < pairs; i++)
        {
            var toPong = Channel.CreateUnbounded<object>(options);
            var toPing = Channel.CreateUnbounded<object>(options);
            tasks.Add(Task.Run(async () =>
            {
                while (await toPong.Reader.WaitToReadAsync())
                {
                    while (toPong.Reader.TryRead(out var message))
                    {
                        toPing.Writer.TryWrite(message);
                    }
                }
            }));
            tasks.Add(Task.Run(async () =>
            {
                var message = new object();
                for (var k = 0; k < inFlight; k++)
                {
                    toPong.Writer.TryWrite(message);
                }

                var sent = inFlight;
                var received = 0;
                while (received < perPair && await toPing.Reader.WaitToReadAsync())
                {
                    while (toPing.Reader.TryRead(out var reply))
                    {
                        received++;
                        if (sent < perPair)
                        {
                            sent++;
                            toPong.Writer.TryWrite(reply);
                        }
                    }
                }

                toPong.Writer.Complete();
            }));
        }

        await Task.WhenAll(tasks);
        stopwatch.Stop();
        return 2.0 * perPair * pairs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Messages per second into one actor from <paramref name="threads"/> threads.</summary>
    internal static async Task<double> FanInKernel(int threads, int totalMessages)
    {
        var system = ActorSystem.Create("bench");
        try
        {
            var perThread = totalMessages / threads;
            var done = new ManualResetEventSlim();
            var sink = system.ActorOf(Props.Create(() => new CountingActor(perThread * threads, done)));
            await WarmUp(system);
            var message = new object();
            var stopwatch = Stopwatch.StartNew();
            var senders = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    for (var i = 0; i < perThread; i++)
                    {
                        sink.Tell(message, null);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            await Task.WhenAll(senders);
            await Task.Run(() => done.Wait());
            stopwatch.Stop();
            return perThread * threads / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The same fan-in into one single-reader channel.</summary>
    internal static async Task<double> FanInChannels(int threads, int totalMessages)
    {
        var perThread = totalMessages / threads;
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var message = new object();
        var stopwatch = Stopwatch.StartNew();
        var reader = Task.Run(async () =>
        {
            var count = 0;
            var expected = perThread * threads;
            while (count < expected && await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out _))
                {
                    count++;
                }
            }
        });
        var senders = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    channel.Writer.TryWrite(message);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(senders);
        await reader;
        stopwatch.Stop();
        return perThread * threads / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Time to spawn <paramref name="count"/> actors (all started) and bytes retained per live actor.</summary>
    internal static async Task<(double Milliseconds, double BytesPerActor)> SpawnKernel(int count)
    {
        var system = ActorSystem.Create("bench");
        try
        {
            await WarmUp(system);
            var done = new CountdownEvent(count);
            var parent = system.ActorOf(Props.Create(() => new SpawningActor(done)));
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var stopwatch = Stopwatch.StartNew();
            parent.Tell(count, null);
            await Task.Run(() => done.Wait());
            stopwatch.Stop();
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(parent);
            return (stopwatch.Elapsed.TotalMilliseconds, (after - before) / (double)count);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The baseline "actor": a single-reader channel with a task waiting on it.</summary>
    internal static async Task<(double Milliseconds, double BytesPerActor)> SpawnChannels(int count)
    {
        var channels = new Channel<object>[count];
        var loops = new Task[count];
        var options = new UnboundedChannelOptions { SingleReader = true };
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var channel = Channel.CreateUnbounded<object>(options);
            channels[i] = channel;
            loops[i] = ReadLoop(channel.Reader);
        }

        stopwatch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }

        await Task.WhenAll(loops);
        return (stopwatch.Elapsed.TotalMilliseconds, (after - before) / (double)count);

        static async Task ReadLoop(ChannelReader<object> reader)
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out _))
                {
                }
            }
        }
    }

    /// <summary>Round-trip latency percentiles of sequential asks from outside the system.</summary>
    internal static async Task<(double P50, double P99)> AskKernel(int count)
    {
        var system = ActorSystem.Create("bench");
        try
        {
            var echo = system.ActorOf(Props.Create(() => new EchoActor()));
            var message = new object();
            for (var i = 0; i < Math.Min(count, 2_000); i++)
            {
                await echo.Ask<object>(message, TimeSpan.FromSeconds(5));
            }

            var samples = new double[count];
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await echo.Ask<object>(message, TimeSpan.FromSeconds(5));
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            return Percentiles(samples);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The same request/response through a channel and a TaskCompletionSource.</summary>
    internal static async Task<(double P50, double P99)> AskChannels(int count)
    {
        var requests = Channel.CreateUnbounded<TaskCompletionSource<object>>(new UnboundedChannelOptions { SingleReader = true });
        var responder = Task.Run(async () =>
        {
            await foreach (var request in requests.Reader.ReadAllAsync())
            {
                request.TrySetResult(request);
            }
        });
        for (var i = 0; i < Math.Min(count, 2_000); i++)
        {
            var warm = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(warm);
            await warm.Task;
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var request = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(request);
            await request.Task;
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        requests.Writer.Complete();
        await responder;
        return Percentiles(samples);
    }

    private static (double P50, double P99) Percentiles(double[] samples)
    {
        Array.Sort(samples);
        return (samples[(int)(samples.Length * 0.50)], samples[Math.Min(samples.Length - 1, (int)(samples.Length * 0.99))]);
    }

    private static async Task WarmUp(ActorSystem system)
    {
        var echo = system.ActorOf(Props.Create(() => new EchoActor()));
        for (var i = 0; i < 100; i++)
        {
            await echo.Ask<object>(i, TimeSpan.FromSeconds(5));
        }

        system.Stop(echo);
    }
}
