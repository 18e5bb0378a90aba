package dev.engram.cortex.runs;

import dev.engram.app.AppContext;
import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.PersonaInfo;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.Agents.Status;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.Names;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agents} service and {@link Agents}: claims requests (from the Java API or {@code cortex.request} on the
 * bus, see {@link CortexApp}), runs each on its own virtual thread (at most {@code maxRunning} at once; more are
 * refused with {@code too_many_runs}, counted and shown in health), cancels, lists and reads runs. At start, any
 * {@code _active} log no run of this process owns (a crash, a kill) is closed with an {@code error} event and
 * completed, so nothing stays "running" forever (the reference refuses to start instead). At stop, running runs are
 * cancelled and given a few seconds to write their end.
 */
public final class Runs implements Agents, Service {
    public static final int DEFAULT_MAX_RUNNING = 4;
    static final long STOP_WAIT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
    private final AppContext context;
    private final Journal journal;
    private final Personas personas;
    private final Clock clock;
    private final int maxRunning;
    private final Semaphore slots;
    private final Map<String, Active> running = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong staleClosed = new AtomicLong();
    private final Execution execution;
    private final RunFiles files;

    /** What runs now: its log, its model loop once it has one, its thread. */
    static final class Active {
        final RunLog log;
        final Consumer<RunEvent> listener;
        volatile Run run;
        volatile boolean cancelled;
        volatile Thread thread;
        /** The run to start when this one has ended (its {@code handoff}): it takes over this run's slot. */
        volatile AgentRequest handoff;

        Active(RunLog log, Consumer<RunEvent> listener) {
            this.log = log;
            this.listener = listener;
        }
    }

    public Runs(AppContext context) {
        this(context, DEFAULT_MAX_RUNNING, Clock.systemDefaultZone());
    }

