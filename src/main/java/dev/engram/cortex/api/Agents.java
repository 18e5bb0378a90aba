package dev.engram.cortex.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Agent runs (the reference's cortex, spec §6), found in the registry as {@code context.service(Agents.class)}: a
 * request becomes {@code agents/<id>_active.jsonl} (created exclusively, the request as line 1), its events
 * ({@code start}, {@code thinking}, {@code tool_start}, {@code tool_end}, {@code finish} or {@code error}) are appended
 * fsynced and broadcast as {@code cortex.<event>} on the bus, and the file is renamed to {@code agents/<id>.jsonl}
 * when the run ends. A {@code cortex.request} on the bus starts a run the same way.
 */
public interface Agents {

    /**
     * Claims and starts a run in the background and returns its id (epoch milliseconds as text, unique). Throws
     * {@link AgentException} when refused: an empty prompt, an unknown persona, a {@code continue_from} that is not
     * completed, too many runs at once ({@code reason_code} {@code too_many_runs}).
     */
    default String start(AgentRequest request) {
        return start(request, e -> { });
    }

    /**
     * As {@link #start(AgentRequest)}, with {@code listener} subscribed before the first event, so it sees every
     * event of the run (see {@link #subscribe}).
     */
    String start(AgentRequest request, Consumer<RunEvent> listener);

    /** A run's summary (running or completed), or empty when there is no such run. */
    Optional<AgentRun> find(String id);

    /**
     * Whether a run started here is over with its file completed ({@code agents/<id>.jsonl}, no longer
     * {@code _active}): a run's last event comes just before its file is renamed, so a caller about to exit waits for
     * this rather than for the event. True for a run that is not running here.
     */
    default boolean settled(String id) {
        return find(id).map(r -> r.state() != AgentRun.RunState.RUNNING).orElse(true);
    }

    /** The runs of one local day (by the time their id names), newest first. */
    List<AgentRun> list(LocalDate day);

    /** The days that have runs, newest first. */
    List<LocalDate> days();

    /** A run's whole log as written (the request first), or empty when there is no such run. */
    List<RunEvent> events(String id);

    /**
     * Asks a running run to stop: it ends with an {@code error} event "cancelled" and its file is completed. False
     * when no such run is running here.
     */
    boolean cancel(String id);

    /**
     * Delivers the run's events written so far, then each new one as it happens (on the run's thread: the listener
     * must return quickly and never throw), including in-process {@code token} events ({@code {text}}, the answer as
     * the model streams it; never written nor broadcast). After {@code finish} or {@code error} nothing more comes.
     * A completed run delivers its log at once; an unknown one nothing.
     */
    Subscription subscribe(String id, Consumer<RunEvent> listener);

    /** The personas a run may name (built-in ones, overridden by the owner's {@code <journal>/personas/}). */
    List<PersonaInfo> personas();

    /** Ends a {@link #subscribe} (idempotent). */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
