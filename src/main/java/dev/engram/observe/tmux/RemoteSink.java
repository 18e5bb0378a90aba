package dev.engram.observe.tmux;

import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.OutboundCall;
import dev.engram.cortex.api.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Queues segments on disk ({@link UploadQueue}) and uploads them, newest first, to another Engram over the later
 * observer protocol: {@code POST <url>/app/observer/ingest} (multipart {@code day}, {@code segment}, {@code host},
 * {@code platform}, {@code meta}, {@code files}) with {@code Authorization: Bearer <key>}. Before uploading a day it
 * asks {@code GET <url>/app/observer/ingest/segments/<day>} and drops what the server already holds (under
 * {@code key} or {@code original_key}), so a restart never uploads twice. Connection failures, 408, 429 and 5xx are
 * retried with backoff (1 s doubling to 60 s); 401/403 wait (the key is wrong or revoked) and are reported; another
 * 4xx sets the segment aside in the rejected folder with the reason. The observer's status is relayed as
 * {@code observe.status} to {@code <url>/app/observer/ingest/event} at once, then every {@link #STATUS_EVERY}, and
 * once more at close; a failed relay is logged, never thrown. Two daemon threads (uploads, status); the key is never
 * logged.
 */
final class RemoteSink implements SegmentSink {
    private static final Logger log = LoggerFactory.getLogger(RemoteSink.class);
    static final OutboundCall CALL = new OutboundCall("observer", "", "observe.upload");
    static final OutboundCall STATUS_CALL = new OutboundCall("observer", "", "observe.status");
    /** The most of an answer from the server held in memory (its answers are a few hundred bytes to a few KiB). */
    static final long MAX_ANSWER = 1 << 20;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** How often the status is relayed (see {@link StatusRelay#EVERY}). */
    static final Duration STATUS_EVERY = StatusRelay.EVERY;

    private final UploadQueue queue;
    private final URI base;
    private final String key;
    private final Outbound outbound;
    private final Origin origin;
    private final Consumer<String> notices;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private volatile String lastProblem = "";
    private volatile long uploaded;
    private volatile boolean wake;
    private final StatusRelay statuses;
    private volatile long lastSync;
    private volatile int recentErrors;
    private volatile String statusProblem = "";

    RemoteSink(UploadQueue queue, URI base, String key, Outbound outbound, Origin origin, Consumer<String> notices) {
        this(queue, base, key, outbound, origin, notices, STATUS_EVERY);
    }

    RemoteSink(UploadQueue queue, URI base, String key, Outbound outbound, Origin origin, Consumer<String> notices,
               Duration statusEvery) {
        this.statuses = new StatusRelay(s -> relay(s, Duration.ofSeconds(stopping ? 5 : 10)), statusEvery);
        this.queue = queue;
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.key = key;
        this.outbound = outbound;
        this.origin = origin;
        this.notices = notices;
        this.thread = Thread.ofPlatform().daemon().name("tmux-upload").unstarted(this::loop);
    }

    void start() {
        thread.start();
        statuses.start();
    }

    /** Keeps the latest status; the first one is relayed at once, then one every {@link #STATUS_EVERY}. */
    @Override
    public void status(TmuxStatus status) {
        statuses.offer(status);
    }

    /**
     * POSTs one {@code observe.status} event to {@code <url>/app/observer/ingest/event}, shaped as the released tmux
     * observers send it (the reference's {@code tmux} object plus the later protocol's health fields). A failure is
     * logged once per distinct reason and never thrown: capture and uploads go on.
     */
    void relay(TmuxStatus s, Duration timeout) {
        try {
            HttpRequest req = auth(HttpRequest.newBuilder(base.resolve("app/observer/ingest/event")))
                    .timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(statusEvent(s).toString())).build();
            HttpResponse<byte[]> r = outbound.sendBounded(STATUS_CALL, req, MAX_ANSWER);
            statusFailed(r.statusCode() == 200 ? "" : "relaying the status to " + base + " answered "
                    + r.statusCode() + hint(r.statusCode(), r.body()));
        } catch (IOException e) {
            statusFailed("cannot relay the status to " + base + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            statusFailed("cannot relay the status to " + base + ": " + e.getMessage());
        }
    }

    private void statusFailed(String message) {
        if (message.equals(statusProblem)) {
            return;
        }
        if (message.isEmpty()) {
            log.info("status events to {} work again", base);
        } else {
            log.warn("{}; capture goes on, the next status is tried in {} s", message, statuses.every().toSeconds());
        }
        statusProblem = message;
    }

    ObjectNode statusEvent(TmuxStatus s) {
        ObjectNode e = statuses.event(s, origin);
        if (lastSync > 0) {
            e.put("last_successful_sync", lastSync / 1000.0);
        } else {
            e.putNull("last_successful_sync");
        }
        e.put("pending_queue_depth", queue.entries().size()).put("recent_error_count", recentErrors);
        if (lastProblem.isEmpty()) {
            e.putNull("last_error_reason");
        } else {
            e.put("last_error_reason", lastProblem);
        }
        return e;
    }

    @Override
    public void deliver(ObservedSegment s) {
        queue.put(s);
        poke();
    }

    /** Wakes the uploader at once (a segment was queued). */
    void poke() {
        synchronized (signal) {
            wake = true;
            signal.notifyAll();
        }
    }

    long uploaded() {
        return uploaded;
    }

    @Override
    public String describe() {
        return "uploading to " + base + " (" + uploaded + " uploaded, " + queue.entries().size() + " queued in "
                + queue.dir() + ")";
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopping) {
            boolean ok;
            try {
                ok = pass();
            } catch (RuntimeException e) {
                problem("upload queue: " + e.getMessage());
                ok = false;
            }
            backoff = ok ? Duration.ofSeconds(1) : backoff;
            waitFor(ok ? Duration.ofSeconds(30) : backoff);
            if (!ok) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Uploads what is queued; false when something must be retried later. */
    boolean pass() {
        Map<String, Set<String>> present = new HashMap<>();
        for (UploadQueue.Entry queued : queue.entries()) {
            if (stopping) {
                return true;
            }
            Optional<ObservedSegment> loaded = queue.load(queued);
            if (loaded.isEmpty()) {
                continue;
            }
            ObservedSegment s = loaded.get();
            try {
                Set<String> known = present.computeIfAbsent(s.day().key(), this::serverSegments);
                if (known.contains(s.key().key())) {
                    queue.remove(s);
                    continue;
                }
                if (!upload(s)) {
                    return false;
                }
            } catch (IOException e) {
                problem("cannot reach " + base + ": " + describe(e) + "; retrying with backoff");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Transient e) {
                problem(e.getMessage());
                return false;
            } catch (ResponseTooLargeException e) {
                problem(e.getMessage() + " (is " + base + " an Engram?); retrying with backoff");
                return false;
            }
        }
        lastSync = System.currentTimeMillis();
        recentErrors = 0;
        if (!lastProblem.isEmpty()) {
            lastProblem = "";
            notices.accept("uploads to " + base + " work again");
        }
        return true;
    }

    private Set<String> serverSegments(String day) {
        HttpRequest req = auth(HttpRequest.newBuilder(base.resolve("app/observer/ingest/segments/" + day)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<byte[]> r = outbound.sendBounded(CALL, req, MAX_ANSWER);
            if (r.statusCode() != 200) {
                throw new Transient("checking segments of " + day + " at " + base + " answered " + r.statusCode()
                        + hint(r.statusCode(), r.body()));
            }
            JsonNode root = Snapshot.JSON.readTree(r.body());
            JsonNode items = root.isArray() ? root : root.path("items");
            Set<String> keys = new HashSet<>();
            for (JsonNode item : items) {
                keys.add(item.path("key").asString(""));
                if (item.hasNonNull("original_key")) {
                    keys.add(item.path("original_key").asString(""));
                }
            }
            return keys;
        } catch (IOException e) {
            throw new Transient("cannot reach " + base + ": " + describe(e) + "; retrying with backoff");
        } catch (JacksonException e) {
            throw new Transient("the segments list of " + day + " from " + base + " is not JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Transient("interrupted");
        }
    }

    private boolean upload(ObservedSegment s) throws IOException, InterruptedException {
        Multipart m = new Multipart().field("day", s.day().key()).field("segment", s.key().key())
                .field("host", origin.host()).field("platform", origin.platform())
                .field("meta", Snapshot.JSON.createObjectNode().put("stream", stream()).toString());
        s.files().forEach((name, bytes) -> m.file("files", name, bytes));
        HttpRequest req = auth(HttpRequest.newBuilder(base.resolve("app/observer/ingest")))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(m.finish())).build();
        HttpResponse<byte[]> r = outbound.sendBounded(CALL, req, MAX_ANSWER);
        int code = r.statusCode();
        if (code == 200) {
            queue.remove(s);
            uploaded++;
            log.info("uploaded segment {} ({} files)", s.id(), s.files().size());
            return true;
        }
        if (code == 401 || code == 403 || code == 408 || code == 429 || code >= 500) {
            problem("uploading " + s.id() + " to " + base + " answered " + code + hint(code, r.body())
                    + "; it stays queued and is retried");
            return false;
        }
        String body = new String(r.body(), 0, Math.min(500, r.body().length), StandardCharsets.UTF_8);
        String reason = code + " " + body;
        queue.reject(s, reason);
        notices.accept("the server refused segment " + s.id() + " (" + reason + "); it is kept in "
                + queue.dir() + "-rejected and not retried");
        return true;
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header("Authorization", "Bearer " + key).header("X-Solstone-Observer", key);
    }

    private String stream() {
        return StatusRelay.stream(origin);
    }

    /**
     * For 401 and 403: the server's {@code error} (e.g. {@code Observer revoked}, read from its JSON answer, printable
     * characters only, at most 100) and what the owner can do; nothing for other codes.
     */
    static String hint(int code, byte[] body) {
        if (code != 401 && code != 403) {
            return "";
        }
        String said = "";
        try {
            said = Snapshot.JSON.readTree(body).path("error").asString("").replaceAll("[^\\p{Print}]", "?");
        } catch (JacksonException | IllegalArgumentException e) {
            // not the JSON error of an Engram: the code says enough
        }
        said = said.length() > 100 ? said.substring(0, 100) : said;
        return (said.isBlank() ? "" : " " + said.strip()) + (code == 401
                ? " (that Engram does not know this key: check the key given by --key-file, --key or "
                        + "ENGRAM_OBSERVER_KEY)"
                : " (the key was revoked or disabled on that Engram: its owner can enable it, or create a new"
                        + " observer there)");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A problem: a notice when it differs from the last (the CLI prints it once), the debug log every time. */
    private void problem(String message) {
        recentErrors++;
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            notices.accept(message);
        }
        log.debug(message);
    }

    private void waitFor(Duration d) {
        synchronized (signal) {
            long end = System.nanoTime() + d.toNanos();
            while (!wake && !stopping) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wake = false;
        }
    }

    /**
     * Stops the uploader; what is still queued stays on disk for the next start. The latest status (the observer's
     * last, not capturing) is relayed once more, waiting at most 5 s.
     */
    @Override
    public void close() {
        stopping = true;
        poke();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        statuses.close();
    }

    /** A failure to retry later (unreachable, 5xx, unreadable answer). */
    private static final class Transient extends RuntimeException {
        Transient(String message) {
            super(message);
        }
    }
}
