package dev.engram.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code --debug} and {@code --verbose}, accepted by every command. */
final class GlobalOptions {
    private static volatile boolean debug;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Log at debug level and print stack traces of failures.")
    void setDebug(boolean on) {
        debug = on;
        if (on) {
            level(Level.DEBUG);
        }
    }

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at info level.")
    void setVerbose(boolean on) {
        if (on && !debug) {
            level(Level.INFO);
        }
    }

    static boolean debug() {
        return debug;
    }

    /** Each run starts without --debug (matters when several commands run in one JVM, as in tests). */
    static void reset() {
        debug = false;
    }

    private static void level(Level level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
    }
}
