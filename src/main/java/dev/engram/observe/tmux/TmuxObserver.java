package dev.engram.observe.tmux;

import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.Outbound;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local tmux observer: every {@code interval} it captures each tmux session that has an attached client active
 * within {@code activeWithin} ({@code capture-pane -p -e} of the current window's panes), keeps a frame when the
 * session changed, and every {@code segment} hands the frames to its sink as one segment with a
 * {@code tmux_<session>_screen.jsonl} per session (no segment when nothing changed). {@link #run} loops on the
 * calling thread until {@link #stop}, which flushes the current segment first (SIGTERM in the CLI).
 */
public final class TmuxObserver {
    private static final Logger log = LoggerFactory.getLogger(TmuxObserver.class);

    /**
     * @param socketName tmux's {@code -L} socket name; empty for the default server
     */
    public record Settings(Duration interval, Duration segment, Duration activeWithin, Optional<String> socketName) {
        public Settings {
            if (interval.isNegative() || interval.isZero() || segment.compareTo(interval) < 0) {
                throw new IllegalArgumentException("the interval must be positive and at most the segment length"
                        + " (got interval " + seconds(interval) + " s, segment " + seconds(segment) + " s)");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(300), Duration.ofMinutes(5),
                    Optional.empty());
        }

        /** The tmux server captured: its socket name ({@code tmux -L}), or {@code default}. */
        public String server() {
            return socketName.orElse("default");
        }

        /**
         * The name of the lock an observer of this tmux server holds while it runs (a file name: the server's name
         * made safe as session names are): two observers of one server would capture every pane twice.
         */
        public String lockName() {
            return "observer-" + SessionFrames.safe(server());
        }
    }

    private final Tmux tmux;
    private final Settings settings;
    private final SegmentSink sink;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<String> notices;
    private final Map<String, SessionFrames> sessions = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private Instant segmentStart;
    private String lastCaptureError = "";
    private List<String> lastSessions = List.of();
    /** Whether the last thing said about idleness was "nothing is captured" (null: nothing said yet). */
    private Boolean idleSaid;
    private long captures;
    private long segmentsWritten;
    private long segmentsFailed;

    TmuxObserver(Tmux tmux, Settings settings, SegmentSink sink, Clock clock, ZoneId zone, Consumer<String> notices) {
        this.tmux = tmux;
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.zone = zone;
        this.notices = notices;
    }

    /** Writes segments into {@code journal} and announces each on {@code bus} ({@code observe.observing}). */
    public static TmuxObserver local(Journal journal, Emitter bus, Settings settings, Consumer<String> notices) {
        return new TmuxObserver(new Tmux(settings.socketName(), journal.scratchFolder("tmux")), settings,
                new LocalSink(journal, bus, Origin.here(), notices).start(), Clock.systemUTC(), ZoneId.systemDefault(),
                notices);
    }

    /**
     * Queues segments in {@code url}'s own folder under {@code queues} ({@link QueueFolders}) and uploads them to the
     * Engram at {@code url} with {@code key} (the later observer protocol), through {@code outbound}; tmux's output is
     * written in {@code scratch} while a call runs.
     */
    public static TmuxObserver remote(URI url, String key, Outbound outbound, Path queues, Path scratch,
                                      Settings settings, Consumer<String> notices) {
        Path queueDir = QueueFolders.open(queues, url, notices);
        RemoteSink sink = new RemoteSink(new UploadQueue(queueDir, UploadQueue.MAX_SEGMENTS, UploadQueue.MAX_BYTES),
                url, key, outbound, Origin.here(), notices);
        sink.start();
        return new TmuxObserver(new Tmux(settings.socketName(), scratch), settings, sink, Clock.systemUTC(),
                ZoneId.systemDefault(), notices);
    }

    /** Where segments go, for the start-up line. */
    public String describe() {
        return sink.describe();
    }

    /** Captures and cuts segments until {@link #stop}; then flushes the current segment and closes the sink. */
    public void run() throws InterruptedException {
        try {
            segmentStart = clock.instant();
            Instant planned = segmentStart;
            while (true) {
                Instant now = clock.instant();
                captureOnce(now);
                if (due(segmentStart, now, settings)) {
                    cut(now);
                }
                sink.status(status(true, clock.instant()));
                Instant after = clock.instant();
                planned = nextCapture(planned, settings.interval(), after);
                long waitNanos = Duration.between(after, planned).toNanos();
                long waitMs = Math.max(1, (waitNanos + 999_999) / 1_000_000); // rounded up: never a hair early
                if (stopped.await(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            cut(clock.instant());
        } finally {
            sink.status(status(false, clock.instant()));
            sink.close();
            done.countDown();
        }
    }

    /**
     * Whether a capture at {@code now} ends the segment begun at {@code start}: the capture nearest the segment's end
     * does (from half an interval before it), so a capture that comes a hair early is not left for the next one, an
     * interval later (segments of {@code --segment 10} were cut 11 s apart so).
     */
    static boolean due(Instant start, Instant now, Settings settings) {
        return !now.isBefore(start.plus(settings.segment()).minus(settings.interval().dividedBy(2)));
    }

    /**
     * When to capture next: one interval after the last planned capture, on a fixed grid, so that the time a capture
     * takes and the waits' rounding do not add up; at once ({@code now}) when the captures fell behind it.
     */
    static Instant nextCapture(Instant planned, Duration interval, Instant now) {
        Instant next = planned.plus(interval);
        return next.isBefore(now) ? now : next;
    }

    /**
     * Asks {@link #run} to flush the current segment and return, ending a tmux call in flight at once; waits up to
     * {@code wait} for it.
     */
    public boolean stop(Duration wait) throws InterruptedException {
        stopped.countDown();
        tmux.close(); // a tmux call in flight (a hung server) ends now, not at its timeout
        return done.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public long segmentsWritten() {
        return segmentsWritten;
    }

    /**
     * One capture of every active session. A session that closed meanwhile is skipped (debug log); another failure of
     * one session is reported and the other sessions are still captured; a tmux that does not answer in time ends the
     * tick (its other calls would wait as long). A failure is reported once per distinct message, and once more when
     * capture works again; nothing is thrown. Ends early, silently, when {@link #stop} was called.
     */
    synchronized void captureOnce(Instant now) {
        if (segmentStart == null) {
            segmentStart = now;
        }
        double offset = Duration.between(segmentStart, now).toMillis() / 1000.0;
        List<String> captured = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (String session : activeSessions(now)) {
                try {
                    Optional<Snapshot> s = snapshot(session);
                    if (s.isPresent()) {
                        sessions.computeIfAbsent(session, SessionFrames::new).offer(s.get(), Math.max(0, offset));
                    }
                    captured.add(session);
                } catch (Tmux.TmuxException e) {
                    if (e.kind() == Tmux.Kind.GONE) {
                        log.debug("session {} closed during the capture; skipped this time: {}", session,
                                e.getMessage());
                    } else if (e.kind() == Tmux.Kind.FAILED) {
                        captured.add(session); // still there; its failure is reported
                        problems.add("session " + session + ": " + e.getMessage());
                    } else {
                        throw e;
                    }
                }
            }
        } catch (Tmux.TmuxException e) {
            if (e.kind() != Tmux.Kind.STOPPED) {
                // a hung server times out on one call or another: said once, whichever it is
                reportCapture(e.kind() == Tmux.Kind.TIMED_OUT ? "timed out" : e.getMessage(),
                        e.getMessage() + "; capture goes on and tries again");
            }
            return;
        }
        lastSessions = captured;
        captures++;
        String problem = String.join("; ", problems);
        reportCapture(problem, problem);
        reportIdle(captured);
    }

    /**
     * Says once when nothing is captured for want of an active client (at start too: a silent observer would look
     * broken), and once when sessions are captured again; a capture that finds sessions at start says nothing.
     */
    private void reportIdle(List<String> captured) {
        if (captured.isEmpty() && !Boolean.TRUE.equals(idleSaid)) {
            String m = "no tmux session has an attached client active in the last "
                    + span(settings.activeWithin()) + ": nothing is captured until one has (attach to a"
                    + " session and type in it)";
            notices.accept(m);
            log.info(m);
            idleSaid = true;
        } else if (!captured.isEmpty() && !Boolean.FALSE.equals(idleSaid)) {
            if (idleSaid != null) {
                String m = "capturing again: " + String.join(", ", captured);
                notices.accept(m);
                log.info(m);
            }
            idleSaid = false;
        }
    }

    /**
     * Tells the operator once per distinct capture failure ({@code what}: which one; {@code problem}: what to say),
     * and once when capture works again (both {@code ""}).
     */
    private void reportCapture(String what, String problem) {
        if (what.equals(lastCaptureError)) {
            if (!problem.isEmpty()) {
                log.debug("tmux capture failed again: {}", problem);
            }
            return;
        }
        if (problem.isEmpty()) {
            notices.accept("tmux capture works again");
            log.info("tmux capture works again");
        } else {
            notices.accept("tmux capture failed: " + problem);
            log.warn("tmux capture failed: {}", problem);
        }
        lastCaptureError = what;
    }

    private List<String> activeSessions(Instant now) throws Tmux.TmuxException {
        List<String> out = new ArrayList<>();
        long since = now.minus(settings.activeWithin()).getEpochSecond();
        for (Tmux.Client c : tmux.clients()) {
            if (c.activity() >= since && !c.session().isEmpty() && !out.contains(c.session())) {
                out.add(c.session());
            }
        }
        return out;
    }

    private Optional<Snapshot> snapshot(String session) throws Tmux.TmuxException {
        List<Tmux.Window> windows = tmux.windows(session);
        String window = windows.stream().filter(Tmux.Window::active).map(Tmux.Window::name).findFirst().orElse("");
        List<Snapshot.PaneText> panes = new ArrayList<>();
        for (Tmux.Pane p : tmux.panes(session)) {
            panes.add(new Snapshot.PaneText(p, tmux.capture(p.id())));
        }
        return panes.isEmpty() ? Optional.empty() : Optional.of(new Snapshot(session, window, windows, panes));
    }

    /**
     * Ends the current segment at {@code now}: hands its files (sessions with kept frames) to the sink, or nothing
     * when no session changed, and starts the next segment.
     */
    synchronized void cut(Instant now) {
        Instant start = segmentStart == null ? now : segmentStart;
        segmentStart = now;
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (SessionFrames f : sessions.values()) {
            if (!f.isEmpty()) {
                files.put(f.fileName(), f.drain());
            }
        }
        if (files.isEmpty()) {
            return;
        }
        LocalDateTime at = LocalDateTime.ofInstant(start, zone);
        int len = (int) Math.max(1, Math.round(Duration.between(start, now).toMillis() / 1000.0));
        ObservedSegment seg = new ObservedSegment(Day.of(at.getYear(), at.getMonthValue(), at.getDayOfMonth()),
                SegmentKey.of(at.toLocalTime().withNano(0), len), files);
        try {
            sink.deliver(seg);
            segmentsWritten++;
        } catch (RuntimeException e) {
            segmentsFailed++;
            notices.accept("segment " + seg.id() + " was not kept (" + segmentsFailed + " so far): " + e.getMessage());
            log.error("segment {} was not kept: {}", seg.id(), e.getMessage());
        }
    }

    /** What the observer is doing now, for the sink's status events. */
    synchronized TmuxStatus status(boolean capturing, Instant now) {
        long elapsed = segmentStart == null ? 0 : Math.max(0, Duration.between(segmentStart, now).toSeconds());
        return new TmuxStatus(capturing, captures, lastSessions, elapsed);
    }

    /** How many sessions have frames waiting for the current segment (tests, status). */
    synchronized int pendingFiles() {
        return (int) sessions.values().stream().filter(f -> !f.isEmpty()).count();
    }

    /** The frames waiting for the current segment, as they would be written. */
    synchronized String pendingText() {
        StringBuilder sb = new StringBuilder();
        sessions.values().forEach(f -> sb.append(f.peek()));
        return sb.toString();
    }

    /** A span as the owner gave it: whole minutes as "5 min", else seconds ("1 s", "0.5 s"). */
    static String span(Duration d) {
        long ms = d.toMillis();
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + " s";
    }

    private static String seconds(Duration d) {
        return String.valueOf(d.toMillis() / 1000.0);
    }
}
