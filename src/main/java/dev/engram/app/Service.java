package dev.engram.app;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A long-running part of Engram (the bus, the dispatcher, the web UI, an index, an agent runner) whose start and stop
 * the {@link Lifecycle} owns. Services find each other through the typed {@link ServiceRegistry} (an app calls
 * {@code context.service(Searcher.class)}), not over the bus.
 *
 * <p>Rules: {@link #start} runs once, on the lifecycle's thread, after every service named in {@link #dependsOn} has
 * started; it throws when the service cannot run (the lifecycle then stops what had started). {@link #stop} runs once
 * after a successful start, in reverse start order, and should release everything even when parts of it fail (it may
 * throw; the lifecycle goes on with the others and reports every failure). {@link #health} may be called from any
 * thread at any time (also before start and after stop) and must return quickly without blocking.
 */
public interface Service {
    /** A unique name: lowercase letters, digits, '_' and '-' (e.g. {@code callosum}, {@code apps}). */
    String name();

    void start();

    void stop();

    Health health();

    /** Names of the services that must start before this one (and stop after it). */
    default List<String> dependsOn() {
        return List.of();
    }

    /**
     * A service made of parts, for adapting classes that are not services themselves (the composition root uses it
     * for the bus server and client).
     */
    static Service of(String name, List<String> dependsOn, Runnable start, Runnable stop, Supplier<Health> health) {
        Objects.requireNonNull(name, "name");
        List<String> deps = List.copyOf(dependsOn);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(health, "health");
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public Health health() {
                return health.get();
            }

            @Override
            public List<String> dependsOn() {
                return deps;
            }

            @Override
            public String toString() {
                return "Service[" + name + "]";
            }
        };
    }
}
