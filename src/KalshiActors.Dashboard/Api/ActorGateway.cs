using KalshiActors.Kernel;
using Microsoft.AspNetCore.Http;

namespace KalshiActors.Dashboard.Api;

/// <summary>Asks actors by path for the API, turning a missing actor or a late answer into problem details.</summary>
internal sealed class ActorGateway(ActorSystem system, TimeSpan timeout)
{
    /// <summary>The answer of the actor at <paramref name="path"/>, or the problem to answer instead.</summary>
    public async Task<(T? Reply, IResult? Problem)> AskAsync<T>(string path, object message, CancellationToken cancellationToken)
        where T : class
    {
        IActorRef actor;
        try
        {
            actor = await system.ActorSelection(path).ResolveOne(timeout).ConfigureAwait(false);
        }
        catch (ActorNotFoundException)
        {
            return (null, Problems.Unavailable($"{path} is not running"));
        }

        return await AskAsync<T>(actor, path, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer of <paramref name="actor"/>, or the problem to answer instead.</summary>
    public async Task<(T? Reply, IResult? Problem)> AskAsync<T>(IActorRef actor, string name, object message, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await actor.Ask<T>(message, timeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (AskTimeoutException)
        {
            return (null, Problems.Timeout($"{name} did not answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Problems.Timeout($"{name} did not answer within {timeout.TotalSeconds:0.#} s"));
        }
    }

    /// <summary>Whether <paramref name="result"/>'s status is a success.</summary>
    public static bool IsSuccess(int status) => status is >= 200 and < 300;
}
