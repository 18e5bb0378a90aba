package dev.engram.index;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code engram bench search} sees beside a query's wall and CPU time, to tell where wall time beyond the CPU
 * goes: bytes the search thread allocated, garbage-collection time and JIT compilation time of the whole JVM while it
 * ran, the thread's page faults (the mmapped index: minor faults map a cached page, major ones read the disk) and
 * the time it was runnable but waited for a core (Linux schedstat: the share of the wall time the machine's load and the
 * process's other threads took; the wall time left beyond CPU and that wait is time the thread was stopped or blocked:
 * GC pauses, safepoints, locks).
 * Per phase: the CPU every other thread of the process used meanwhile, by thread name (Linux {@code /proc}; the
 * JVM's own GC and compiler threads included), so nothing of the process's own runs unseen. Benchmarks only.
 */
final class QueryCosts {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();

    /**
     * One query's costs beside its wall time: allocated bytes, GC and JIT milliseconds, minor and major faults, and
     * nanoseconds waiting for a core.
     */
    record Sample(long allocated, long gcMillis, long jitMillis, long minorFaults, long majorFaults, long waitedNanos) {
        Sample minus(Sample o) {
            return new Sample(allocated - o.allocated, gcMillis - o.gcMillis, jitMillis - o.jitMillis,
                    minorFaults - o.minorFaults, majorFaults - o.majorFaults, waitedNanos - o.waitedNanos);
        }

        Sample withWaited(long nanos) {
            return new Sample(allocated, gcMillis, jitMillis, minorFaults, majorFaults, nanos);
        }

        String describe() {
            return String.format(Locale.ROOT, "waited for a core %6.2f ms, alloc %5.2f MB, GC %3d ms, JIT %3d ms,"
                    + " faults %d minor / %d major", waitedNanos / 1e6, allocated / 1e6, gcMillis, jitMillis,
                    minorFaults, majorFaults);
        }
    }

    private QueryCosts() {
    }

    /** The calling thread's costs so far (for {@link Sample#minus}). */
    static Sample now() {
        long gc = 0;
        for (GarbageCollectorMXBean b : GCS) {
            gc += Math.max(0, b.getCollectionTime());
        }
        var jit = ManagementFactory.getCompilationMXBean();
        long[] faults = faults(Path.of("/proc/thread-self/stat"));
        return new Sample(THREADS.getCurrentThreadAllocatedBytes(), gc,
                jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0,
                faults[0], faults[1], runQueueNanos());
    }

    /** The calling thread's nanoseconds runnable but not running so far (schedstat's second field), 0 without it. */
    static long runQueueNanos() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Minor and major faults from a {@code /proc/.../stat} line; zeros where there is no such file. */
    private static long[] faults(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])}; // fields 10 and 12 of proc(5)
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** CPU nanoseconds of each thread of this process, by thread name with digits dropped ("C2 CompilerThre#"). */
    static Map<String, Long> threadCpu() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    out.merge(name, ns, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or no schedstat: not counted
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The calling thread's name as {@link #threadCpu} shows it. */
    static String selfName() {
        try {
            return Files.readString(Path.of("/proc/thread-self/comm")).strip().replaceAll("[0-9]+", "#");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The threads that used CPU between two {@link #threadCpu} snapshots, busiest first, except {@code self}. */
    static String otherThreads(Map<String, Long> before, Map<String, Long> after, String self, int queries) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 1_000_000 && !e.getKey().equals(self))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e6 / queries))
                .collect(Collectors.joining(", "));
    }
}
