using KalshiActors.Hosting.Configuration;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Settings;

/// <summary>Reads `kalshi-actors.kernel` into the kernel's <see cref="KernelSettings"/>.</summary>
internal static class KernelSettingsReader
{
    internal static KernelSettings Read(SettingsReader section) => new()
    {
        Throughput = section.Int32("throughput", minimum: 1),
        DefaultAskTimeout = section.Duration("default-ask-timeout", TimeSpan.FromMilliseconds(1)),
        LogDeadLetters = section.Int32("log-dead-letters", minimum: 0),
        DeadLetterLogWindow = section.Duration("dead-letter-log-window", TimeSpan.FromMilliseconds(1)),
        LogDeadLettersDuringShutdown = section.Boolean("log-dead-letters-during-shutdown"),
        StashCapacity = section.Int32("stash-capacity", minimum: 1),
        Dispatchers = section.Map("dispatchers", (map, name) => map.Int32(name, minimum: 1)),
    };
}
