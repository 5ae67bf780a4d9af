using KalshiActors.Cli;

return await KalshiActorsCli.RunAsync(args).ConfigureAwait(false);
