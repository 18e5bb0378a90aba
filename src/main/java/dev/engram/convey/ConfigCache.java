package dev.engram.convey;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code config/journal.json} as Convey reads it on every request: parsed once and kept until the file changes.
 * A change is noticed by a cheap stat (file key, i.e. the inode that a journal write's rename replaces, modification
 * time and size); a file modified within the last two seconds is re-read every time, because a second write within
 * the file system's timestamp granularity could otherwise look unchanged. A file that exists but cannot be read
 * throws {@link dev.engram.journal.UnreadableFileException} (answered 409, naming the file and the fix) instead of
 * looking like a journal without a password. Thread-safe.
 */
final class ConfigCache {
    private static final long RECENT_NANOS = 2_000_000_000L;
    private final Journal journal;
    private final Path file;
    private final AtomicLong loads = new AtomicLong();
    private volatile Entry entry;

    private record Stamp(Object key, long modifiedNanos, long size) {
    }

    private record Entry(Stamp stamp, JournalConfig config) {
    }

    ConfigCache(Journal journal) {
        this.journal = journal;
        this.file = journal.root().resolve("config").resolve("journal.json");
    }

    JournalConfig get() {
        Stamp now = stamp();
        Entry e = entry;
        if (e != null && now != null && now.equals(e.stamp()) && !recent(now)) {
            return e.config();
        }
        loads.incrementAndGet();
        // requireConfig: a journal.json that cannot be read is refused (409, naming it), never taken for "no password"
        JournalConfig config = journal.requireConfig();
        entry = new Entry(now, config);
        return config;
    }

    JournalConfig.ConveySettings convey() {
        return get().convey();
    }

    /** How often the file was parsed (for tests and diagnostics). */
    long loads() {
        return loads.get();
    }

    private static boolean recent(Stamp s) {
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        return nowNanos - s.modifiedNanos() < RECENT_NANOS;
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size());
        } catch (NoSuchFileException e) {
            return new Stamp("missing", 0, -1);
        } catch (IOException e) {
            return null;
        }
    }
}
