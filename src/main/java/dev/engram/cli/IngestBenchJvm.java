package dev.engram.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM's memory management did during a timed phase, measured in the bench's own process: bytes allocated
 * (whole process and by thread group, from the JVM's per-thread allocation counters) and the collector's pauses
 * (count, total, longest, how many over 10 ms, from the GC notifications). Both change little with the machine's load,
 * unlike wall-clock latency, so they compare builds and GC settings on a shared machine. Not thread-safe: one bench
 * thread starts and stops it.
 */
final class IngestBenchJvm implements AutoCloseable {
    /** Pauses in a timed phase: all collectors together; {@code byCollector} is "name count/total ms". */
    record Pauses(long count, double totalMs, double longestMs, long over10Ms, Map<String, String> byCollector) {
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalMicros = new AtomicLong();
    private final AtomicLong longestMicros = new AtomicLong();
    private final AtomicLong over10 = new AtomicLong();
    private final Map<String, long[]> byCollector = new LinkedHashMap<>();
    private final List<Runnable> removers = new ArrayList<>();
    private volatile boolean recording;
    private long allocatedAtStart;
    private Map<String, Long> groupsAtStart = Map.of();

    IngestBenchJvm() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // every bean left times stop-the-world pauses (G1 young/mixed, "G1 Concurrent GC" = remark and
            // cleanup, full GCs; "ZGC ... Pauses"); the "... Cycles" beans (ZGC) time whole concurrent cycles
            if (gc.getName().endsWith("Cycles") || !(gc instanceof NotificationEmitter emitter)) {
                continue;
            }
            long[] slot = new long[2];
            byCollector.put(gc.getName(), slot);
            NotificationListener l = (n, hb) -> {
                if (!recording || !n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long micros = info.getGcInfo().getDuration() * 1000;
                synchronized (slot) {
                    slot[0]++;
                    slot[1] += micros;
                }
                count.incrementAndGet();
                totalMicros.addAndGet(micros);
                longestMicros.accumulateAndGet(micros, Math::max);
                if (micros > 10_000) {
                    over10.incrementAndGet();
                }
            };
            emitter.addNotificationListener(l, null, null);
            removers.add(() -> {
                try {
                    emitter.removeNotificationListener(l);
                } catch (Exception ignored) {
                    // the bench is ending anyway
                }
            });
        }
    }

    void start() {
        allocatedAtStart = threads.getTotalThreadAllocatedBytes();
        groupsAtStart = allocatedByGroup();
        recording = true;
    }

    /** Stops counting pauses and returns them. */
    Pauses stop() {
        recording = false;
        Map<String, String> each = new LinkedHashMap<>();
        byCollector.forEach((name, slot) -> {
            synchronized (slot) {
                if (slot[0] > 0) {
                    each.put(name, slot[0] + " / " + String.format("%.0f ms", slot[1] / 1000.0));
                }
            }
        });
        return new Pauses(count.get(), totalMicros.get() / 1000.0, longestMicros.get() / 1000.0, over10.get(), each);
    }

    /** Bytes allocated by the whole process since {@link #start} (threads that ended meanwhile included). */
    long allocatedSinceStart() {
        return threads.getTotalThreadAllocatedBytes() - allocatedAtStart;
    }

    /** Bytes allocated since {@link #start} by the live threads, by thread group (as {@link CpuMeter#group}). */
    Map<String, Long> allocatedByGroupSinceStart() {
        Map<String, Long> now = allocatedByGroup();
        Map<String, Long> diff = new HashMap<>();
        now.forEach((g, b) -> diff.put(g, b - groupsAtStart.getOrDefault(g, 0L)));
        return diff;
    }

    private Map<String, Long> allocatedByGroup() {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> by = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && bytes[i] > 0) {
                by.merge(CpuMeter.group(infos[i].getThreadName()), bytes[i], Long::sum);
            }
        }
        return by;
    }

    @Override
    public void close() {
        removers.forEach(Runnable::run);
    }
}
