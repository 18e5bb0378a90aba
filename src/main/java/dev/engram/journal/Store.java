package dev.engram.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.FileVisitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shared internals of one open journal: its root, how durable writes are, the per-file write locks and the
 * warning sink. Every path goes through {@link #path} (writes: refuses anything outside the root's real path) or
 * {@link #at} (reads: the readers then skip what leaves it, with a warning).
 */
final class Store {
    /** The warning for an entry that leaves the journal through a symbolic link. */
    static final String LEAVES = "symbolic link leaves the journal; skipped";
    final Path root;
    /** The root with every symbolic link resolved, taken once at open: nothing outside it is read or written. */
    final Path realRoot;
    /** The root as an absolute, normalized path: below it, the boundary check looks at each component itself. */
    private final Path absoluteRoot;
    final Durability durability;
    final WarningSink sink;
    final FileLocks locks;
    /** The change feed, shared by every Store derived from one open journal. */
    final JournalChanges changes;
    /** Shared fsyncs (group commit) of folders and appended files, shared by every Store derived from one open. */
    final GroupSync syncs;

    Store(Path root, Durability durability, WarningSink sink, FileLocks locks, JournalChanges changes) {
        this(root, realPath(root), durability, sink, locks, changes, new GroupSync());
    }

    private Store(Path root, Path realRoot, Durability durability, WarningSink sink, FileLocks locks,
                  JournalChanges changes, GroupSync syncs) {
        this.root = root;
        this.realRoot = realRoot;
        this.absoluteRoot = root.toAbsolutePath().normalize();
        this.durability = durability;
        this.sink = sink;
        this.locks = locks;
        this.changes = changes;
        this.syncs = syncs;
    }

    Store with(Durability d, WarningSink s) {
        return new Store(root, realRoot, d, s, locks, changes, syncs);
    }

    /** The same store sharing fsyncs through {@code g} (tests observe the fsyncs with it). */
    Store withSyncs(GroupSync g) {
        return new Store(root, realRoot, durability, sink, locks, changes, g);
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new JournalException("cannot open the journal at " + root + ": " + DurableFiles.describe(e), e);
        }
    }

    /**
     * Joins already-validated path parts under the root, for writing or serving: refuses a result outside the root
     * by its text ({@link InvalidNameException}) or by its real path, when a symbolic link on the way leaves the
     * journal ({@link OutsideJournalException}).
     */
    Path path(String... parts) {
        Path p = at(parts);
        if (!inside(p)) {
            throw new OutsideJournalException(rel(p), "refusing " + rel(p) + ": a symbolic link on the way leads"
                    + " outside the journal (" + realRoot + ") or nowhere; remove the link or move its target into"
                    + " the journal");
        }
        return p;
    }

    /** Joins already-validated path parts under the root by text only, for readers (which check {@link #inside}). */
    Path at(String... parts) {
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

    /**
     * Whether {@code p} stays inside the journal's real path: no part of it below the root is a symbolic link, or else
     * the real path of its deepest existing ancestor (itself when it exists) is under the real root. A symbolic link
     * that leads nowhere does not stay inside.
     */
    boolean inside(Path p) {
        try {
            return realInside(p);
        } catch (IOException e) {
            throw new JournalException("cannot resolve " + rel(p) + ": " + DurableFiles.describe(e)
                    + "; check the folder's permissions", e);
        }
    }

    private boolean realInside(Path p) throws IOException {
        Path q = p.toAbsolutePath().normalize();
        if (!q.equals(absoluteRoot) && q.startsWith(absoluteRoot) && noLinkBelowRoot(q)) {
            return true;
        }
        while (q != null) {
            if (Staging.exists(q)) {
                try {
                    return q.toRealPath().startsWith(realRoot);
                } catch (NoSuchFileException e) {
                    if (Staging.exists(q)) {
                        return false; // still there, yet it resolves nowhere: a dangling symbolic link
                    }
                    // removed or renamed by another writer between the two checks (a run's _active file becoming
                    // its final one): what decides is then its nearest ancestor still there, as if it never was
                }
            }
            q = q.getParent();
        }
        return false;
    }

    /**
     * Whether no component of {@code q} below the root is a symbolic link, looking at each ({@code lstat}) from the
     * root down to the deepest that exists: then {@code q}'s real path is the real root's plus the same names, inside
     * by construction (the root itself is trusted to stay what it resolved to at open, as {@link #realRoot} is). One
     * {@code lstat} per component below the root, where resolving the real path costs a {@code readlink} per component
     * of the whole path; a link anywhere below the root sends the caller to resolve it.
     */
    private boolean noLinkBelowRoot(Path q) {
        Path at = absoluteRoot;
        for (Path name : absoluteRoot.relativize(q)) {
            at = at.resolve(name);
            BasicFileAttributes a;
            try {
                a = Staging.lstat(at);
            } catch (IOException e) {
                return false; // cannot look: resolving the real path decides, and says why
            }
            if (a == null) {
                return true; // nothing deeper exists, and every component above it is a plain one
            }
            if (a.isSymbolicLink()) {
                return false;
            }
        }
        return true;
    }

    /**
     * For readers: whether {@code file} is a regular file inside the journal. A file that leaves the journal through a
     * symbolic link, or something else where a file belongs (a folder), is skipped with a warning; an absent file is
     * simply not there.
     */
    boolean readable(Path file) {
        if (!Staging.exists(file)) {
            return false;
        }
        try {
            if (!realInside(file)) {
                sink.warn(new Warning(rel(file), 0, LEAVES));
                return false;
            }
        } catch (IOException e) {
            cannotRead(file, e);
            return false;
        }
        if (!Files.isRegularFile(file)) {
            sink.warn(new Warning(rel(file), 0, NOT_A_FILE));
            return false;
        }
        return true;
    }

    static final String NOT_A_FILE = "skipped: a folder (or other non-file) is where a file belongs; move it away";

    /**
     * For writers: fails with {@link UnreadableFileException} when something that is not a file (a folder) is where
     * {@code file} belongs, instead of an I/O error.
     */
    void requireFileOrAbsent(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UnreadableFileException(rel(file), "cannot change " + rel(file) + ": it is a folder (or other"
                    + " non-file), not a file; move it out of the journal, then try again");
        }
    }

    /** A whole file as UTF-8 text (bad bytes become U+FFFD), or empty with a warning when it cannot be read. */
    Optional<String> readText(Path file) {
        if (!readable(file)) {
            return Optional.empty();
        }
        try {
            long size = Files.size(file);
            if (size > JsonLines.MAX_FILE_BYTES) {
                sink.warn(new Warning(rel(file), 0, "skipped: " + size + " bytes, over the limit of "
                        + JsonLines.MAX_FILE_BYTES + " bytes for a whole-file read"));
                return Optional.empty();
            }
            return Optional.of(JsonLines.decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            cannotRead(file, e);
            return Optional.empty();
        }
    }

    /** For readers: a file that exists but cannot be read (permissions, a link loop) is skipped with a warning. */
    void cannotRead(Path file, IOException e) {
        sink.warn(new Warning(rel(file), 0, cannotReadMessage(e)));
    }

    static String cannotReadMessage(IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : DurableFiles.describe(e);
        return "skipped: cannot read: " + why + "; fix its permissions (or remove it)";
    }

    /** The path relative to the root, with '/' separators, for messages and warnings. */
    String rel(Path p) {
        Path r = root.relativize(p.toAbsolutePath().normalize());
        return r.toString().replace('\\', '/');
    }

    // ---- JSON documents (whole-file, atomic) ----

    Optional<ObjectNode> readObject(Path file) {
        Optional<String> read = readText(file);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        String text = read.get();
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode o) {
                return Optional.of(o);
            }
            sink.warn(new Warning(rel(file), 0, "ignored: expected a JSON object"));
        } catch (StreamConstraintsException e) {
            sink.warn(new Warning(rel(file), 0, "ignored: " + JsonLines.OVER_LIMITS + "; fix or remove the file"));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel(file), 0, "ignored: not valid JSON; fix or remove the file"));
        }
        return Optional.empty();
    }

    /** A whole-file JSON array (legacy formats), or a missing node when the file is absent or not an array. */
    JsonNode readArray(Path file) {
        Optional<String> text = readText(file);
        if (text.isEmpty()) {
            return Json.array();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text.get());
            if (node.isArray()) {
                return node;
            }
            sink.warn(new Warning(rel(file), 0, "ignored: expected a JSON array"));
        } catch (StreamConstraintsException e) {
            sink.warn(new Warning(rel(file), 0, "ignored: " + JsonLines.OVER_LIMITS + "; fix or remove the file"));
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
        requireFileOrAbsent(file);
        DurableFiles.writeAtomically(file, content, durability, new Staging(this).processDir());
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
            if (current.isEmpty() && Files.exists(file)) {
                throw new UnreadableFileException(rel(file), "cannot update " + rel(file) + ": it is not a readable"
                        + " JSON object (not valid JSON, over the size limit, unreadable, or a folder), and replacing it would lose"
                        + " its content; fix or remove the file, then try again");
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
        appendText(file, sb.toString());
    }

    /** Appends text (whole lines) under the file's lock, fsynced; a torn last line is repaired first. */
    void appendText(Path file, String text) {
        requireFileOrAbsent(file);
        locks.withLock(file, () -> {
            try {
                byte[] prefix = DurableFiles.repairPrefix(file);
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                byte[] all = new byte[prefix.length + body.length];
                System.arraycopy(prefix, 0, all, 0, prefix.length);
                System.arraycopy(body, 0, all, prefix.length, body.length);
                DurableFiles.append(file, all, durability, f -> { }); // fsynced below, outside the lock
            } catch (IOException e) {
                throw new JournalException("cannot append to " + rel(file) + ": " + DurableFiles.describe(e), e);
            }
            return null;
        });
        // Group commit: appenders of the same file share one fsync that started after their write; each returns only
        // once its own line is durable. Announced after that, so a reader reacting to it reads durable lines.
        if (durability == Durability.SYNC) {
            try {
                syncs.syncFile(file);
            } catch (IOException e) {
                throw new JournalException("cannot sync " + rel(file) + " after appending: " + DurableFiles.describe(e)
                        + "; the line may not survive a power loss; check the disk", e);
            }
        }
        announce(file);
    }

    /**
     * Rewrites a JSON-lines file atomically under its lock. {@code change} gets the current lines (exact bytes kept, so
     * a line it does not touch, even a malformed one or one with invalid UTF-8, is written back byte for byte) and
     * returns the new lines' bytes (without newlines).
     */
    <T> T rewriteLines(Path file, Function<List<JsonLines.Line>, Rewrite<T>> change) {
        requireFileOrAbsent(file);
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

    /**
     * The entries of a folder (sorted), or none when it does not exist. A folder that leaves the journal through a
     * symbolic link lists nothing, and entries that are symbolic links leaving it are skipped, each with a warning.
     */
    List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        if (!inside(dir)) {
            sink.warn(new Warning(rel(dir), 0, LEAVES));
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().filter(this::staysInside).toList();
        } catch (IOException e) {
            throw new JournalException("cannot list " + rel(dir) + ": " + DurableFiles.describe(e)
                    + "; check the folder's permissions", e);
        }
    }

    private boolean staysInside(Path entry) {
        try {
            if (!Files.isSymbolicLink(entry) || realInside(entry)) {
                return true;
            }
        } catch (IOException e) {
            cannotRead(entry, e);
            return false;
        }
        sink.warn(new Warning(rel(entry), 0, LEAVES));
        return false;
    }

    /**
     * Removes a folder and everything in it (leftovers of unfinished writes: staging folders, half-built facets),
     * adding the files and bytes removed to {@code counts[0]} and {@code counts[1]}. A folder already gone is fine;
     * any other failure names the folder and says to remove it by hand.
     */
    void removeTree(Path top, long[] counts) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    counts[0]++;
                    counts[1] += attrs.size();
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new JournalException("cannot remove the leftover " + rel(top) + ": " + DurableFiles.describe(e)
                    + "; remove it by hand (it holds only unfinished writes)", e);
        }
    }

    static String name(Path p) {
        return p.getFileName().toString();
    }
}
