package dev.engram.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shared internals of one open journal: its root, how durable writes are, the per-file write locks and the
 * warning sink. Every path goes through {@link #path}, which refuses anything outside the root.
 */
final class Store {
    final Path root;
    final Durability durability;
    final WarningSink sink;
    final FileLocks locks;
    /** The change feed, shared by every Store derived from one open journal. */
    final JournalChanges changes;

    Store(Path root, Durability durability, WarningSink sink, FileLocks locks, JournalChanges changes) {
        this.root = root;
        this.durability = durability;
        this.sink = sink;
        this.locks = locks;
        this.changes = changes;
    }

    Store with(Durability d, WarningSink s) {
        return new Store(root, d, s, locks, changes);
    }

    /** Joins already-validated path parts under the root; refuses a result outside it. */
    Path path(String... parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        Path normalized = p.normalize();
        if (!normalized.startsWith(root)) {
            throw new InvalidNameException("refusing path outside the journal: " + String.join("/", parts));
        }
        return normalized;
    }

    /** The path relative to the root, with '/' separators, for messages and warnings. */
    String rel(Path p) {
        Path r = root.relativize(p.toAbsolutePath().normalize());
        return r.toString().replace('\\', '/');
    }

    // ---- JSON documents (whole-file, atomic) ----

    Optional<ObjectNode> readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = JsonLines.readText(file);
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode o) {
                return Optional.of(o);
            }
            sink.warn(new Warning(rel(file), 0, "ignored: expected a JSON object"));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel(file), 0, "ignored: not valid JSON; fix or remove the file"));
        }
        return Optional.empty();
    }

    /** A whole-file JSON array (legacy formats), or a missing node when the file is absent or not an array. */
    JsonNode readArray(Path file) {
        if (!Files.isRegularFile(file)) {
            return Json.array();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(JsonLines.readText(file));
            if (node.isArray()) {
                return node;
            }
            sink.warn(new Warning(rel(file), 0, "ignored: expected a JSON array"));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel(file), 0, "ignored: not valid JSON; fix or remove the file"));
        }
        return Json.array();
    }

    void writeObject(Path file, ObjectNode node) {
        writeBytes(file, Json.writePretty(node).getBytes(StandardCharsets.UTF_8));
    }

    void writeText(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a whole file atomically, then announces it on the change feed. */
    void writeBytes(Path file, byte[] content) {
        DurableFiles.writeAtomically(file, content, durability);
        announce(file);
    }

    /** Announces a durable write of {@code file} (or folder) inside the journal to the change feed. */
    void announce(Path file) {
        changes.publish(JournalChange.of(rel(file)));
    }

    /**
     * Reads, changes and writes one JSON document under its file lock. A file that exists but is not a JSON object is
     * not replaced (that would silently lose its content): the update fails, naming the file and the fix.
     */
    <T> T update(Path file, Function<Optional<ObjectNode>, ObjectNode> change, Function<ObjectNode, T> result) {
        return locks.withLock(file, () -> {
            Optional<ObjectNode> current = readObject(file);
            if (current.isEmpty() && Files.isRegularFile(file)) {
                throw new JournalException("cannot update " + rel(file) + ": it is not a valid JSON object, and"
                        + " replacing it would lose its content; fix or remove the file, then try again");
            }
            ObjectNode next = change.apply(current);
            writeObject(file, next);
            return result.apply(next);
        });
    }

    // ---- JSON lines ----

    /** Appends records as whole lines under the file lock, ending a torn last line first. */
    void appendLines(Path file, List<ObjectNode> records) {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode r : records) {
            sb.append(JsonLines.encode(r)).append('\n');
        }
        locks.withLock(file, () -> {
            try {
                byte[] prefix = DurableFiles.repairPrefix(file);
                byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
                byte[] all = new byte[prefix.length + body.length];
                System.arraycopy(prefix, 0, all, 0, prefix.length);
                System.arraycopy(body, 0, all, prefix.length, body.length);
                DurableFiles.append(file, all, durability);
                announce(file);
            } catch (IOException e) {
                throw new JournalException("cannot append to " + rel(file) + ": " + DurableFiles.describe(e), e);
            }
            return null;
        });
    }

    /**
     * Rewrites a JSON-lines file atomically under its lock. {@code change} gets the current lines (exact bytes kept, so
     * a line it does not touch, even a malformed one or one with invalid UTF-8, is written back byte for byte) and
     * returns the new lines' bytes (without newlines).
     */
    <T> T rewriteLines(Path file, Function<List<JsonLines.Line>, Rewrite<T>> change) {
        return locks.withLock(file, () -> {
            List<JsonLines.Line> lines = JsonLines.lines(file, rel(file), sink);
            Rewrite<T> r = change.apply(lines);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (byte[] line : r.lines()) {
                buf.writeBytes(line);
                buf.write('\n');
            }
            writeBytes(file, buf.toByteArray());
            return r.result();
        });
    }

    record Rewrite<T>(List<byte[]> lines, T result) {
    }

    /** The lines' exact bytes, as read. */
    static List<byte[]> rawLines(List<JsonLines.Line> lines) {
        List<byte[]> out = new ArrayList<>(lines.size());
        lines.forEach(l -> out.add(l.bytes()));
        return out;
    }

    // ---- folders ----

    /** Names of the entries of a folder (sorted), or none when it does not exist. */
    List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list " + rel(dir) + ": " + DurableFiles.describe(e)
                    + "; check the folder's permissions", e);
        }
    }

    static String name(Path p) {
        return p.getFileName().toString();
    }
}
