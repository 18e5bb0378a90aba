package dev.engram.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal's staging area, {@code .staging/<pid>-<start>/}: one private folder per process, inside the journal
 * root (so a rename from it into a day folder is atomic) and outside every segment folder (so nothing unfinished is
 * ever visible in a segment). Streamed files and whole segments are built here, then renamed into place.
 * Whole-file writes ({@link DurableFiles#writeAtomically}) put their temp files here too. {@link #recover()} removes
 * the folders of processes that are gone, so every leftover of a crash; it lists one folder, never the journal.
 */
final class Staging {
    static final String DIR = ".staging";
    private static final int BUFFER = 64 * 1024;
    /**
     * Copy buffers handed from one {@link #write} to the next: a fresh 64 KiB buffer per staged file was two thirds of
     * an upload's request-thread allocation (three files per upload, stream.json included; JFR, docs/benchmarks.md
     * "Ingest CPU, round 9"). At most {@value #POOLED} are kept (1 MiB); a writer finding none allocates its own.
     */
    private static final int POOLED = 16;
    private static final ArrayBlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(POOLED);
    private static final Pattern PROCESS_DIR = Pattern.compile("(\\d+)-(\\d+)");
    private static final String PROCESS = ProcessHandle.current().pid() + "-" + startMillis(ProcessHandle.current());
    /** The staging folders this process created, in every journal it wrote to: what {@link #releaseOwn} looks at. */
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();
    private final Store store;

    Staging(Store store) {
        this.store = store;
    }

    /** A fresh, not yet existing path in this process's staging folder (which is created). */
    Path newPath(String prefix) {
        return processDir().resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    /**
     * This process's staging folder, created when missing. Goes through the real-path check ({@link Store#path}): a
     * {@code .staging} that is a symbolic link leaving the journal is refused ({@link OutsideJournalException}), so
     * nothing is ever written outside the journal.
     */
    Path processDir() {
        Path dir = store.path(DIR, PROCESS);
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            // the common case, once per staged segment or whole-file write: a real folder (not a link), and
            // store.path checked its real path just now; createDirectories would throw and catch an exception for it
            return dir;
        }
        try {
            Files.createDirectories(dir);
            CREATED.add(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create the staging folder " + store.rel(dir) + ": "
                    + DurableFiles.describe(e) + "; check that the journal folder is writable", e);
        }
        if (!store.inside(dir)) { // created through a link that appeared meanwhile
            throw new OutsideJournalException(store.rel(dir), "refusing " + store.rel(dir) + ": it leads outside the"
                    + " journal (" + store.realRoot + "); remove the link");
        }
        return dir;
    }

    /**
     * A named folder in this process's staging folder, created: where a library that writes and deletes its own
     * temporary files (a multipart parser's buffers) works inside the journal. {@link #recover()} removes it with the
     * rest once this process is gone.
     */
    Path scratch(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("scratch folder name '" + name + "': use 1 to 40 of a-z, 0-9 and -");
        }
        Path dir = processDir().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create the scratch folder " + store.rel(dir) + ": "
                    + DurableFiles.describe(e) + "; check that the journal folder is writable", e);
        }
        if (!store.inside(dir)) {
            throw new OutsideJournalException(store.rel(dir), "refusing " + store.rel(dir) + ": it leads outside the"
                    + " journal (" + store.realRoot + "); remove the link");
        }
        return dir;
    }

    /**
     * Streams {@code in} into a new file {@code target} in 64 KiB pieces (never holding it whole), computing its
     * SHA-256 on the way, and fsyncs it (SYNC). A stream longer than {@code maxBytes} or a failure deletes the file.
     */
    static StoredFile write(Path target, String name, InputStream in, long maxBytes, Durability durability) {
        MessageDigest sha = sha256();
        long size = 0;
        byte[] pooled = BUFFERS.poll();
        byte[] buf = pooled != null ? pooled : new byte[BUFFER];
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buf)) != -1) {
                size += n;
                if (size > maxBytes) {
                    throw new FileTooLargeException(name, maxBytes);
                }
                sha.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
            if (durability == Durability.SYNC) {
                ch.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(target);
            throw new JournalException("cannot store " + Names.shown(name) + ": " + DurableFiles.describe(e)
                    + "; the upload was incomplete or the disk is full or not writable", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(target);
            throw e;
        } finally {
            BUFFERS.offer(buf);
        }
        return new StoredFile(name, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** Removes the staging folders of processes that are no longer running (and stray entries). */
    Recovery recover() {
        Path dir = store.at(DIR);
        List<String> removed = new ArrayList<>();
        long[] counts = new long[2];
        for (Path p : store.list(dir)) {
            String n = Store.name(p);
            if (n.equals(PROCESS) || running(n)) {
                continue;
            }
            store.removeTree(p, counts);
            removed.add(store.rel(p));
        }
        if (!removed.isEmpty() && store.durability == Durability.SYNC) {
            try {
                DurableFiles.syncDirectory(dir);
            } catch (IOException e) {
                throw new JournalException("cannot sync " + store.rel(dir) + ": " + DurableFiles.describe(e), e);
            }
        }
        return new Recovery(removed, counts[0], counts[1]);
    }

    /**
     * Removes the staging folders this process created that hold nothing but empty scratch folders: a command that
     * wrote one file leaves no empty {@code .staging/<pid>-<start>/} behind. Only for a process that writes no more
     * (the CLI at exit): a write starting meanwhile could find its folder gone. Anything left (a file) stays for
     * {@link #recover()}. Returns how many folders were removed.
     */
    static int releaseOwn() {
        int removed = 0;
        for (Path dir : CREATED) {
            try (java.util.stream.Stream<Path> children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(child); // fails, and keeps it, unless empty
                    }
                }
                Files.deleteIfExists(dir);
                CREATED.remove(dir);
                removed++;
            } catch (IOException e) {
                // not empty, or already gone: recover() of the next start deals with it
            }
        }
        return removed;
    }

    /** Whether a staging folder name belongs to a process that is still running (same pid and start time). */
    private static boolean running(String name) {
        Matcher m = PROCESS_DIR.matcher(name);
        if (!m.matches()) {
            return false;
        }
        Optional<ProcessHandle> h;
        try {
            h = ProcessHandle.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return false;
        }
        return h.isPresent() && h.get().isAlive() && Long.toString(startMillis(h.get())).equals(m.group(2));
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    /**
     * Whether something (a file, a folder, a link, even a dangling one) is at {@code p}, like {@code Files.exists(p,
     * NOFOLLOW_LINKS)}. An absent path still costs an exception inside the JDK: only the link-following
     * {@code readAttributesIfExists} has a path without one (JDK 25), and nothing else in Java 21 can {@code lstat}.
     */
    static boolean exists(Path p) {
        try {
            return lstat(p) != null;
        } catch (IOException e) {
            return false; // as Files.exists: its existence cannot be determined
        }
    }

    /** What is at {@code p} itself, a link not followed, or null when nothing is there (one {@code lstat}). */
    static BasicFileAttributes lstat(Path p) throws IOException {
        return p.getFileSystem().provider().readAttributesIfExists(p, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the staging folder is cleaned by recover() at the next start
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
