package dev.engram.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process's JIT compiler threads and garbage-collector threads have used so far, read from
 * {@code /proc/self/task/<tid>/stat} (Linux; zeros elsewhere), so the start-up bench can tell the JIT's share of a
 * cold start from the index's own work. Threads that ended are not counted (the JVM's compiler and GC threads live as
 * long as the JVM).
 */
final class ThreadCpu {
    /** Seconds of CPU (user + system) of the compiler threads and of the GC threads. */
    record Split(double jit, double gc) {
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {
    }

    static Split now() {
        double jit = 0;
        double gc = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                double secs = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
                if (name.contains("CompilerThre")) {
                    jit += secs;
                } else if (name.startsWith("G1 ") || name.startsWith("GC ")) {
                    gc += secs;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Split(0, 0);
        }
        return new Split(jit, gc);
    }
}
