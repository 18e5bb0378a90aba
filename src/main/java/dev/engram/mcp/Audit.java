package dev.engram.mcp;

import dev.engram.journal.Journal;
import dev.engram.mcp.api.McpCall;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP audit: one line per call (tool call, resource read, any other request but the protocol's housekeeping, a
 * message that is not JSON-RPC) in {@code health/mcp-audit.jsonl} (time, client, transport, kind, name, arguments'
 * size, status, JSON-RPC error code, milliseconds; never the arguments themselves), written by {@link CallTap} and
 * appended fsynced by
 * {@link Journal#appendHealthLines} on one writer thread (the call's thread only queues its facts; the writer makes
 * the JSON line), so a call does not wait for the disk: the line of a call is
 * queued as its answer is written, and the writer appends what has queued since its last write with one write and one
 * fsync (group commit, at most {@link #BATCH} lines), so a burst of calls costs one fsync, not one each. A line is
 * therefore durable shortly after its answer left, not before: a crash of the process can lose the lines still
 * queued (the calls of the last fsync's duration). The queue holds
 * {@link #QUEUE} lines; a line that does not fit is counted ({@link #dropped()}) and logged, never silently lost.
 * {@link #close()} writes what is queued. Thread-safe.
 */
final class Audit implements AutoCloseable {
    static final String FILE = "mcp-audit.jsonl";
    static final int QUEUE = 10_000;
    /** The most lines written with one append (one write, one fsync). */
    static final int BATCH = 256;
    /** How much of the file's end {@link #recent} reads. */
    static final int TAIL_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    private static final Line STOP = new Line(Instant.EPOCH, "", "", "", "", 0, "", 0, 0, 0);
    private final Journal journal;
    private final Clock clock;
    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    Audit(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("mcp-audit").start(this::drain);
    }

    /**
     * Queues one line.
     *
     * @param status {@code ok}, {@code error} or {@code refused} (turned away before the MCP SDK saw it)
     * @param code   the JSON-RPC error code the protocol answered, or 0 (then not written)
     * @param http   the HTTP status of a request answered without a JSON-RPC answer, or 0 (then not written)
     */
    void record(String client, String transport, String kind, String name, long argBytes, String status, int code,
                int http, double millis) {
        // the call's thread only queues the facts (and the instant); the writer thread makes the JSON line
        Line l = new Line(clock.instant(), client, transport, kind, name, argBytes, status, code, http, millis);
        if (closed || !queue.offer(l)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("MCP audit: {} line(s) not written so far (the writer is behind by {} lines or stopped);"
                        + " the health of the mcp service counts them", n, QUEUE);
            }
        }
    }

    /** One call's line, as queued. */
    private record Line(Instant time, String client, String transport, String kind, String name, long argBytes,
                        String status, int code, int http, double millis) {
        ObjectNode json(ZoneId zone) {
            ObjectNode o = McpJson.object();
            o.put("time", OffsetDateTime.ofInstant(time, zone).toString());
            o.put("client", client);
            o.put("transport", transport);
            o.put("kind", kind);
            o.put("name", name);
            o.put("arg_bytes", argBytes);
            o.put("status", status);
            if (code != 0) {
                o.put("code", code);
            }
            if (http != 0) {
                o.put("http", http);
            }
            o.put("ms", Math.round(millis * 1000) / 1000.0);
            return o;
        }
    }

    private void drain() {
        List<Line> batch = new ArrayList<>();
        List<ObjectNode> lines = new ArrayList<>();
        ZoneId zone = clock.getZone();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            boolean stop = batch.removeIf(l -> l == STOP); // by identity
            if (!batch.isEmpty()) {
                batch.forEach(l -> lines.add(l.json(zone)));
                try {
                    journal.appendHealthLines(FILE, lines);
                    written.addAndGet(batch.size());
                } catch (RuntimeException e) {
                    long before = failed.getAndAdd(batch.size());
                    if (before == 0 || before / 1000 != (before + batch.size()) / 1000) {
                        LOG.warn("MCP audit: cannot append to health/{} ({} line(s) lost so far): {}", FILE,
                                before + batch.size(), e.getMessage());
                    }
                }
                batch.clear();
                lines.clear();
            }
            if (stop) {
                return;
            }
        }
    }

    long written() {
        return written.get();
    }

    /** Lines not written: the queue was full or the audit closed, or the append failed. */
    long dropped() {
        return dropped.get() + failed.get();
    }

    /** The last lines of the file, newest first. */
    List<McpCall> recent(int limit) {
        List<McpCall> out = new ArrayList<>();
        Path file = journal.healthFile(FILE);
        if (limit < 1 || !Files.isRegularFile(file)) {
            return out;
        }
        String tail;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            tail = new String(buf, StandardCharsets.UTF_8);
            if (start > 0) {
                tail = tail.substring(tail.indexOf('\n') + 1);
            }
        } catch (IOException e) {
            LOG.warn("MCP audit: cannot read health/{}: {}", FILE, e.getMessage());
            return out;
        }
        List<String> lines = tail.lines().toList();
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            try {
                JsonNode o = McpJson.MAPPER.readTree(lines.get(i));
                out.add(new McpCall(o.path("time").asString(), o.path("client").asString(),
                        o.path("transport").asString(), o.path("kind").asString(), o.path("name").asString(),
                        o.path("arg_bytes").asLong(), o.path("status").asString(), o.path("ms").asDouble()));
            } catch (RuntimeException e) {
                // a torn or hand-edited line: skipped in this view; the file keeps it
            }
        }
        return out;
    }

    /** Writes what is queued (waiting up to 10 s), then stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.warn("MCP audit: {} line(s) still queued at stop were not written", queue.size());
            dropped.addAndGet(queue.size());
        }
    }
}
