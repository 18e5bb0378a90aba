package dev.engram.convey;

import dev.engram.app.App;
import java.util.Optional;

/**
 * An app of the web UI: its {@link AppInfo} (icon, label, facet bar, date navigation), its routes under
 * {@code /app/<name>/}, its workspace template and optionally a background script loaded on every page.
 * Convey serves {@code GET /app/<name>/} (and {@code /app/<name>/<YYYYMMDD>} for date-navigating apps) itself: the
 * shell with the app's workspace inside.
 */
public interface ConveyApp extends App {
    AppInfo info();

    /** Registers the app's own routes (JSON APIs, files) under {@code /app/<name>}. */
    default void routes(AppRoutes routes) {
    }

    /**
     * The JTE template (path under {@code src/main/jte}) rendered inside the shell, with exactly one parameter
     * {@code @param dev.engram.convey.Page page}.
     */
    default String workspaceTemplate() {
        return "apps/" + name() + "/workspace.jte";
    }

    /**
     * Whether the app has an entry in the menu (default true); an app that only serves a protocol under its
     * {@code /app/<name>/} (e.g. the observers' ingest) returns false.
     */
    default boolean inMenu() {
        return true;
    }

    /** URL of a script loaded on every page (badges, notifications), e.g. {@code /static/apps/todos/background.js}. */
    default Optional<String> backgroundScript() {
        return Optional.empty();
    }
}
