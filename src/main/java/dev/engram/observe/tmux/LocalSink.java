package dev.engram.observe.tmux;

import dev.engram.callosum.Emitter;
import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentExistsException;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StagedSegment;
import dev.engram.journal.StoredFile;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commits segments into the local journal ({@link Journal#stageSegment()}: all files appear at once) and then
 * announces {@code observe.observing} on the bus. Without a bus the segment is still written, and the operator is told
 * once (and once more when the bus is back).
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
    private boolean busMissing;
    private long written;

    LocalSink(Journal journal, Emitter bus, Origin origin, Consumer<String> notices) {
        this.journal = journal;
        this.bus = bus;
        this.origin = origin;
        this.notices = notices;
    }

    @Override
    public synchronized void deliver(ObservedSegment s) {
        CommittedSegment done;
        try (StagedSegment staged = journal.stageSegment()) {
            for (Map.Entry<String, byte[]> f : s.files().entrySet()) {
                staged.add(f.getKey(), new ByteArrayInputStream(f.getValue()), MAX_FILE);
            }
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
        boolean sent = bus.emit("observe", "observing", fields);
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
