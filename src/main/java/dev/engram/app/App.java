package dev.engram.app;

/**
 * An Engram app: a named part with a lifecycle that may react to bus events with {@link OnEvent} methods. Built-in
 * apps are listed explicitly in the composition root; external app jars are found with {@link java.util.ServiceLoader}.
 * Web apps extend this with their pages (see the convey package).
 */
public interface App {
    /** The app's name: lowercase letters, digits and '_', starting with a letter (e.g. {@code todos}). */
    String name();

    /** Called once after the app is registered, before any event reaches it. */
    default void start(AppContext context) {
    }

    /**
     * Called when the app's event lane was full and {@code count} events for it were dropped since it was last told
     * (they are also counted, logged and announced as a {@code health/notice} bus event). Runs on the app's lane
     * thread between two events, so it must return quickly; a reaction is e.g. a full re-read of what the events
     * would have announced.
     */
    default void eventsDropped(long count) {
    }

    /** Called once at shutdown, after event dispatch has stopped. */
    default void stop() {
    }
}
