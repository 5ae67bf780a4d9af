namespace KalshiActors.Simulator;

/// <summary>Faults in force; set from configuration at start and changed through POST /sim/faults. Guarded by the exchange lock.</summary>
internal sealed class FaultState(SimulatorFaultSettings initial)
{
    /// <summary>Status answered instead of real REST responses (429, 500, 503); 0 = none.</summary>
    public int HttpErrorStatus { get; set; } = initial.HttpErrorStatus;

    /// <summary>REST requests left to fail; 0 with a status set = all.</summary>
    public int HttpErrorsRemaining { get; set; } = initial.HttpErrorCount;

    /// <summary>Refuse new client orders.</summary>
    public bool RejectOrders { get; set; } = initial.RejectOrders;

    /// <summary>Skip a sequence number after every N sequenced messages.</summary>
    public int SkipSequenceEvery { get; set; } = initial.SkipSequenceEvery;

    /// <summary>Send every Nth sequenced message twice.</summary>
    public int DuplicateSequenceEvery { get; set; } = initial.DuplicateSequenceEvery;

    /// <summary>Delay before each WebSocket message.</summary>
    public TimeSpan MessageDelay { get; set; } = initial.MessageDelay;

    /// <summary>Skip exactly one sequence number on the next sequenced message of each subscription.</summary>
    public bool SkipNextSequence { get; set; }

    /// <summary>Stop sending WebSocket messages (connections stay open but go silent).</summary>
    public bool StallWebSockets { get; set; }

    /// <summary>
    /// Decides whether this REST request fails; counts down a limited burst.
    /// </summary>
    public int TakeHttpError()
    {
        if (HttpErrorStatus == 0)
        {
            return 0;
        }

        var status = HttpErrorStatus;
        if (HttpErrorsRemaining > 0)
        {
            HttpErrorsRemaining--;
            if (HttpErrorsRemaining == 0)
            {
                HttpErrorStatus = 0;
            }
        }

        return status;
    }
}
