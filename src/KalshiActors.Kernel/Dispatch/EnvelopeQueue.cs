using System.Diagnostics.CodeAnalysis;

namespace KalshiActors.Kernel;

/// <summary>
/// The user-message queue of one mailbox: lock-free for many producers, one consumer (the actor's run).
/// A chain of bounded rings (Vyukov's per-slot sequence numbers); a full ring is frozen and a twice-larger one
/// is linked after it, so a quiet actor holds only a few slots and a busy one settles on a ring that is reused
/// without allocating per message.
/// </summary>
internal sealed class EnvelopeQueue
{
    private const int InitialSegmentLength = 4;
    private const int MaxSegmentLength = 1024;

    /// <summary>Messages queued, counted only for bounded mailboxes.</summary>
    public int BoundedCount;

    // Consumer-only: the ring being drained.
    private Segment _head;

    // Producers append here; replaced (under the lock) when the ring fills.
    private Segment _tail;

    public EnvelopeQueue()
    {
        _head = _tail = new Segment(InitialSegmentLength);
    }

    public void Enqueue(object message, IActorRef? sender)
    {
        while (true)
        {
            var tail = Volatile.Read(ref _tail);
            if (tail.TryEnqueue(message, sender))
            {
                return;
            }

            // Growth is rare (a ring only grows up to MaxSegmentLength and is then reused), so a lock keeps it simple.
            lock (this)
            {
                if (ReferenceEquals(tail, _tail))
                {
                    tail.FreezeForEnqueues();
                    var next = new Segment(Math.Min(tail.Length * 2, MaxSegmentLength));
                    Volatile.Write(ref tail.Next, next);
                    Volatile.Write(ref _tail, next);
                }
            }
        }
    }

    /// <summary>Consumer only.</summary>
    public bool TryDequeue(out Envelope envelope)
    {
        var head = _head;
        while (true)
        {
            if (head.TryDequeue(out envelope))
            {
                return true;
            }

            var next = Volatile.Read(ref head.Next);
            if (next is null)
            {
                return false;
            }

            // The ring is frozen: once every reserved slot is consumed, nothing more can land in it.
            if (head.TryDequeue(out envelope))
            {
                return true;
            }

            if (!head.AllReservedConsumed)
            {
                // A producer reserved a slot and is still writing; it schedules the mailbox after publishing.
                return false;
            }

            _head = head = next;
        }
    }

    /// <summary>True when a message is (or is about to be) visible to the consumer; any thread may ask.</summary>
    public bool HasMessages
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return head.HasPublished || Volatile.Read(ref head.Next) is not null;
        }
    }

    private struct Slot
    {
        public object? Message;
        public IActorRef? Sender;
        public int Sequence;
    }

    private sealed class Segment
    {
        public Segment? Next;
        private readonly Slot[] _slots;
        private readonly int _mask;
        private int _tail;
        private int _head;

        public Segment(int length)
        {
            _slots = new Slot[length];
            _mask = length - 1;
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i].Sequence = i;
            }
        }

        public int Length => _slots.Length;

        private int FreezeOffset => _slots.Length * 2;

        public bool AllReservedConsumed => Volatile.Read(ref _tail) - FreezeOffset == _head;

        public bool HasPublished
        {
            get
            {
                var position = Volatile.Read(ref _head);
                return Volatile.Read(ref _slots[position & _mask].Sequence) == position + 1;
            }
        }

        public bool TryEnqueue(object message, IActorRef? sender)
        {
            var slots = _slots;
            while (true)
            {
                var position = Volatile.Read(ref _tail);
                ref var slot = ref slots[position & _mask];
                var difference = Volatile.Read(ref slot.Sequence) - position;
                if (difference == 0)
                {
                    if (Interlocked.CompareExchange(ref _tail, position + 1, position) == position)
                    {
                        slot.Message = message;
                        slot.Sender = sender;
                        Volatile.Write(ref slot.Sequence, position + 1);
                        return true;
                    }
                }
                else if (difference < 0)
                {
                    // Full, or frozen (the tail was pushed past every slot).
                    return false;
                }
            }
        }

        public void FreezeForEnqueues() => Interlocked.Add(ref _tail, FreezeOffset);

        [SuppressMessage("Style", "IDE0251", Justification = "mutates slots")]
        public bool TryDequeue(out Envelope envelope)
        {
            var position = _head;
            ref var slot = ref _slots[position & _mask];
            if (Volatile.Read(ref slot.Sequence) != position + 1)
            {
                envelope = default;
                return false;
            }

            envelope = new Envelope(slot.Message!, slot.Sender);
            slot.Message = null;
            slot.Sender = null;
            Volatile.Write(ref slot.Sequence, position + _slots.Length);
            Volatile.Write(ref _head, position + 1);
            return true;
        }
    }
}
