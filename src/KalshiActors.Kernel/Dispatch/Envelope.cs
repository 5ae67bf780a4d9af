namespace KalshiActors.Kernel;

/// <summary>A user message with the actor that sent it, as held in a mailbox or a stash.</summary>
/// <param name="Message">The message; never null.</param>
/// <param name="Sender">The sender, or null when sent from outside any actor.</param>
public readonly record struct Envelope(object Message, IActorRef? Sender);
