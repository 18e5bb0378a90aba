package dev.engram.observe.ingest;

import dev.engram.callosum.Emitter;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.IngestResult;
import dev.engram.observe.api.KeyCheck;
import dev.engram.observe.api.NewObserver;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.ObserverChange;
import dev.engram.observe.api.Observers;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remote ingest, the front of the package: the observers' keys ({@link KeyStore}), their upload history
 * ({@link History}) and counters ({@link Counters}), storing uploads as committed segments ({@link StagedUpload},
 * then {@link Delivery}), and relaying their status events ({@link StatusRelay}). Thread-safe: uploads of different
 * observers (or days) run in parallel; one observer's uploads of one day are serialized only from the duplicate check
 * to the history line (the files are already staged by then).
 */
public final class IngestService implements Observers, Ingest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final int WALK_ATTEMPTS = 100;
    /** At most this many uploads refused with 507 are kept (the oldest go first). */
    public static final int MAX_FAILED_KEPT = FailedUploads.MAX_KEPT;
    private final Journal journal;
    private final Announcements bus;
    private final KeyStore keys;
    private final History history;
    private final FailedUploads failed;
    private final Counters counters;
    private final Delivery delivery;
    private final StatusRelay relay;
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
        this.counters = new Counters(journal, history);
        this.delivery = new Delivery(history, failed, counters, this.bus, keys, walkAttempts);
        this.relay = new StatusRelay(this.bus, counters);
    }

    Journal journal() {
        return journal;
    }

    /**
     * The files where solstone keeps observers' keys in plain text (its records, which Engram takes at start and never
     * changes), journal-relative; reads only (for {@code engram status}).
     */
    public static List<String> solstoneKeyFiles(Journal journal) {
        return LegacyObservers.keyFiles(journal);
    }

    // ---- Observers ----

    @Override
    public NewObserver create(String name) {
        return create(name, false);
    }

    @Override
    public NewObserver createUnique(String name) {
        return create(name, true);
    }

    private NewObserver create(String name, boolean unique) {
        KeyStore.Created c = keys.create(observerName(name), unique);
        return new NewObserver(view(c.rec()), c.key());
    }

    /**
     * The name an observer is stored under: NFKC-normalized (full-width letters, no-break spaces and the like become
     * their plain forms, so names that look alike compare alike) and stripped; 1-64 characters, none of them a
     * control, format (zero-width, direction overrides), private-use or unassigned character, or a line separator.
     */
    static String observerName(String name) {
        String n = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
        if (n.isEmpty()) {
            throw new IngestException(400, "Invalid name", "missing_required_field",
                    "an observer needs a name of 1-64 printable characters, e.g. 'laptop.tmux'");
        }
        int length = n.codePointCount(0, n.length());
        if (length > 64 || n.codePoints().anyMatch(IngestService::hidden)) {
            throw new IngestException(400, "Invalid name", "invalid_name", "an observer needs a name of 1-64"
                    + " printable characters, e.g. 'laptop.tmux'" + (length > 64 ? " (this one has " + length + ")"
                    : ": no control, zero-width, direction-changing or unassigned characters"));
        }
        return n;
    }

    private static boolean hidden(int c) {
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR;
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
    public Optional<ObserverChange> revoke(String prefix) {
        Optional<ObserverChange> o = keys.change(prefix, r -> new KeyStore.Rec(r.prefix(), r.name(), r.keySha256(),
                r.createdAt(), r.enabled(), true, r.revoked() ? r.revokedAt() : System.currentTimeMillis()))
                .map(this::changeView);
        o.ifPresent(c -> relay.forget(c.observer().prefix()));
        return o;
    }

    private ObserverChange changeView(KeyStore.Changed c) {
        return new ObserverChange(view(c.rec()), c.changed());
    }

    @Override
    public Optional<ObserverChange> setEnabled(String prefix, boolean enabled) {
        return keys.change(prefix, r -> {
            if (r.revoked()) {
                throw new IngestException(409, "Observer revoked", "pl_revoked", "observer '" + r.name() + "' ("
                        + r.prefix() + ") is revoked for good, so it cannot be " + (enabled ? "enabled" : "disabled")
                        + "; create a new observer for that device");
            }
            return new KeyStore.Rec(r.prefix(), r.name(), r.keySha256(), r.createdAt(), enabled, r.revoked(),
                    r.revokedAt());
        }).map(this::changeView);
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
        return counters.view(r);
    }

    // ---- Ingest ----

    @Override
    public Upload begin(Observer observer, Protocol protocol) {
        IngestLimits l = config();
        return new StagedUpload(this, observer, protocol, l.maxFileBytes(), l.maxFiles());
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

    /** Stores a validated upload (see {@link Delivery#store}). */
    IngestResult store(StagedUpload up, Day day, SegmentKey key) {
        return delivery.store(up, day, key);
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

    @Override
    public void relay(Observer observer, Protocol protocol, Map<String, Object> event) {
        relay.relay(observer, protocol, event);
    }

    @Override
    public Map<String, Map<String, Object>> latestStatus() {
        return relay.latest();
    }

    @Override
    public void observed(String observerName, String day, String segment) {
        delivery.observed(observerName, day, segment);
    }

    /**
     * Announces again, on a background thread, the delivered segments that sense had not finished when Engram last
     * stopped (see {@link Unobserved}); call once the bus and sense are running. Returns the thread (tests join it).
     */
    public Thread announceUnobserved() {
        Thread t = Thread.ofPlatform().daemon().name("ingest-unobserved").priority(Thread.MIN_PRIORITY).unstarted(
                () -> new Unobserved(journal, keys, history, bus).announce(System.currentTimeMillis()));
        t.start();
        return t;
    }

    /** Writes every observer's counters (at stop). */
    public void flush() {
        history.writePending();
        bus.resend();
        counters.saveAll();
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
