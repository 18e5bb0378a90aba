package dev.engram.apps.observers;

import dev.engram.convey.Access;
import dev.engram.app.AppContext;
import dev.engram.convey.Convey;
import dev.engram.convey.JsonIo;
import dev.engram.convey.RequestBodies;
import dev.engram.journal.JournalException;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.ObserverChange;
import dev.engram.observe.api.IngestResult;
import dev.engram.observe.api.KeyCheck;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Observers;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of both ingest protocols (spec §8, §11), shared by {@link RemoteApp} ({@code /app/remote/...}) and
 * {@link ObserverApp} ({@code /app/observer/...}): key checks with the reference's 401/403 bodies, multipart bodies
 * read as a stream ({@link MultipartReader}) into {@link Upload}, size limits (413), the sync check and event relay.
 * Errors are {@code {error, reason_code, detail}} ({@code error} is the reference's text, e.g. "Missing segment").
 */
final class IngestRoutes {
    static final int MAX_FIELD = 64 * 1024;
    static final int MAX_EVENT = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Protocol protocol;
    /**
     * Read buffers of finished uploads for the next ones (a fresh 64 KiB per upload was a fifth of the request
     * threads' allocation, and each young collection pauses the uploads in flight); at most 8 kept.
     */
    private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(8);
    private final AppContext context;

    IngestRoutes(Protocol protocol, AppContext context) {
        this.protocol = protocol;
        this.context = context;
    }

    Observers observers() {
        return context.findService(Observers.class).orElseThrow(IngestRoutes::notRunning);
    }

    Ingest ingest() {
        return context.findService(Ingest.class).orElseThrow(IngestRoutes::notRunning);
    }

    private static IngestException notRunning() {
        return new IngestException(503, "Ingest is not running", "feature_unavailable", "the ingest service is not"
                + " started in this Engram; start Engram with 'engram start'");
    }

    void log(String action, Map<String, ?> params) {
        ActionLog.log(context.journal(), action, params);
    }

    /** Logs a revoke, disable or enable as an action, unless it changed nothing (asked again). */
    void logChange(String action, ObserverChange c) {
        if (c.changed()) {
            log(action, Map.of("prefix", c.observer().prefix(), "name", c.observer().name()));
        }
    }

    /** Wraps a handler: an {@link IngestException} (or a bad body) answers the protocol's error body. */
    Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (IngestException e) {
                error(ctx, e);
            } catch (RuntimeException | IOException e) {
                error(ctx, classify(e));
            }
        };
    }

    /**
     * What went wrong, from the cause chain: a malformed body (400), a body over the limit (413), a body the client
     * did not finish (400; the staged files are discarded), else storage (500, logged).
     */
    private IngestException classify(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IngestException i) {
                return i;
            }
            if (t instanceof MultipartReader.MalformedException m) {
                return new IngestException(400, "Malformed multipart body", "invalid_multipart", m.getMessage()
                        + "; nothing was kept");
            }
            if (t instanceof MultipartReader.TooLongException l) {
                return new IngestException(413, "Field too large", "payload_too_large", l.getMessage()
                        + "; nothing was kept");
            }
            if (t instanceof TooLarge tl) {
                return new IngestException(413, "Upload too large", "payload_too_large", tl.getMessage());
            }
            if (t instanceof BodyReadFailed) {
                LOG.info("{} ingest: the client's body could not be read ({}); nothing was kept", protocol.field(),
                        t.getCause() == null ? t.toString() : t.getCause().toString());
                return new IngestException(400, "Upload interrupted", "invalid_multipart", "the request body could"
                        + " not be read to its end; nothing was kept; send the upload again");
            }
        }
        if (e instanceof JournalException || e instanceof IOException || e instanceof UncheckedIOException) {
            LOG.warn("{} ingest could not store an upload: {}", protocol.field(), e.getMessage());
            return new IngestException(500, "Storage failed", "ingest_storage_failed", "the upload could not be"
                    + " stored (the server log says why); nothing was kept; retry later");
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static void error(Context ctx, IngestException e) {
        Map<String, Object> body = new LinkedHashMap<>(e.extra());
        body.put("error", e.error());
        body.put("reason_code", e.reasonCode());
        body.put("detail", e.detail());
        ctx.status(e.status());
        // the body may be unread (a 413 decided on its Content-Length, a part refused midway): see RequestBodies
        RequestBodies.settle(ctx, ctx.attribute(UNREAD) == null);
        JsonIo.send(ctx, body);
    }

    /**
     * A request attribute: the body was refused on its declared length, more than {@link RequestBodies#DRAIN_BYTES},
     * before any of it was read; it is not drained, so the answer goes out at once (a client that waits for
     * {@code 100 Continue}, or sends slowly, is not held for its idle timeout; one that sends the body gets the answer
     * and a closed connection).
     */
    private static final String UNREAD = "engram.ingest.unread";

    /** The observer of a request's key: path {@code {key}}, else {@code Authorization: Bearer}, else the header. */
    Observer authenticate(Context ctx) {
        Observers observers = observers();
        String key = ctx.pathParamMap().get("key");
        if (key == null) {
            String h = ctx.header("Authorization");
            if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = h.substring(7).strip();
            }
        }
        if (key == null || key.isEmpty()) {
            key = ctx.header("X-Solstone-Observer");
        }
        if (key == null || key.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new IngestException(401, "Authentication required", "auth_required", "send the observer's key as"
                    + " 'Authorization: Bearer <key>' (or in the URL path)");
        }
        KeyCheck c = observers.check(key.strip());
        return switch (c.status()) {
            case OK -> c.observer().orElseThrow();
            case UNKNOWN -> throw new IngestException(401, "Invalid key", "auth_key_invalid",
                    "this key is not known here: create an observer in the Observers app or with 'engram observer"
                            + " create NAME'");
            case REVOKED -> throw new IngestException(403, protocol.noun() + " revoked", "pl_revoked",
                    "this observer's key was revoked: create a new observer");
            case DISABLED -> throw new IngestException(403, protocol.noun() + " disabled", "feature_unavailable",
                    "this observer is disabled: enable it in the Observers app");
        };
    }

    void upload(Context ctx) throws IOException {
        Ingest ingest = ingest();
        Observer o = authenticate(ctx);
        long limit = ingest.maxRequestBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            if (declared > RequestBodies.DRAIN_BYTES) {
                ctx.attribute(UNREAD, true); // refused before any of it was read, and too big to drain
            }
            throw new TooLarge(declared, limit);
        }
        Optional<String> boundary = MultipartReader.boundary(ctx.header("Content-Type"));
        if (boundary.isEmpty()) {
            throw new IngestException(400, "Missing segment", "missing_required_field", "the body must be"
                    + " multipart/form-data with fields 'day', 'segment' and one or more 'files' parts");
        }
        MultipartReader reader = new MultipartReader(new Limited(ctx.req().getInputStream(), limit),
                boundary.get(), buffers.poll());
        IngestResult r;
        try (Upload up = ingest.begin(o, protocol)) {
            for (Optional<MultipartReader.Part> p = reader.next(); p.isPresent(); p = reader.next()) {
                MultipartReader.Part part = p.get();
                if (part.filename().isPresent()) {
                    if (part.name().equals("files") || part.name().equals("file")) {
                        up.file(part.filename().get(), part.content());
                    }
                } else {
                    up.field(part.name(), part.text(MAX_FIELD));
                }
            }
            r = up.commit();
        } finally {
            buffers.offer(reader.buffer()); // dropped when the pool is full
        }
        JsonIo.send(ctx, answer(r));
    }

    private Map<String, Object> answer(IngestResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status());
        if (r.duplicate()) {
            out.put("existing_segment", r.existingSegment());
            out.put("message", "All files already received");
            out.put("segment", r.existingSegment());
            return out;
        }
        out.put("segment", r.segment());
        out.put("files", r.files());
        out.put("bytes", r.bytes());
        if (!r.segment().equals(r.originalSegment())) {
            out.put("original_segment", r.originalSegment());
        }
        return out;
    }

    void event(Context ctx) throws IOException {
        Ingest ingest = ingest();
        Observer o = authenticate(ctx);
        byte[] body = ctx.req().getInputStream().readNBytes(MAX_EVENT + 1);
        if (body.length > MAX_EVENT) {
            throw new IngestException(413, "Event too large", "payload_too_large", "an event may be at most "
                    + MAX_EVENT + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (RuntimeException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new IngestException(400, "Missing tract or event", "missing_required_field",
                    "the body must be a JSON object with 'tract' and 'event'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ev = JSON.convertValue(n, LinkedHashMap.class);
        ingest.relay(o, protocol, ev);
        JsonIo.send(ctx, Map.of("status", "ok"));
    }

    void segments(Context ctx) {
        Ingest ingest = ingest();
        Observer o = authenticate(ctx);
        List<Map<String, Object>> items = ingest.segments(o, ctx.pathParam("day"), ctx.queryParam("stream"));
        // Protocol version 2 (solstone-linux 0.4.x sends the header) gets the reference's envelope: with a bare list
        // that client never proves a segment held file by file, so it never frees its local cache.
        if ("2".equals(ctx.header("X-Solstone-Protocol-Version"))) {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("items", items);
            envelope.put("total", items.size());
            envelope.put("protocol_version", 2);
            JsonIo.send(ctx, envelope);
            return;
        }
        JsonIo.send(ctx, items);
    }

    /**
     * Registration without a session: admitted by the guard from loopback (no proxy headers) or with a session;
     * refused from loopback when the owner switched it off.
     */
    NewObserver register(Context ctx, String name) {
        Observers observers = observers();
        if (Convey.admittedBy(ctx).orElse(Access.SESSION) == Access.LOOPBACK && !observers.localRegistration()) {
            throw new IngestException(403, "Registration from localhost is switched off", "registration_disabled",
                    "the owner switched off registration without login; create the observer in the Observers app"
                            + " or with 'engram observer create NAME'");
        }
        NewObserver n = observers.create(name);
        log("observer_create", Map.of("prefix", n.observer().prefix(), "name", n.observer().name(),
                "via", protocol.field() + " registration"));
        return n;
    }

    /** The {@code name} of a creation's JSON body: "" when absent; anything but a string is refused (400). */
    static String nameOf(tools.jackson.databind.JsonNode body) {
        tools.jackson.databind.JsonNode name = body.path("name");
        if (name.isMissingNode() || name.isNull()) {
            return "";
        }
        if (!name.isString()) {
            throw new IngestException(400, "Invalid name", "invalid_name",
                    "send the name as a JSON string, e.g. {\"name\": \"laptop.tmux\"}");
        }
        return name.asString();
    }

    static String baseUrl(Context ctx) {
        String host = ctx.header("Host");
        return ctx.scheme() + "://" + (host == null ? ctx.host() : host);
    }

    /** Reading the request body failed (the client went away or sent a broken body). */
    static final class BodyReadFailed extends IOException {
        BodyReadFailed(IOException cause) {
            super("the request body could not be read: " + cause.getMessage(), cause);
        }
    }

    /** A request body over the per-request limit. */
    static final class TooLarge extends IOException {
        TooLarge(long size, long limit) {
            super("the request is larger than the limit of " + limit + " bytes (config/journal.json"
                    + " ingest.max_request_bytes)" + (size > 0 ? "; it declares " + size + " bytes" : "")
                    + "; nothing was kept");
        }
    }

    /** Counts a body's bytes and fails past the per-request limit (for bodies without a Content-Length). */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new BodyReadFailed(e);
            }
            if (n > 0 && (count += n) > limit) {
                throw new TooLarge(-1, limit);
            }
            return n;
        }
    }
}
