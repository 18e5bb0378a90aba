package dev.engram.observe.tmux;

/**
 * Where finished segments go: the local journal ({@link LocalSink}) or a disk queue uploaded to another Engram
 * ({@link RemoteSink}). {@link #deliver} returns once the segment is durable (committed or queued); it throws when it
 * is not, with a message saying why.
 */
interface SegmentSink extends AutoCloseable {
    void deliver(ObservedSegment segment);

    /** A line for the operator's status: where segments go and how many are pending. */
    String describe();

    /**
     * The observer's latest status, offered after every capture and once more (not capturing) before {@link #close}.
     * The local sink ignores it; the remote sink relays it as {@code observe.status}. Never blocks, never throws.
     */
    default void status(TmuxStatus status) {
    }

    @Override
    default void close() {
    }
}
