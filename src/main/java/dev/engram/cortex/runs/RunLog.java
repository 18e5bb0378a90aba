package dev.engram.cortex.runs;

import dev.engram.app.AppContext;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's log: each event is appended (fsynced) to {@code agents/<id>_active.jsonl}, broadcast as
 * {@code cortex.<event>} on the bus and handed to the run's listeners, in that order; {@code token} events go to the
 * listeners only. Once a {@code finish} or {@code error} is written nothing else is, and {@link #complete} renames
 * the file. A failed append is logged (the bus and the listeners still get the event), never thrown into the run.
 */
final class RunLog {
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String id;
    private final Journal journal;
    private final AppContext context;
    private final Clock clock;
    private final List<RunEvent> written = new ArrayList<>(); // guarded by this
    private final List<Consumer<RunEvent>> listeners = new CopyOnWriteArrayList<>();
    private final StringBuilder streamed = new StringBuilder(); // this turn's tokens so far; guarded by this
    private boolean ended; // guarded by this
    private final CompletableFuture<Boolean> claim;
    private long lastTs; // guarded by this

    /**
     * @param claim completes with whether the run's file was created by this run (its request line durable): events
     *              wait for it, and are dropped when it is false (another runner holds the id)
     */
    RunLog(String id, Journal journal, AppContext context, Clock clock, RunEvent request,
           CompletableFuture<Boolean> claim) {
        this.claim = claim;
        this.id = id;
        this.journal = journal;
        this.context = context;
        this.clock = clock;
        this.written.add(request);
        this.lastTs = request.ts();
    }

    String id() {
        return id;
    }

    /** Waits for the claim of the run's file: whether it is this run's. */
    boolean claimed() {
        return claim.join();
    }

    /**
     * Writes one event, once the run's file is claimed; ignored after the run's end or when the file is not this
     * run's. Returns the event written (or empty when ignored).
     */
    Optional<RunEvent> write(String event, Map<String, ?> fields) {
        return claimed() ? append(event, fields) : Optional.empty();
    }

    private synchronized Optional<RunEvent> append(String event, Map<String, ?> fields) {
        if (ended) {
            return Optional.empty();
        }
        long ts = Math.max(clock.millis(), lastTs);
        lastTs = ts;
        RunEvent e = new RunEvent(event, ts, id, plain(fields));
        ended = e.ends();
        streamed.setLength(0);
        written.add(e);
        try {
            journal.agents().append(id, toJournal(e));
        } catch (JournalException ex) {
            LOG.error("agent run {}: cannot append its {} event: {}", id, event, ex.getMessage());
        }
        Map<String, Object> bus = new LinkedHashMap<>(e.toMap());
        bus.remove("event");
        if (!context.emit("cortex", event, bus)) {
            LOG.debug("agent run {}: cortex.{} was not broadcast (bus down or busy)", id, event);
        }
        deliver(e);
        return Optional.of(e);
    }

    /** A piece of the streamed answer: to the listeners only (a late subscriber gets the turn's text so far). */
    synchronized void token(String text) {
        if (ended) {
            return;
        }
        streamed.append(text);
        deliver(new RunEvent("token", clock.millis(), id, Map.of("text", text)));
    }

    /** The events written so far (the request first), as the run's file holds them. */
    synchronized List<RunEvent> events() {
        return List.copyOf(written);
    }

    /** The name of the last event written (the request's {@code request} before any other). */
    synchronized String lastEvent() {
        return written.getLast().event();
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Renames the file to {@code agents/<id>.jsonl} (when it is this run's). */
    void complete() {
        if (!claimed()) {
            return;
        }
        try {
            journal.agents().complete(id);
        } catch (JournalException e) {
            LOG.error("agent run {}: cannot complete its log: {}", id, e.getMessage());
        }
    }

    /** Adds a listener after replaying what was written so far (atomically: nothing is missed or doubled). */
    synchronized void subscribe(Consumer<RunEvent> listener) {
        for (RunEvent e : written) {
            safely(listener, e);
        }
        if (!streamed.isEmpty()) {
            safely(listener, new RunEvent("token", clock.millis(), id, Map.of("text", streamed.toString())));
        }
        if (!ended) {
            listeners.add(listener);
        }
    }

    void unsubscribe(Consumer<RunEvent> listener) {
        listeners.remove(listener);
    }

    private void deliver(RunEvent e) {
        for (Consumer<RunEvent> l : listeners) {
            safely(l, e);
        }
        if (e.ends()) {
            listeners.clear();
        }
    }

    private void safely(Consumer<RunEvent> l, RunEvent e) {
        try {
            l.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("agent run {}: a listener failed on {}: {}", id, e.event(), ex.toString());
        }
    }

    static AgentEvent toJournal(RunEvent e) {
        Map<String, Object> rest = new LinkedHashMap<>(e.fields());
        rest.remove("event");
        rest.remove("ts");
        rest.remove("agent_id");
        return new AgentEvent(e.event(), OptionalLong.of(e.ts()), Optional.of(e.agentId()),
                Extra.parse(JSON.writeValueAsString(rest)));
    }

    static RunEvent fromJournal(String id, AgentEvent e) {
        return new RunEvent(e.event(), e.ts().orElse(0), e.agentId().orElse(id), e.fields().toMap());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, ?> fields) {
        return JSON.convertValue(fields, LinkedHashMap.class);
    }
}
