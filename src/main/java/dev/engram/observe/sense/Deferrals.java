package dev.engram.observe.sense;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segments sense deferred because its queues were full, in the order they came, drained by {@link Admission} as
 * sense's queues get room. A segment announced on the bus (no caller waiting on it) is one line of the deferral log
 * ({@code <journal>/health/sense-deferred.jsonl}): a status byte ({@code ' '} waiting, {@code '-'} done, rewritten
 * in place when its segment was observed), then {"day", "segment", "files", origin}. Memory holds only the read
 * position and up to {@link #READ_AHEAD} bytes of lines read ahead, whatever the burst; the log survives a kill, and
 * the next start drains what is still waiting (a segment observed just before the kill, its status byte not yet
 * written, is observed a second time). The log is removed once everything in it is done. A segment a caller waits
 * for ({@code engram sense}, the daily repair: the caller holds its future anyway) waits in memory. Without a log
 * (the CLI), every deferral waits in memory. Not thread-safe: {@link Admission} calls it under its lock.
 */
final class Deferrals {
    private static final Logger LOG = LoggerFactory.getLogger(Sense.class);
    static final int READ_AHEAD = 64 * 1024;
    static final int MAX_LINE = 1024 * 1024;
    private static final byte WAITING = ' ';
    private static final byte DONE = '-';
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A deferred segment: {@code offset} is its line's start in the log, -1 when it waits in memory. */
    record Entry(String day, String segment, List<String> files, Map<String, Object> origin, boolean redo,
                 boolean batch, CompletableFuture<Sense.Outcome> future, long offset) {
    }

    private final Path file;
    private final ArrayDeque<Entry> memory = new ArrayDeque<>();
    private final ArrayDeque<Entry> readAhead = new ArrayDeque<>();
    private FileChannel log;
    private long readOffset;
    private long writeOffset;
    private int takenFromLog; // entries handed out from the log and not yet done
    private long unreadable;

    /** @param file the deferral log, or null to keep every deferral in memory */
    Deferrals(Path file) {
        this.file = file;
    }

    /**
     * Opens the log (at start): what a previous process left waiting is drained first. A line cut short by a kill
     * (no newline) is cut off. Returns how many segments were found waiting.
     */
    long open() {
        readOffset = 0;
        writeOffset = 0;
        takenFromLog = 0;
        if (file == null || log != null || !Files.exists(file)) {
            return 0;
        }
        try {
            log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = log.size();
            long end = 0; // after the last newline
            long waiting = 0;
            boolean lineStart = true;
            for (long at = 0; at < size; ) {
                ByteBuffer b = read(at, (int) Math.min(READ_AHEAD, size - at));
                for (int i = 0; i < b.limit(); i++) {
                    byte c = b.get(i);
                    if (lineStart && c == WAITING) {
                        waiting++;
                    }
                    lineStart = c == '\n';
                    if (lineStart) {
                        end = at + i + 1;
                    }
                }
                at += b.limit();
            }
            if (!lineStart) {
                waiting -= firstIsWaiting(end, size) ? 1 : 0; // the cut line was counted
            }
            if (end < size) {
                log.truncate(end);
            }
            writeOffset = end;
            if (waiting == 0 && end > 0) {
                truncate();
            }
            return waiting;
        } catch (IOException e) {
            LOG.warn("sense: the deferral log {} cannot be opened ({}); deferred segments wait in memory only", file,
                    e.toString());
            closeQuietly();
            return 0;
        }
    }

    void close() {
        closeQuietly();
        readAhead.clear();
    }

    /** Deferred segments in memory (callers wait on them) and, as a count, in the log. */
    boolean isEmpty() {
        return memory.isEmpty() && readAhead.isEmpty() && readOffset >= writeOffset;
    }

    /** Log lines that could not be read back (counted, logged, skipped). */
    long unreadable() {
        return unreadable;
    }

    /** Defers a segment: to the log when no caller waits on it and there is a log, else to memory. */
    void add(Entry e) {
        if (e.future() == null && file != null && created()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("day", e.day());
            line.put("segment", e.segment());
            line.put("files", e.files());
            line.putAll(e.origin());
            if (e.redo()) {
                line.put("redo", true);
            }
            byte[] json = JSON.writeValueAsBytes(line);
            ByteBuffer b = ByteBuffer.allocate(json.length + 2).put(WAITING).put(json).put((byte) '\n').flip();
            try {
                long at = writeOffset;
                while (b.hasRemaining()) {
                    at += log.write(b, at);
                }
                writeOffset = at;
                return;
            } catch (IOException ex) {
                LOG.warn("sense: cannot append to the deferral log {} ({}); this deferral waits in memory", file,
                        ex.toString());
            }
        }
        memory.add(e);
    }

    /** The next deferred segment, without taking it; null when none. */
    Entry peek() {
        while (readAhead.isEmpty() && readOffset < writeOffset) {
            readMore(); // advances readOffset by at least one line
        }
        return !readAhead.isEmpty() ? readAhead.peek() : memory.peek();
    }

    /** Takes the segment {@link #peek} returned. */
    void take() {
        if (!readAhead.isEmpty()) {
            readAhead.poll();
            takenFromLog++;
        } else {
            memory.poll();
        }
    }

    /** A segment taken from the log was observed: its status byte says so; an empty backlog empties the log. */
    void done(long offset) {
        if (offset < 0 || log == null) {
            return;
        }
        takenFromLog = Math.max(0, takenFromLog - 1);
        try {
            log.write(ByteBuffer.wrap(new byte[] {DONE}), offset);
            if (takenFromLog == 0 && readAhead.isEmpty() && readOffset >= writeOffset) {
                truncate();
            }
        } catch (IOException e) {
            LOG.warn("sense: cannot mark a segment done in the deferral log {} ({}); it may be observed again after a"
                    + " restart", file, e.toString());
        }
    }

    /** Everything in the log is done: the file goes (created again at the next deferral). */
    private void truncate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(file);
        readOffset = 0;
        writeOffset = 0;
    }

    /** The log open for appending, created when missing; false (said) when it cannot be. */
    private boolean created() {
        if (log != null) {
            return true;
        }
        try {
            Files.createDirectories(file.getParent());
            log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            writeOffset = log.size(); // empty: it was missing (or removed once all was done)
            return true;
        } catch (IOException ex) {
            LOG.warn("sense: cannot create the deferral log {} ({}); this deferral waits in memory", file,
                    ex.toString());
            return false;
        }
    }

    /** Reads whole lines from {@code readOffset}, up to {@link #READ_AHEAD} bytes (one longer line alone). */
    private void readMore() {
        try {
            int want = (int) Math.min(READ_AHEAD, writeOffset - readOffset);
            ByteBuffer b = read(readOffset, want);
            int lineStart = 0;
            int lines = 0;
            for (int i = 0; i < b.limit(); i++) {
                if (b.get(i) == '\n') {
                    entry(b.array(), lineStart, i, readOffset + lineStart);
                    lineStart = i + 1;
                    lines++;
                }
            }
            if (lines == 0) { // one line longer than the read-ahead
                long end = lineEnd(readOffset, writeOffset);
                int len = (int) (end - readOffset);
                if (len > MAX_LINE) {
                    unreadable++;
                    LOG.warn("sense: a deferral log line of {} bytes (over {}) skipped", len, MAX_LINE);
                } else {
                    ByteBuffer whole = read(readOffset, len);
                    entry(whole.array(), 0, len, readOffset);
                }
                lineStart = len + 1;
            }
            readOffset += lineStart;
        } catch (IOException e) {
            LOG.warn("sense: cannot read the deferral log {} ({}); the daily run or engram sense --day D processes"
                    + " what it held", file, e.toString());
            readOffset = writeOffset;
        }
    }

    private void entry(byte[] bytes, int from, int to, long offset) {
        if (to <= from || bytes[from] != WAITING) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(bytes, from + 1, to - from - 1);
            List<String> files = new ArrayList<>();
            n.path("files").forEach(f -> files.add(f.asString()));
            Map<String, Object> origin = new LinkedHashMap<>();
            for (String k : List.of("remote", "observer", "stream")) {
                if (n.path(k).isString()) {
                    origin.put(k, n.path(k).asString());
                }
            }
            readAhead.add(new Entry(n.path("day").asString(), n.path("segment").asString(), files, origin,
                    n.path("redo").asBoolean(false), false, null, offset));
        } catch (JacksonException e) {
            unreadable++;
            LOG.warn("sense: an unreadable deferral log line at byte {} skipped: {}", offset, e.getOriginalMessage());
        }
    }

    private ByteBuffer read(long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (log.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    private boolean firstIsWaiting(long at, long size) throws IOException {
        return at < size && read(at, 1).get(0) == WAITING;
    }

    /** The offset of the newline ending the line that starts at {@code at} ({@code end} when there is none). */
    private long lineEnd(long at, long end) throws IOException {
        while (at < end) {
            int len = (int) Math.min(8192, end - at);
            ByteBuffer b = read(at, len);
            for (int i = 0; i < b.limit(); i++) {
                if (b.get(i) == '\n') {
                    return at + i;
                }
            }
            at += len;
        }
        return end;
    }

    private void closeQuietly() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // closing a channel we only read and wrote: nothing to recover
            }
            log = null;
        }
    }
}
