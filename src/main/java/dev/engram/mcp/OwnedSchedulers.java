package dev.engram.mcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Reactor schedulers a part of the MCP SDK creates for itself while it is being built, owned from then on by the
 * service that built it and disposed when that service stops.
 *
 * <p>Why: the SDK's streamable HTTP transport (2.1) starts its session sweeper on a scheduler of its own
 * ({@code Schedulers.newSingle}, a non-daemon thread) and never disposes it, not even in {@code closeGracefully}.
 * Every start of the MCP service in one JVM would leave one idle thread behind that keeps the JVM from exiting.
 *
 * <p>How: one executor-service decorator, registered with Reactor once under {@link #KEY}, notes each scheduler that
 * is started on a thread inside {@link #capture}; Reactor's shared schedulers ({@code boundedElastic},
 * {@code parallel}, {@code single}), which the SDK also uses, are never taken. Outside {@link #capture} the decorator
 * only looks at a thread-local. Thread-safe: a capture is confined to its thread, {@link #close} may run on any.
 */
final class OwnedSchedulers implements AutoCloseable {
    static final String KEY = "engram-mcp-owned-schedulers";
    private static final ThreadLocal<List<Scheduler>> STARTING = new ThreadLocal<>();

    static {
        Schedulers.setExecutorServiceDecorator(KEY, (scheduler, executor) -> {
            List<Scheduler> into = STARTING.get();
            if (into != null) {
                into.add(scheduler);
            }
            return executor;
        });
    }

    private final List<Scheduler> owned = Collections.synchronizedList(new ArrayList<>());

    /** Runs {@code build} on this thread and takes ownership of every non-shared scheduler it started. */
    <T> T capture(Supplier<T> build) {
        List<Scheduler> started = new ArrayList<>();
        STARTING.set(started); // one capture per build: nothing builds a transport while building one
        try {
            return build.get();
        } finally {
            STARTING.remove();
            Set<Scheduler> shared = shared();
            for (Scheduler s : started) {
                if (!shared.contains(s)) {
                    owned.add(s);
                }
            }
        }
    }

    /** The schedulers owned (for tests). */
    List<Scheduler> owned() {
        synchronized (owned) {
            return List.copyOf(owned);
        }
    }

    /** Disposes every owned scheduler, ending its threads; never throws, and a second close does nothing. */
    @Override
    public void close() {
        for (Scheduler s : owned()) {
            s.dispose();
        }
    }

    /** Reactor's shared schedulers, as the schedulers that start executors (the cached wrappers' insides). */
    private static Set<Scheduler> shared() {
        Set<Scheduler> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Scheduler s : List.of(Schedulers.boundedElastic(), Schedulers.parallel(), Schedulers.single())) {
            out.add(s);
            if (s instanceof Supplier<?> cached && cached.get() instanceof Scheduler inside) {
                out.add(inside);
            }
        }
        return out;
    }
}
