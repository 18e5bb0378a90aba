package dev.engram.observe.tmux;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Segments waiting for upload, on disk: {@code <dir>/<day>_<segment>/<files>}. A segment is written into a hidden
 * temporary folder, every file fsynced, then renamed into place, so a crash leaves a whole segment or none (leftover
 * temporary folders are removed at open). Bounded by a segment count and a byte total: a segment over the bound is
 * refused with a message, never dropped silently. Segments the server refused for good move to {@code rejected/}
 * with the reason beside them. Thread-safe.
 */
final class UploadQueue {
    static final int MAX_SEGMENTS = 10_000;
    static final long MAX_BYTES = 1024L * 1024 * 1024;
    static final long MAX_FILE = 256L * 1024 * 1024;

    private final Path dir;
    private final int maxSegments;
    private final long maxBytes;

    UploadQueue(Path dir, int maxSegments, long maxBytes) {
        this.dir = dir;
        this.maxSegments = maxSegments;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the upload queue " + dir + ": " + e.getMessage()
                    + "; choose a writable --journal", e);
        }
    }

    Path dir() {
        return dir;
    }

    synchronized void put(ObservedSegment s) {
        List<Entry> pending = entries();
        long bytes = pending.stream().mapToLong(Entry::bytes).sum();
        if (pending.size() >= maxSegments || bytes + size(s) > maxBytes) {
            throw new IllegalStateException("the upload queue " + dir + " is full (" + pending.size()
                    + " segments, " + bytes + " bytes; at most " + maxSegments + " and " + maxBytes + "): segment "
                    + s.id() + " is not kept; the server has been unreachable too long, check --remote");
        }
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectory(tmp);
            for (Map.Entry<String, byte[]> f : s.files().entrySet()) {
                try (FileChannel ch = FileChannel.open(tmp.resolve(f.getKey()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.wrap(f.getValue());
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(true);
                }
            }
            sync(tmp);
            Files.move(tmp, dir.resolve(name(s)), StandardCopyOption.ATOMIC_MOVE);
            sync(dir);
        } catch (IOException e) {
            deleteTree(tmp);
            throw new IllegalStateException("cannot queue segment " + s.id() + " in " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** One queued segment by its folder and size, without its content (a long outage queues up to a GiB). */
    record Entry(Path folder, Day day, SegmentKey key, long bytes) {
    }

    /**
     * The queued segments, newest first (uploaded in that order, as the reference observer does), by name and size
     * only: {@link #load} reads one segment's files just before it is uploaded.
     */
    synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                entry(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the upload queue " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Entry o) -> o.day().key()).thenComparing(o -> o.key().key()).reversed());
        return out;
    }

    /** A queued segment's files, or empty when it is gone (uploaded and removed meanwhile) or holds none. */
    synchronized Optional<ObservedSegment> load(Entry e) {
        return Files.isDirectory(e.folder()) ? read(e) : Optional.empty();
    }

    private Optional<Entry> entry(Path p) throws IOException {
        String n = p.getFileName().toString();
        int cut = n.indexOf('_');
        Optional<Day> day = cut == 8 ? Day.tryParse(n.substring(0, 8)) : Optional.empty();
        Optional<SegmentKey> key = cut == 8 ? SegmentKey.tryParse(n.substring(9)) : Optional.empty();
        if (day.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        long bytes = 0;
        try (Stream<Path> s = Files.list(p)) {
            for (Path f : s.toList()) {
                bytes += Files.size(f);
            }
        }
        return Optional.of(new Entry(p, day.get(), key.get(), bytes));
    }

    synchronized void remove(ObservedSegment s) {
        deleteTree(dir.resolve(name(s)));
    }

    /** Moves a segment the server refused for good to {@code rejected/}, with the reason in {@code reason.txt}. */
    synchronized void reject(ObservedSegment s, String reason) {
        Path target = dir.getParent().resolve(dir.getFileName() + "-rejected").resolve(name(s));
        try {
            Files.createDirectories(target.getParent());
            Files.move(dir.resolve(name(s)), target, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(target.resolve("reason.txt"), reason + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot set aside refused segment " + s.id() + ": " + e.getMessage(), e);
        }
    }

    private static String name(ObservedSegment s) {
        return s.day().key() + "_" + s.key().key();
    }

    private Optional<ObservedSegment> read(Entry e) {
        Path p = e.folder();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(p)) {
            for (Path f : s.sorted().toList()) {
                if (Files.size(f) > MAX_FILE) {
                    throw new IOException(f + " is larger than " + MAX_FILE + " bytes");
                }
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException x) {
            throw new IllegalStateException("cannot read queued segment " + p + ": " + x.getMessage(), x);
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(new ObservedSegment(e.day(), e.key(), files));
    }

    private static long size(ObservedSegment s) {
        return s.files().values().stream().mapToLong(b -> b.length).sum();
    }

    private static void sync(Path folder) throws IOException {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
