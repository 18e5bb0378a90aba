package dev.engram.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code --debug} and {@code --verbose}, accepted by every command. The flag belongs to the thread running the command
 * line, and a changed log level lasts until {@link #reset} ends the run: several command lines run in one JVM in the
 * tests, side by side, and one's {@code --debug} must not show another's stack traces, or leave every later test
 * logging at debug level.
 */
final class GlobalOptions {
    private static final ThreadLocal<Boolean> DEBUG = ThreadLocal.withInitial(() -> false);
    /** The root logger's level before a run changed it (null: unchanged), restored by {@link #reset}. */
    private static Level before;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Log at debug level and print stack traces of failures.")
    void setDebug(boolean on) {
        DEBUG.set(on);
        if (on) {
            level(Level.DEBUG);
        }
    }

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at info level.")
    void setVerbose(boolean on) {
        if (on && !debug()) {
            level(Level.INFO);
        }
    }

    static boolean debug() {
        return DEBUG.get();
    }

    /** Ends a run: no --debug on this thread, and the root logger's level as it was before any run changed it. */
    static synchronized void reset() {
        DEBUG.remove();
        if (before != null && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(before);
            before = null;
        }
    }

    private static synchronized void level(Level level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            if (before == null) {
                before = root.getLevel();
            }
            root.setLevel(level);
        }
    }
}
