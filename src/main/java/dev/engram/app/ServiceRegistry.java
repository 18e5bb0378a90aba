package dev.engram.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The typed registry: one implementation per interface ({@code registry.register(Searcher.class, lucene)}), looked up
 * by that interface ({@code service(Searcher.class)}). Filled by the composition root before start; thread-safe.
 */
public final class ServiceRegistry {
    private final Map<Class<?>, Object> byType = new LinkedHashMap<>(); // guarded by this

    /** Registers {@code impl} as the implementation of {@code type}; a second one is a {@link ServiceException}. */
    public synchronized <T> void register(Class<T> type, T impl) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(impl, "impl");
        if (!type.isInstance(impl)) {
            throw new IllegalArgumentException(impl.getClass().getName() + " is not a " + type.getName());
        }
        Object other = byType.get(type);
        if (other != null) {
            throw new ServiceException("a " + type.getSimpleName() + " is already registered ("
                    + other.getClass().getName() + "); register one implementation per type");
        }
        byType.put(type, impl);
    }

    /** The registered implementation of {@code type}; throws naming the type and what is registered when absent. */
    public <T> T service(Class<T> type) {
        return find(type).orElseThrow(() -> new ServiceException("no " + type.getName()
                + " is registered (registered: " + registered() + "); register it in the composition root (boot),"
                + " or use findService for an optional one"));
    }

    /** The registered implementation of {@code type}, if any. */
    public synchronized <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(Objects.requireNonNull(type, "type"))));
    }

    /** The registered types' simple names, in registration order, e.g. {@code [Scheduler, Searcher]}. */
    public synchronized String registered() {
        return byType.keySet().stream().map(Class::getSimpleName).collect(Collectors.joining(", ", "[", "]"));
    }
}
