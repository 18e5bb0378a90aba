package dev.engram.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code <journal>/health/engram.json}: the services' health written by a running Engram (the way the bus writes
 * {@code health/callosum.json}), read by {@code engram status}. Written whole (temp file, fsync, rename).
 * Fields: {@code pid}, {@code running}, {@code started_ms}, {@code updated_ms}, {@code interval_ms}, then the
 * {@link HealthReport#toJson} fields. A snapshot not updated for {@link #STALE_INTERVALS} intervals means Engram is not
 * running (it was killed).
 */
public final class HealthFile {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthFile.class);
    /** A snapshot older than this many intervals is stale. */
    public static final int STALE_INTERVALS = 3;
    /** A health file larger than this is not read (1 MiB). */
    public static final long MAX_BYTES = 1 << 20;

    private HealthFile() {
    }

    /** {@code <journal>/health/engram.json}. */
    public static Path fileFor(Path journalRoot) {
        return journalRoot.resolve("health").resolve("engram.json");
    }

    static void write(Path file, HealthReport report, boolean running, long startedMillis, Duration interval) {
        ObjectNode o = HealthReport.JSON.createObjectNode();
        o.put("pid", ProcessHandle.current().pid());
        o.put("running", running);
        o.put("started_ms", startedMillis);
        o.put("updated_ms", report.atMillis());
        o.put("interval_ms", interval.toMillis());
        o.setAll(report.toJson());
        writeAtomically(file, HealthReport.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }

    /** Writes a small status file whole: temp file in the same folder, fsync, rename. */
    static void writeAtomically(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write failure below is what matters
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot, when the file exists and holds a JSON object; a file that exists but cannot be used is logged. */
    public static Optional<ObjectNode> read(Path file) {
        return read(file, problem -> LOG.warn("{}", problem));
    }

    /**
     * The snapshot, when the file exists and holds a JSON object. A file that exists but cannot be used (a link, over
     * {@link #MAX_BYTES}, unreadable, not a JSON object) is reported to {@code problems} with the file and the reason,
     * never taken silently for an absent one.
     */
    public static Optional<ObjectNode> read(Path file, Consumer<String> problems) {
        // not through a symbolic link (health files are journal files), and bounded: a status file is small
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            problems.accept(file + " is not a regular file (a link or a folder): ignored; remove it");
            return Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.accept(file + " is over " + MAX_BYTES + " bytes: ignored; remove it");
                return Optional.empty();
            }
            JsonNode n = HealthReport.JSON.readTree(file.toFile());
            if (n instanceof ObjectNode o) {
                return Optional.of(o);
            }
            problems.accept(file + " does not hold a JSON object: ignored; remove it");
        } catch (IOException | UncheckedIOException | JacksonException e) {
            problems.accept(file + " cannot be read (" + e.getMessage() + "): ignored; remove it");
        }
        return Optional.empty();
    }

    /** Whether the snapshot comes from a running Engram: {@code running} and updated within the stale bound. */
    public static boolean live(ObjectNode snapshot, long nowMillis) {
        long updated = snapshot.path("updated_ms").asLong(0);
        long interval = Math.max(1, snapshot.path("interval_ms").asLong(5000));
        return snapshot.path("running").asBoolean(false) && nowMillis - updated <= STALE_INTERVALS * interval;
    }
}
