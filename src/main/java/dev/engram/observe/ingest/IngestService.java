package dev.engram.observe.ingest;

import dev.engram.callosum.Emitter;
import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StoredFile;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.IngestResult;
import dev.engram.observe.api.KeyCheck;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Observers;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remote ingest: the observers' keys ({@link KeyStore}), their upload history ({@link History}) and counters
 * ({@link Stats}), and storing uploads as committed segments. Thread-safe: uploads of different observers (or days)
 * run in parallel; one observer's uploads of one day are serialized only from the duplicate check to the history
 * line (the files are already staged by then).
 */
public final class IngestService implements Observers, Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STREAM = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern NAME = Pattern.compile("^[^\\p{Cntrl}]{1,64}$");
    public static final int WALK_ATTEMPTS = 100;
    /** At most this many uploads refused with 507 are kept (the oldest go first). */
    public static final int MAX_FAILED_KEPT = FailedUploads.MAX_KEPT;
    private final Journal journal;
    private final Announcements bus;
    private final KeyStore keys;
    private final History history;
    private final FailedUploads failed;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> status = new ConcurrentHashMap<>();
    /** An observer's name as a stream name (used when an upload names none), by observer name. */
    private final Map<String, String> streamNames = new ConcurrentHashMap<>();
    private final int walkAttempts;
    private volatile IngestLimits limits;
    private volatile long limitsAt;

    public IngestService(Journal journal, Emitter bus) {
        this(journal, bus, WALK_ATTEMPTS);
    }

    /** With {@code walkAttempts} collision steps instead of {@value #WALK_ATTEMPTS} (tests of the 507 answer). */
    public IngestService(Journal journal, Emitter bus, int walkAttempts) {
        this.journal = journal;
        this.bus = new Announcements(bus);
        this.keys = new KeyStore(journal);
        this.history = new History(journal);
        this.failed = new FailedUploads(journal);
        this.walkAttempts = walkAttempts;
    }

    Journal journal() {
        return journal;
    }

    // ---- Observers ----

    @Override
    public NewObserver create(String name) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw new IngestException(400, "Invalid name", "missing_required_field",
                    "an observer needs a name of 1-64 printable characters, e.g. 'laptop.tmux'");
        }
        KeyStore.Created c = keys.create(n);
        return new NewObserver(view(c.rec()), c.key());
    }

    @Override
    public List<Observer> list() {
        return keys.all().stream().map(this::view)
                .sorted(java.util.Comparator.comparing(Observer::name).thenComparing(Observer::prefix)).toList();
    }

    @Override
    public Optional<Observer> find(String prefix) {
        keys.all();
        return keys.match(prefix).map(this::view);
    }

    @Override
    public Optional<Observer> revoke(String prefix) {
        return keys.change(prefix, r -> new KeyStore.Rec(r.prefix(), r.name(), r.keySha256(), r.createdAt(),
                r.enabled(), true, r.revoked() ? r.revokedAt() : System.currentTimeMillis())).map(this::view);
    }

    @Override
    public Optional<Observer> setEnabled(String prefix, boolean enabled) {
        return keys.change(prefix, r -> new KeyStore.Rec(r.prefix(), r.name(), r.keySha256(), r.createdAt(),
                enabled, r.revoked(), r.revokedAt())).map(this::view);
    }

    @Override
    public KeyCheck check(String key) {
        Observer[] out = new Observer[1];
        KeyCheck.Status s = keys.check(key, this::view, out);
        return new KeyCheck(s, Optional.ofNullable(out[0]));
    }

    @Override
    public List<Map<String, Object>> history(String prefix, String day) {
        Optional<KeyStore.Rec> r = keys.match(prefix);
        if (r.isEmpty() || Day.tryParse(day).isEmpty()) {
            return List.of();
        }
        return history.day(r.get().prefix(), day).records().stream().map(IngestService::plain).toList();
    }

    @Override
    public List<dev.engram.observe.api.FailedUpload> failedUploads(String prefix) {
        return keys.match(prefix).map(r -> failed.of(r.prefix())).orElse(List.of());
    }

    @Override
    public List<String> historyDays(String prefix) {
        return keys.match(prefix).map(r -> history.days(r.prefix())).orElse(List.of());
    }

    @Override
    public boolean localRegistration() {
        return config().localRegistration();
    }

    @Override
    public void setLocalRegistration(boolean allowed) {
        journal.updateConfig(c -> {
            ObjectNode in = c.extra().get("ingest").filter(JsonNode::isObject).map(n -> (ObjectNode) n)
                    .orElseGet(JSON::createObjectNode);
            in.put("local_registration", allowed);
            return new dev.engram.journal.JournalConfig(c.identity(), c.convey(), c.extra().with("ingest", in));
        });
        limitsAt = 0;
    }

    private Observer view(KeyStore.Rec r) {
        Stats s = stats(r.prefix());
        synchronized (s) {
            return new Observer(r.prefix(), r.name(), r.createdAt(), r.enabled(), r.revoked(), r.revokedAt(),
                    s.lastSeen, s.lastSegment, s.segmentsReceived, s.bytesReceived, s.segmentsObserved,
                    s.duplicatesRejected);
        }
    }

    private Stats stats(String prefix) {
        return stats.computeIfAbsent(prefix, p -> Stats.load(journal, p));
    }

    // ---- Ingest ----

    @Override
    public Upload begin(Observer observer, Protocol protocol) {
        return new StagedUpload(this, observer, protocol, config().maxFileBytes());
    }

    @Override
    public long maxRequestBytes() {
        return config().maxRequestBytes();
    }

    private IngestLimits config() {
        long now = System.currentTimeMillis();
        IngestLimits l = limits;
        if (l == null || now - limitsAt > 1000) {
            l = IngestLimits.from(journal.config());
            limits = l;
            limitsAt = now;
        }
        return l;
    }

    /** Stores a validated upload: duplicate check, commit (walking around a collision), history, counters, event. */
    IngestResult store(StagedUpload up, Day day, SegmentKey key) {
        Observer o = up.observer();
        List<StoredFile> files = up.files();
        Set<String> incoming = new HashSet<>();
        files.forEach(f -> incoming.add(f.sha256()));
        History.DayLog log = history.lock(o.prefix(), day.key());
        try {
            Optional<String> existing = log.duplicateOf(incoming);
            if (existing.isPresent()) {
                Stats s = stats(o.prefix());
                synchronized (s) {
                    s.duplicatesRejected++;
                    s.lastSeen = System.currentTimeMillis();
                }
                s.changed(journal);
                return new IngestResult("duplicate", day.key(), existing.get(), key.key(), List.of(), 0,
                        existing.get());
            }
            CommittedSegment done = up.commitWalking(day, key, walkAttempts, new Random());
            if (done == null) {
                String kept = failed.keep(up, day, key);
                throw new IngestException(507, "Could not find a free segment key after " + walkAttempts
                        + " attempts", "ingest_storage_failed", "segment " + key.key() + " and every key tried near it"
                        + " exist on " + day.key() + "; the files were kept in " + kept + " (the Observers app lists"
                        + " them)", Map.of("status", "failed", "failed_path", kept));
            }
            String seg = done.segment().key().key();
            Map<String, Object> meta = meta(up);
            String stream = stream(up, meta);
            ObjectNode rec = History.object();
            rec.put("ts", System.currentTimeMillis());
            rec.put("segment", seg);
            var arr = rec.putArray("files");
            long bytes = 0;
            for (StoredFile f : done.files()) {
                ObjectNode fo = arr.addObject();
                fo.put("submitted", up.submittedNames().getOrDefault(f.name(), f.name()));
                fo.put("written", f.name());
                long inode = Segments.inode(done.segment().dir().resolve(f.name()));
                if (inode >= 0) {
                    fo.put("inode", inode);
                }
                fo.put("size", f.size());
                fo.put("sha256", f.sha256());
                bytes += f.size();
            }
            if (!seg.equals(key.key())) {
                rec.put("segment_original", key.key());
            }
            rec.put("stream", stream);
            rec.put("protocol", up.protocol().field());
            String host = optional(up, "host");
            String platform = optional(up, "platform");
            if (host != null) {
                rec.put("host", host);
            }
            if (platform != null) {
                rec.put("platform", platform);
            }
            // The files are in place from here on: the upload is kept and answered 200 whatever fails next.
            try {
                log.append(rec);
            } catch (RuntimeException e) {
                log.keepUnwritten(rec); // a retry still finds it as a duplicate; written with the next line
                LOG.warn("observer {}: segment {}/{} is stored but its history line could not be written yet ({});"
                        + " kept in memory and written with the next upload of that day", o.prefix(), day.key(), seg,
                        e.getMessage());
            }
            Stats s = stats(o.prefix());
            synchronized (s) {
                s.segmentsReceived++;
                s.bytesReceived += bytes;
                s.lastSeen = System.currentTimeMillis();
                s.lastSegment = day.key() + "/" + seg;
            }
            saveQuietly(s);
            bus.observing(up.protocol(), o.name(), day.key(), done, stream, meta);
            String status = !seg.equals(key.key()) && up.protocol() == Protocol.OBSERVER ? "collision" : "ok";
            return new IngestResult(status, day.key(), seg, key.key(), done.files().stream().map(StoredFile::name)
                    .toList(), bytes, "");
        } finally {
            log.lock.unlock();
        }
    }

    private String stream(StagedUpload up, Map<String, Object> meta) {
        if (meta.get("stream") instanceof String str && STREAM.matcher(str).matches()) {
            return str;
        }
        return streamNames.computeIfAbsent(up.observer().name(), name -> {
            String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
            return n.isEmpty() || !Character.isLetterOrDigit(n.charAt(0)) ? "observer" : n;
        });
    }

    /** The {@code meta} field as a JSON object, with host and platform merged in (meta wins), or empty. */
    private static Map<String, Object> meta(StagedUpload up) {
        Map<String, Object> out = new LinkedHashMap<>();
        String host = optional(up, "host");
        String platform = optional(up, "platform");
        if (host != null) {
            out.put("host", host);
        }
        if (platform != null) {
            out.put("platform", platform);
        }
        String m = up.fields().get("meta");
        if (m != null && !m.isBlank()) {
            try {
                JsonNode n = JSON.readTree(m);
                if (n instanceof ObjectNode obj) {
                    out.putAll(plain(obj));
                }
            } catch (RuntimeException e) {
                LOG.warn("observer {}: ignored a 'meta' field that is not a JSON object", up.observer().prefix());
            }
        }
        return out;
    }

    /** A form field that is present and not blank, else null. */
    private static String optional(StagedUpload up, String field) {
        String v = up.fields().get(field);
        return v == null || v.isBlank() ? null : v;
    }

    /** Saves display counters; a failure only delays them (the history is the record), so it is logged. */
    private void saveQuietly(Stats s) {
        try {
            s.changed(journal);
        } catch (RuntimeException e) {
            LOG.warn("observer counters could not be saved ({}); they are saved again with the next change",
                    e.getMessage());
        }
    }

    /** Sends the {@code observe.observing} announcements the bus did not take before; true when none is left. */
    public boolean resend() {
        return bus.resend();
    }

    /** Stored segments whose {@code observe.observing} is still waiting for the bus. */
    public int unsent() {
        return bus.unsent();
    }

    /** Bus events that could not be sent (no bus, queue full). */
    public long emitFailures() {
        return bus.failures();
    }

    @Override
    public List<Map<String, Object>> segments(Observer observer, String day, String stream) {
        if (Day.tryParse(day).isEmpty() || !day.matches("\\d{8}")) {
            throw new IngestException(400, "Invalid day format", "invalid_day", "day '" + day.replaceAll(
                    "\\p{Cntrl}", "?") + "' is not a real date as YYYYMMDD");
        }
        return Segments.list(journal, history.day(observer.prefix(), day).records(), Day.parse(day), stream);
    }

    /** Events only Engram's own pipeline sends after a segment is durable; a device never relays them. */
    private static final java.util.Set<String> PIPELINE_EVENTS = java.util.Set.of("observing", "detected",
            "transcribed", "described", "observed");

    @Override
    public void relay(Observer observer, Protocol protocol, Map<String, Object> event) {
        Object tract = event.get("tract");
        Object ev = event.get("event");
        if (!(tract instanceof String t) || t.isBlank() || !(ev instanceof String e) || e.isBlank()) {
            throw new IngestException(400, "Missing tract or event", "missing_required_field",
                    "an event needs string fields 'tract' and 'event'");
        }
        if (!t.equals("observe") || PIPELINE_EVENTS.contains(e)) {
            // the reference relays anything; a device key must not start agent runs (cortex.request) or fake the
            // pipeline's own events (observe.observed would make think spend provider calls on nothing)
            throw new IngestException(400, "Event not relayed", "event_not_relayed", "observers may relay their own"
                    + " observe.* events (such as observe.status), not " + t.replaceAll("\\p{Cntrl}", "?") + "."
                    + e.replaceAll("\\p{Cntrl}", "?"));
        }
        Map<String, Object> fields = new LinkedHashMap<>(event);
        fields.remove("tract");
        fields.remove("event");
        fields.put(protocol.field(), observer.name());
        if (t.equals("observe") && e.equals("status")) {
            Stats s = stats(observer.prefix());
            synchronized (s) {
                s.lastSeen = System.currentTimeMillis();
            }
            s.changed(journal);
            Map<String, Object> latest = new LinkedHashMap<>(fields);
            latest.put("received_at", System.currentTimeMillis());
            status.put(observer.prefix(), latest);
        }
        bus.emit(t, e, fields);
    }

    @Override
    public Map<String, Map<String, Object>> latestStatus() {
        return Map.copyOf(status);
    }

    @Override
    public void observed(String observerName, String day, String segment) {
        if (Day.tryParse(day).isEmpty() || SegmentKey.tryParse(segment).isEmpty()) {
            return;
        }
        // once per segment sense finishes: the snapshot of keys (an observer that delivered here is in it) and the
        // day's index of delivered segments, no disk listing and no copy of the day's records
        for (KeyStore.Rec r : keys.known()) {
            if (!r.name().equals(observerName)) {
                continue;
            }
            History.DayLog log = history.lock(r.prefix(), day);
            try {
                if (!log.delivered(segment)) {
                    continue;
                }
                ObjectNode rec = History.object();
                rec.put("ts", System.currentTimeMillis());
                rec.put("type", "observed");
                rec.put("segment", segment);
                log.append(rec);
            } finally {
                log.lock.unlock();
            }
            Stats s = stats(r.prefix());
            synchronized (s) {
                s.segmentsObserved++;
            }
            s.changed(journal);
        }
    }

    /** Writes every observer's counters (at stop). */
    public void flush() {
        history.writePending();
        bus.resend();
        stats.values().forEach(s -> s.save(journal));
    }

    static Map<String, Object> plain(ObjectNode o) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(o, LinkedHashMap.class);
        return m;
    }

    static List<Object> list(List<?> l) {
        return new ArrayList<>(l);
    }
}
