package dev.engram.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process and of its Java threads grouped by name (digits stripped: {@code journal-changes-3} ->
 * {@code journal-changes}; Linux cuts names at 15 characters), between two {@link #snapshot()}s: the load-independent
 * cost of a benchmark, whatever else the machine runs. A thread that ended between the snapshots counts in the process
 * time only. Linux counts thread time in 10 ms ticks: meaningful over a run of seconds. Also reads the load average, to print next to every number.
 */
final class CpuMeter {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU nanoseconds of the process and of each live thread (by id), and each thread's group name. */
    record Snapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> groups,
                    Map<Long, Long> threadSysNanos) {
    }

    /**
     * Now: from {@code /proc/self/task} on Linux, so the JVM's own threads (GC, JIT compilers) are named too; elsewhere
     * the live Java threads.
     */
    Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> sys = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            long tick = 10_000_000L; // USER_HZ is 100 on Linux
            try (var s = Files.list(tasks)) {
                for (Path t : s.toList()) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long id = Long.parseLong(t.getFileName().toString());
                        cpu.put(id, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick);
                        sys.put(id, Long.parseLong(f[12]) * tick);
                        names.put(id, group(Files.readString(t.resolve("comm")).strip()));
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                // fall through to the Java threads
            }
        }
        if (cpu.isEmpty()) {
            long[] ids = threads.getAllThreadIds();
            long[] times = threads.getThreadCpuTime(ids);
            ThreadInfo[] infos = threads.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                if (times[i] >= 0 && infos[i] != null) {
                    cpu.put(ids[i], times[i]);
                    names.put(ids[i], group(infos[i].getThreadName()));
                }
            }
        }
        return new Snapshot(os.getProcessCpuTime(), cpu, names, sys);
    }

    /** The group of the process's time not accounted to a thread alive at the last snapshot. */
    static final String ENDED = "(ended threads)";

    /** The process's CPU milliseconds between two snapshots. */
    static double processMillis(Snapshot from, Snapshot to) {
        return (to.processNanos() - from.processNanos()) / 1e6;
    }

    /**
     * CPU milliseconds per thread group between two snapshots, largest first; {@code "(ended threads)"} is the
     * process's time not accounted to a thread alive at the end.
     */
    static Map<String, Double> byGroup(Snapshot from, Snapshot to) {
        Map<String, Double> sums = new TreeMap<>();
        double threadsMs = 0;
        for (Map.Entry<Long, Long> e : to.threadNanos().entrySet()) {
            double ms = (e.getValue() - from.threadNanos().getOrDefault(e.getKey(), 0L)) / 1e6;
            if (ms > 0) {
                sums.merge(to.groups().get(e.getKey()), ms, Double::sum);
                threadsMs += ms;
            }
        }
        sums.put(ENDED, Math.max(0, processMillis(from, to) - threadsMs));
        return largestFirst(sums);
    }

    /**
     * {@code groups} (of {@link #byGroup}) with {@code ms} of the ended threads' time shown as group {@code name}: the
     * time of threads that ended before the last snapshot and whose CPU their owner measured (the bench's clients).
     */
    static Map<String, Double> endedAs(Map<String, Double> groups, String name, double ms) {
        Map<String, Double> out = new TreeMap<>(groups);
        double shown = Math.min(ms, out.getOrDefault(ENDED, 0.0));
        out.merge(name, shown, Double::sum);
        out.put(ENDED, out.getOrDefault(ENDED, 0.0) - shown);
        return largestFirst(out);
    }

    private static Map<String, Double> largestFirst(Map<String, Double> sums) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Of {@link #byGroup}: the part spent in the kernel (system time: writes, fsyncs, renames, sockets), Linux only. */
    static Map<String, Double> kernelByGroup(Snapshot from, Snapshot to) {
        Map<String, Double> sums = new TreeMap<>();
        for (Map.Entry<Long, Long> e : to.threadSysNanos().entrySet()) {
            double ms = (e.getValue() - from.threadSysNanos().getOrDefault(e.getKey(), 0L)) / 1e6;
            if (ms > 0) {
                sums.merge(to.groups().get(e.getKey()), ms, Double::sum);
            }
        }
        return sums;
    }

    static String group(String threadName) {
        String g = threadName.replaceAll("[-# ]*\\d*$", "");
        return g.matches("pool-\\d+-thread") ? "pool-N-thread" : g;
    }

    /** The 1-minute load average, or -1 where /proc/loadavg cannot be read. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
