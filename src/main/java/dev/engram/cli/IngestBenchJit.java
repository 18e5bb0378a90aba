package dev.engram.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingStream;

/**
 * What the JIT compilers did during a timed phase, from JFR's {@code jdk.Compilation} and {@code jdk.Deoptimization}
 * events streamed in the bench's own process (only these two events are enabled, so the recording costs little):
 * compilations by tier with their compile time, deoptimizations by reason, and the methods compiled or deoptimized
 * most often. The C2 compiler's CPU per upload says how much; these say why (a method compiled again and again after
 * a deoptimization, or first compiles of big methods late in a run). When JFR cannot start (a JVM that is writing its
 * class data sharing archive disables it) {@link #start} says why and the summary is empty. Not thread-safe beyond
 * JFR's own delivery thread: one bench thread starts and stops it.
 */
final class IngestBenchJit implements AutoCloseable {
    private final Map<Integer, long[]> byTier = new HashMap<>(); // tier -> {count, compile nanos}
    private final Map<String, Integer> compiledMethods = new HashMap<>();
    private final Map<String, Integer> compileMillis = new HashMap<>(); // tier-4 compile time by method
    private final Map<String, Integer> deoptReasons = new HashMap<>();
    private final Map<String, Integer> deoptMethods = new HashMap<>();
    private java.time.Instant since = java.time.Instant.MIN;
    private RecordingStream stream;
    private String unavailable = "";

    /** Starts listening; returns false (and {@link #summary} says why) when JFR is not available. */
    boolean start() {
        try {
            stream = new RecordingStream();
            stream.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            stream.enable("jdk.Deoptimization").withStackTrace();
            stream.onEvent("jdk.Compilation", this::compiled);
            stream.onEvent("jdk.Deoptimization", this::deoptimized);
            stream.startAsync();
            return true;
        } catch (RuntimeException | LinkageError e) {
            unavailable = "JIT events unavailable (" + e.getMessage() + ")";
            stream = null;
            return false;
        }
    }

    /** Forgets what was heard so far and ignores events that started before now (delivery lags up to a second). */
    synchronized void clear() {
        since = java.time.Instant.now();
        byTier.clear();
        compiledMethods.clear();
        compileMillis.clear();
        deoptReasons.clear();
        deoptMethods.clear();
    }

    /** Stops listening; every event of the phase has been delivered when it returns. */
    void stop() {
        if (stream != null) {
            stream.stop();
            // (the delivery thread has handed over every event recorded until now)
        }
    }

    private synchronized void compiled(RecordedEvent e) {
        if (e.getStartTime().isBefore(since)) {
            return;
        }
        int tier = e.getInt("compileLevel");
        long[] slot = byTier.computeIfAbsent(tier, t -> new long[2]);
        slot[0]++;
        slot[1] += e.getDuration().toNanos();
        compiledMethods.merge(name(e.getValue("method")) + (e.getBoolean("isOsr") ? " (OSR)" : "") + " t" + tier, 1,
                Integer::sum);
        if (tier == 4) {
            compileMillis.merge(name(e.getValue("method")), (int) e.getDuration().toMillis(), Integer::sum);
        }
    }

    private synchronized void deoptimized(RecordedEvent e) {
        if (e.getStartTime().isBefore(since)) {
            return;
        }
        deoptReasons.merge(e.getString("reason") + "/" + e.getString("action"), 1, Integer::sum);
        String where = name(e.getValue("method")) + " @" + e.getInt("bci") + " " + e.getString("reason");
        deoptMethods.merge(where, 1, Integer::sum);
    }

    private static String name(Object m) {
        if (m instanceof RecordedMethod rm) {
            String type = rm.getType().getName();
            return type.substring(type.lastIndexOf('.') + 1) + "::" + rm.getName();
        }
        return "?";
    }

    /**
     * One paragraph: compilations by tier (count, compile ms), deoptimizations by reason/action, and the {@code top}
     * methods compiled and deoptimized most often; per upload where it helps compare runs.
     */
    synchronized String summary(long uploads, int top) {
        if (stream == null) {
            return unavailable;
        }
        long count = byTier.values().stream().mapToLong(s -> s[0]).sum();
        String tiers = byTier.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(t -> String.format("tier %d: %d (%.0f ms)", t.getKey(), t.getValue()[0], t.getValue()[1] / 1e6))
                .collect(Collectors.joining(", "));
        long deopts = deoptReasons.values().stream().mapToLong(Integer::longValue).sum();
        return String.format("compilations %d (one per %.1f uploads; %s); deoptimizations %d (%s)%n"
                        + "    compiled most: %s%n    longest C2 compiles (ms of wall time): %s%n    deoptimized most: %s", count,
                count == 0 ? 0.0 : (double) uploads / count, tiers.isEmpty() ? "none" : tiers, deopts,
                topOf(deoptReasons, 6), topOf(compiledMethods, top), topOf(compileMillis, top, " "),
                topOf(deoptMethods, top));
    }

    private static String topOf(Map<String, Integer> m, int top) {
        return topOf(m, top, " x");
    }

    private static String topOf(Map<String, Integer> m, int top, String before) {
        String s = m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .map(e -> e.getKey() + before + e.getValue()).collect(Collectors.joining("; "));
        return s.isEmpty() ? "none" : s;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
