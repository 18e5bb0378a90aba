package dev.engram.cli;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * One chat bench message's timeline, in ms from the moment its POST was sent: the ask answered (201), the run claimed
 * (its {@code request} event's {@code ts}) and started ({@code start}'s; both epoch ms, so ±1 ms), the provider handed
 * the request (headers) and its body read; then from the provider's first flushed token: Engram's run got it, and the
 * client's {@code token} event. Plus this JVM's GC time and JIT compile time during the message (the bench, Engram
 * and the emulated provider share the process), so the slowest messages show what they waited for.
 */
record ChatSample(ChatBench.Timing t, ChatProviderEmulator.Served s, long engramTokenNanos, long gcMs, long jitMs) {

    double total() {
        return ms(t.firstTokenNanos() - t.sentNanos());
    }

    double providerMs() {
        return s.providerMs();
    }

    double toProvider() {
        return ms(s.arrivedNanos() - t.sentNanos());
    }

    double afterProvider() {
        return ms(t.firstTokenNanos() - s.firstTokenNanos());
    }

    double overhead() {
        return total() - providerMs();
    }

    /** The row: overhead, ask answered, claimed, start, provider got it, body read, token in Engram, client event. */
    double[] row() {
        double engram = engramTokenNanos == 0 ? Double.NaN : ms(engramTokenNanos - s.firstTokenNanos());
        return new double[] {overhead(), ms(t.answeredNanos() - t.sentNanos()),
                t.requestTs() == 0 ? Double.NaN : t.requestTs() - t.sentEpochMs(),
                t.startTs() == 0 ? Double.NaN : t.startTs() - t.sentEpochMs(),
                ms(s.receivedNanos() - t.sentNanos()), toProvider(), engram, engramTokenNanos == 0 ? Double.NaN
                : ms(t.firstTokenNanos() - engramTokenNanos), gcMs, jitMs};
    }

    private static final String HEAD = "  %-10s %8s %7s %7s %7s %8s %7s | %7s %7s | %6s %6s%n";
    private static final String ROW = "  %-10s %8.1f %7.1f %7.0f %7.0f %8.1f %7.1f | %7.1f %7.1f | %6.0f %6.0f%n";

    /** The slowest 5 % of the messages by overhead (at least one), each with its timeline, below the medians. */
    static void printTail(PrintWriter out, ChatSample[] samples) {
        int n = Math.max(1, (int) Math.ceil(samples.length * 0.05));
        out.printf(Locale.ROOT, "per message (ms from the POST; then from the provider's first token; GC and JIT"
                + " of this JVM during the message), the median and the slowest %d:%n", n);
        out.printf(Locale.ROOT, HEAD, "", "overhead", "ask201", "claimed", "start", "prov.got", "body", "engram",
                "client", "GC", "JIT");
        double[][] rows = Arrays.stream(samples).map(ChatSample::row).toArray(double[][]::new);
        double[] median = new double[rows[0].length];
        for (int c = 0; c < median.length; c++) {
            int col = c;
            median[c] = ChatBench.percentile(Arrays.stream(rows).mapToDouble(r -> r[col]).filter(v -> !Double.isNaN(v))
                    .toArray(), 0.5);
        }
        out.printf(Locale.ROOT, ROW, row("median", median));
        Integer[] order = new Integer[samples.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> rows[i][0]).reversed());
        for (int i = 0; i < n; i++) {
            out.printf(Locale.ROOT, ROW, row("message " + order[i], rows[order[i]]));
        }
    }

    private static Object[] row(String label, double[] values) {
        Object[] out = new Object[values.length + 1];
        out[0] = label;
        for (int i = 0; i < values.length; i++) {
            out[i + 1] = values[i];
        }
        return out;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** This JVM's GC time so far (all collectors, pauses and concurrent cycles as each reports them). */
    static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** This JVM's JIT compile time so far (0 when not supported). */
    static long jitMillis() {
        var c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }
}
