package dev.engram.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a long CLI run (files done of a total), on standard error. {@link Style#BAR}: one line redrawn in
 * place ({@code \r}) at most {@link #BAR_EVERY_MS} apart, with a bar, files/s and the ETA, ended with a newline by
 * {@link #finish()}; {@link Style#LINES}: a plain line at most every {@link #LINE_EVERY_MS} (for pipes and logs);
 * {@link Style#NONE}: nothing (e.g. {@code --json}). Runs shorter than {@link #QUIET_MS} show nothing. Not
 * thread-safe: one caller. The clock is injected (milliseconds) so tests fix it.
 */
final class ProgressLine {
    enum Style { BAR, LINES, NONE }

    static final long BAR_EVERY_MS = 200;
    static final long LINE_EVERY_MS = 5_000;
    static final long QUIET_MS = 1_000;
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private final Style style;
    private final String what;
    private final LongSupplier clockMs;
    private final long start;
    private long shown = -1;
    private boolean drawn;

    ProgressLine(PrintWriter err, Style style, String what, LongSupplier clockMs) {
        this.err = err;
        this.style = style;
        this.what = what;
        this.clockMs = clockMs;
        this.start = clockMs.getAsLong();
    }

    /** {@link Style#BAR} on a terminal, else {@link Style#LINES}; {@link Style#NONE} when {@code quiet}. */
    static Style auto(boolean quiet) {
        return quiet ? Style.NONE : terminal() ? Style.BAR : Style.LINES;
    }

    /** Whether this process talks to a terminal ({@code Console.isTerminal()} where the JDK has it, JDK 22+). */
    static boolean terminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    /** {@code done} of {@code total} so far. */
    void update(long done, long total) {
        long now = clockMs.getAsLong();
        long elapsed = now - start;
        if (style == Style.NONE || elapsed < QUIET_MS || total <= 0) {
            return;
        }
        long every = style == Style.BAR ? BAR_EVERY_MS : LINE_EVERY_MS;
        if (shown >= 0 && now - shown < every) {
            return;
        }
        shown = now;
        double rate = done * 1000.0 / Math.max(1, elapsed);
        String eta = rate > 0 ? duration((long) ((total - done) / rate)) : "?";
        if (style == Style.BAR) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
            err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %3d%% %.0f files/s ETA %s ", what, "#".repeat(filled),
                    "-".repeat(WIDTH - filled), done, total, 100 * done / total, rate, eta);
            drawn = true;
        } else {
            err.printf(Locale.ROOT, "%s: %d of %d files (%d%%), %.0f files/s, ETA %s%n", what, done, total,
                    100 * done / total, rate, eta);
        }
        err.flush();
    }

    /** Ends a drawn bar's line. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
                : seconds + "s";
    }
}
