package dev.engram.observe.tmux;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentExistsException;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StagedSegment;
import dev.engram.journal.StoredFile;
import dev.engram.journal.Stream;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commits segments into the local journal ({@link Journal#stageSegment()}: all files appear at once, with the
 * segment's {@code stream.json} naming the stream {@code <short host>.tmux}) and then
 * announces {@code observe.observing} on the bus; the observer's status goes on the bus as {@code observe.status}
 * (at once, every {@link StatusRelay#EVERY}, when the sessions change, and at close, from the {@code tmux-status}
 * thread). Without a bus the segment is still written, and the operator is told once (and once more when the bus is
 * back).
 */
final class LocalSink implements SegmentSink {
    static final String OBSERVER = "tmux-local";
    static final long MAX_FILE = 256L * 1024 * 1024;
    /** Keys tried when a segment of the same key exists (each one second longer). */
    static final int KEY_ATTEMPTS = 100;

    private final Journal journal;
    private final Emitter bus;
    private final Origin origin;
    private final Consumer<String> notices;
    private final StatusRelay statuses;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalSink.class);
    private boolean busMissing;
    private volatile boolean statusMissing;
    private long written;

    LocalSink(Journal journal, Emitter bus, Origin origin, Consumer<String> notices) {
        this.journal = journal;
        this.bus = bus;
        this.origin = origin;
        this.notices = notices;
        this.statuses = new StatusRelay(this::emitStatus, StatusRelay.EVERY);
    }

    /** Starts the status timer (the first status is sent when the observer offers it). */
    LocalSink start() {
        statuses.start();
        return this;
    }

    @Override
    public void status(TmuxStatus status) {
        statuses.offer(status);
    }

    /**
     * Puts {@code observe.status} on the bus, the same event a remote observer relays (with {@code observer:
     * "tmux-local"} where the receiving Engram would add the observer's name), so the Observers app shows this one
     * live too. A bus that does not take it is logged once (and once more when it takes them again); the operator's
     * notice is about segments, which matter more.
     */
    private void emitStatus(TmuxStatus s) {
        boolean sent;
        try {
            sent = bus.emit(Message.of(statuses.event(s, origin).put("observer", OBSERVER)));
        } catch (RuntimeException e) {
            sent = false;
        }
        if (sent == statusMissing) {
            statusMissing = !sent;
            if (sent) {
                LOG.info("status events reach the Engram bus again");
            } else {
                LOG.warn("the observer's status (observe.status) is not delivered: no Engram bus is reachable;"
                        + " capture goes on, the next status is tried in {} s", StatusRelay.EVERY.toSeconds());
            }
        }
    }

    /** Stops the status timer and sends the last status (not capturing) once more. */
    @Override
    public void close() {
        statuses.close();
    }

    @Override
    public synchronized void deliver(ObservedSegment s) {
        CommittedSegment done;
        try (StagedSegment staged = journal.stageSegment()) {
            for (Map.Entry<String, byte[]> f : s.files().entrySet()) {
                staged.add(f.getKey(), new ByteArrayInputStream(f.getValue()), MAX_FILE);
            }
            staged.stream(stream());
            done = commit(staged, s);
        }
        written++;
        List<String> names = done.files().stream().map(StoredFile::name).toList();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("day", done.segment().day().key());
        fields.put("segment", done.segment().key().key());
        fields.put("files", names);
        fields.put("observer", OBSERVER);
        fields.put("host", origin.host());
        fields.put("platform", origin.platform());
        fields.put("stream", stream().name());
        busAnswered(bus.emit("observe", "observing", fields));
    }

    /** This observer's stream, {@code <short host>.tmux}: the name the same observer gives with {@code --remote}. */
    private Stream stream() {
        return new Stream(StatusRelay.stream(origin));
    }

    /** Tells the operator once when the bus stops taking messages, and once when it takes them again. */
    private synchronized void busAnswered(boolean sent) {
        if (!sent && !busMissing) {
            busMissing = true;
            notices.accept("no Engram bus is reachable: segments are written to " + journal.root()
                    + " all the same, but nothing processes them until Engram runs ('engram start')");
        } else if (sent && busMissing) {
            busMissing = false;
            notices.accept("the Engram bus is reachable again: new segments are announced");
        }
    }

    private static CommittedSegment commit(StagedSegment staged, ObservedSegment s) {
        SegmentKey key = s.key();
        for (int i = 0; ; i++) {
            try {
                return staged.commit(s.day(), key);
            } catch (SegmentExistsException e) {
                if (i >= KEY_ATTEMPTS) {
                    throw e;
                }
                key = SegmentKey.of(s.key().start(), s.key().lengthSeconds() + i + 1);
            }
        }
    }

    @Override
    public synchronized String describe() {
        return "writing into the journal " + journal.root() + " (" + written + " segments so far)";
    }
}
