using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace KalshiActors.Kernel;

/// <summary>
/// The user-message queue of one mailbox: lock-free for many producers, one consumer (the actor's run).
/// A chain of bounded rings (Vyukov's per-slot sequence numbers); a full ring is frozen and a twice-larger one
/// is linked after it, so a quiet actor holds only a few slots and a busy one settles on a ring that is reused
/// without allocating per message.
/// The producers' field and the consumer's fields sit more than a cache line apart so that the consumer's per-message
/// position update does not invalidate the line every producer reads (false sharing).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal sealed class EnvelopeQueue
{
    private const int InitialSegmentLength = 4;
    private const int MaxSegmentLength = 8192;

    /// <summary>Messages queued, counted only for bounded mailboxes.</summary>
    [FieldOffset(8)]
    public int BoundedCount;

    // Producers append here; replaced (under the lock) when the ring fills.
    [FieldOffset(0)]
    private Segment _tail;

    // Consumer-only: the ring being drained and the next position to take from it.
    [FieldOffset(80)]
    private Segment _head;

    [FieldOffset(88)]
    private int _headPosition;

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
            if (head.TryDequeue(ref _headPosition, out envelope))
            {
                return true;
            }

            var next = Volatile.Read(ref head.Next);
            if (next is null)
            {
                return false;
            }

            // The ring is frozen: once every reserved slot is consumed, nothing more can land in it.
            if (head.TryDequeue(ref _headPosition, out envelope))
            {
                return true;
            }

            if (!head.AllReservedConsumed(_headPosition))
            {
                // A producer reserved a slot and is still writing; the consumer's re-check sees the reservation.
                return false;
            }

            _head = head = next;
            _headPosition = 0;
        }
    }

    /// <summary>
    /// True when a slot has been reserved that the consumer has not taken yet, even if its producer is still writing it:
    /// reservations are made with a CAS, so a consumer that re-checks this after releasing its scheduled flag cannot
    /// miss a message whose producer saw the flag still set.
    /// </summary>
    public bool HasMessages
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return Volatile.Read(ref head.Tail) != Volatile.Read(ref _headPosition) || Volatile.Read(ref head.Next) is not null;
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

        // Producers' reservation counter (pushed past every slot when frozen).
        public int Tail;
        private readonly Slot[] _slots;
        private readonly int _mask;

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

        public bool AllReservedConsumed(int position) => Volatile.Read(ref Tail) - FreezeOffset == position;

        public bool TryEnqueue(object message, IActorRef? sender)
        {
            var slots = _slots;
            while (true)
            {
                var position = Volatile.Read(ref Tail);
                ref var slot = ref slots[position & _mask];
                var difference = Volatile.Read(ref slot.Sequence) - position;
                if (difference == 0)
                {
                    if (Interlocked.CompareExchange(ref Tail, position + 1, position) == position)
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

        public void FreezeForEnqueues() => Interlocked.Add(ref Tail, FreezeOffset);

        [SuppressMessage("Style", "IDE0251", Justification = "mutates slots")]
        public bool TryDequeue(ref int headPosition, out Envelope envelope)
        {
            var position = headPosition;
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
            Volatile.Write(ref headPosition, position + 1);
            return true;
        }
    }
}