    public Runs(AppContext context, int maxRunning, Clock clock) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be at least 1, got " + maxRunning);
        }
        this.context = context;
        this.journal = context.journal();
        this.personas = new Personas(journal);
        this.clock = clock;
        this.maxRunning = maxRunning;
        this.slots = new Semaphore(maxRunning);
        this.execution = new Execution(context, personas, clock, this);
        this.files = new RunFiles(context, clock);
    }

    @Override
    public String name() {
        return "agents";
    }

    @Override
    public void start() {
        staleClosed.addAndGet(files.closeStale(running::containsKey));
    }

    @Override
    public void stop() {
        List<Active> all = new ArrayList<>(running.values());
        all.forEach(a -> cancel(a));
        long deadline = System.currentTimeMillis() + STOP_WAIT_MS;
        for (Active a : all) {
            Thread t = a.thread;
            long left = deadline - System.currentTimeMillis();
            if (t != null && left > 0) {
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public Health health() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("running", running.size());
        facts.put("max_running", maxRunning);
        facts.put("started", started.get());
        facts.put("failed", failed.get());
        facts.put("refused_too_many", refused.get());
        facts.put("stale_closed", staleClosed.get());
        Health h = refused.get() > 0 ? Health.degraded(refused.get() + " run(s) refused: "
                + maxRunning + " were running already") : Health.up(running.size() + " running");
        return h.withFacts(facts);
    }

    // ---- starting ----

    @Override
    public String start(AgentRequest request, Consumer<RunEvent> listener) {
        validate(request);
        if (!slots.tryAcquire()) {
            throw tooMany();
        }
        return claim(request, listener, id -> { });
    }

    /**
     * Claims a fresh id and launches the run on a slot already held (released here when claiming fails);
     * {@code claimed} is told the id before the run starts. Pipelined: the run's thread starts preparing (persona,
     * model, tools, instructions) while this thread creates its file (an exclusive create, fsynced); the run does
     * nothing visible (no event, no provider request, no {@code continue} line) before the claim is durable, and
     * nothing at all when the id turned out to be taken. The caller is answered after the claim, as before.
     */
    private String claim(AgentRequest request, Consumer<RunEvent> listener, Consumer<String> claimed) {
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                String id = nextId();
                RunEvent line = new RunEvent("request", Long.parseLong(id), id, RequestLine.fields(request));
                CompletableFuture<Boolean> claim = new CompletableFuture<>();
                RunLog log = new RunLog(id, journal, context, clock, line, claim);
                Active active = launch(id, request, log, listener);
                boolean ours = false;
                try {
                    ours = journal.agents().create(id, RunLog.toJournal(line));
                    if (ours) {
                        Map<String, Object> bus = new LinkedHashMap<>(line.toMap());
                        bus.remove("event");
                        context.emit("cortex", "request", bus);
                        claimed.accept(id);
                        if (listener != null) {
                            log.subscribe(listener);
                        }
                        return id;
                    }
                } finally {
                    if (!ours) {
                        running.remove(id, active);
                        started.decrementAndGet();
                    }
                    claim.complete(ours); // the run's thread goes on, or ends having done nothing
                }
            }
            throw new AgentException("internal_error", "could not claim a fresh run id in agents/");
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /**
     * A {@code cortex.request} from the bus: ignored without an {@code agent_id} or when that run exists; otherwise
     * claimed (exclusive create), then validated: a bad request or one over the limit ends at once with an
     * {@code error} event, as in the reference.
     */
    void onBusRequest(Map<String, Object> message) {
        Object idValue = message.get("agent_id");
        String id = idValue == null ? "" : String.valueOf(idValue);
        try {
            Names.agentId(id);
        } catch (InvalidNameException e) {
            LOG.warn("cortex.request ignored: its agent_id '{}' is missing or invalid (letters, digits, '-', '_')",
                    id);
            return;
        }
        if (running.containsKey(id) || journal.agents().status(id) != Status.NOT_FOUND) {
            return; // ours (the Java API broadcasts what it claimed) or claimed by another runner
        }
        Map<String, Object> fields = new LinkedHashMap<>(message);
        fields.remove("tract");
        fields.remove("event");
        fields.remove("agent_id");
        Object ts = fields.remove("ts");
        long requestTs = ts instanceof Number n ? n.longValue() : clock.millis();
        RunEvent line = new RunEvent("request", requestTs, id, fields);
        if (!journal.agents().create(id, RunLog.toJournal(line))) {
            return;
        }
        RunLog log = new RunLog(id, journal, context, clock, line, CompletableFuture.completedFuture(true));
        AgentRequest request;
        try {
            request = RequestLine.parse(fields);
            validate(request);
        } catch (RuntimeException e) {
            // a bad request, or a persona or thread file that cannot be read: the claimed run still ends with an
            // error event and is completed, never left _active
            failed.incrementAndGet();
            if (!(e instanceof AgentException)) {
                LOG.warn("cortex.request {} could not be prepared: {}", id, e.toString());
            }
            log.write("error", Map.of("error", e instanceof AgentException ? e.getMessage()
                    : "the request could not be prepared: " + e.getMessage()));
            log.complete();
            return;
        }
        if (!slots.tryAcquire()) {
            refused.incrementAndGet();
            log.write("error", Map.of("error", tooMany().getMessage()));
            log.complete();
            return;
        }
        launch(id, request, log, null);
    }

    /** Starts the run's thread; its log's claim decides whether it runs (see {@link #claim}). */
    private Active launch(String id, AgentRequest request, RunLog log, Consumer<RunEvent> listener) {
        Active active = new Active(log, listener);
        running.put(id, active);
        started.incrementAndGet();
        active.thread = Thread.ofVirtual().name("agent-" + id).start(() -> {
            try {
                execution.execute(id, request, active);
            } finally {
                if (log.claimed()) {
                    end(id, active);
                }
            }
        });
        return active;
    }

    private void end(String id, Active active) {
        RunLog log = active.log;
        if (!log.ended()) {
            log.write("error", Map.of("error", "the run ended without a finish event"));
        }
        if ("error".equals(log.lastEvent())) {
            failed.incrementAndGet();
        }
        log.complete();
        running.remove(id);
        AgentRequest next = active.handoff;
        if (next == null) {
            slots.release();
        } else {
            handOff(id, next, active.listener);
        }
    }

    /**
     * Starts the handoff run of {@code parentId} on the slot the parent held, so a handoff is never refused for lack
     * of room (the CLI runs one at a time). The parent's listener follows the child too; the parent's file gets an
     * {@code info} event naming the child, or saying why it could not start (then the listener gets an {@code error}).
     */
    private void handOff(String parentId, AgentRequest child, Consumer<RunEvent> listener) {
        try {
            validate(child);
        } catch (RuntimeException e) {
            slots.release();
            refuseHandoff(parentId, "the handoff could not start: " + e.getMessage(), listener);
            return;
        }
        try {
            // the parent's file names its child before the child runs (releases the slot when it throws)
            String childId = claim(child, listener, id -> note(parentId, Map.of("message", "handed off to run " + id,
                    "handoff_to", id)));
            LOG.info("agent run {} handed off to run {}", parentId, childId);
        } catch (RuntimeException e) {
            refuseHandoff(parentId, "the handoff could not start: " + e.getMessage(), listener);
        }
    }

    private void refuseHandoff(String parentId, String message, Consumer<RunEvent> listener) {
        LOG.warn("agent run {}: {}", parentId, message);
        note(parentId, Map.of("message", message));
        if (listener != null) {
            listener.accept(new RunEvent("error", clock.millis(), parentId, Map.of("error", message)));
        }
    }

    /** An {@code info} event appended to a completed run's file. */
    private void note(String id, Map<String, Object> fields) {
        try {
            journal.agents().appendCompleted(id, RunLog.toJournal(new RunEvent("info", clock.millis(), id, fields)));
        } catch (JournalException e) {
            LOG.warn("agent run {}: cannot note its handoff: {}", id, e.getMessage());
        }
    }

    private void validate(AgentRequest request) {
        RequestLine.check(request, personas, journal);
    }

    private AgentException tooMany() {
        refused.incrementAndGet();
        return new AgentException("too_many_runs", maxRunning + " agent runs are going already (the limit): wait"
                + " for one to end, or cancel one in the agents app");
    }

    /** A fresh id: epoch ms, strictly increasing in this process (as the reference's monotonic ts). */
    private String nextId() {
        long now = clock.millis();
        return Long.toString(lastId.updateAndGet(last -> Math.max(now, last + 1)));
    }

    // ---- cancelling, reading ----

    @Override
    public boolean cancel(String id) {
        Active a = running.get(id);
        return a != null && cancel(a);
    }

    private static boolean cancel(Active a) {
        a.cancelled = true;
        Run r = a.run;
        if (r != null) {
            r.cancel();
        }
        return true;
    }

    @Override
    public Optional<AgentRun> find(String id) {
        // a run going here is summarised from its log in memory (what its file holds), without reading the file:
        // the chat's stream route asks for every message
        Active a = running.get(id);
        return a != null ? Optional.of(Summaries.of(id, true, a.log.events())) : files.find(id, false);
    }

    @Override
    public boolean settled(String id) {
        return !running.containsKey(id); // removed only after the run's file was completed
    }

    @Override
    public List<AgentRun> list(LocalDate day) {
        return files.list(day, running::containsKey);
    }

    @Override
    public List<LocalDate> days() {
        return files.days();
    }

    @Override
    public List<RunEvent> events(String id) {
        return files.events(id);
    }

    @Override
    public Subscription subscribe(String id, Consumer<RunEvent> listener) {
        Active a = running.get(id);
        if (a != null) {
            a.log.subscribe(listener);
            return () -> a.log.unsubscribe(listener);
        }
        events(id).forEach(listener);
        return () -> { };
    }

    @Override
    public List<PersonaInfo> personas() {
        return personas.all().stream().map(Persona::info).toList();
    }

    /** Ids of the runs going in this process. */
    public List<String> runningIds() {
        return List.copyOf(running.keySet());
    }
}
