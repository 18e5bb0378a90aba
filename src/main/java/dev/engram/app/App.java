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

    /** Called once at shutdown, after event dispatch has stopped. */
    default void stop() {
    }
}
