package dev.engram.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * A new segment being built in the journal's staging folder ({@code .staging/}), invisible to readers until
 * {@link #commit} renames the whole folder into {@code <day>/<HHMMSS_LEN>/} in one step: a reader listing the day
 * sees no segment or all of its files. Obtained from {@link Journal#stageSegment()}; close it when done (closing
 * an uncommitted one deletes what was staged; a crash leaves it for {@link Journal#recover()}).
 * Thread-safe, but meant for one writer.
 *
 * <p>Durability (SYNC): each file's fsync starts on a helper thread as soon as the file is written ({@link Overlap}),
 * so it runs while the next file streams in; {@link #commit} fsyncs the staged folder meanwhile and renames only once
 * every file's and the folder's fsync has ended; after the rename the day folder and the staging folder are fsynced
 * at the same time (each shared with concurrent commits, {@link GroupSync}), and commit returns once both ended.
 */
public final class StagedSegment implements AutoCloseable {
    private final Store store;
    private final Staging staging;
    private final Path dir;
    private final List<StoredFile> files = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** The staged files' fsyncs still running (SYNC), awaited before the rename (or set-aside). */
    private final List<Future<Void>> syncing = new ArrayList<>();
    /** Every staged file and the staged folder are durable (so a commit retried under another key skips them). */
    private boolean durable;
    private boolean committed;
    private boolean closed;

    StagedSegment(Store store) {
        this.store = store;
        this.staging = new Staging(store);
        this.dir = staging.newPath("segment-");
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create " + store.rel(dir) + ": " + DurableFiles.describe(e), e);
        }
    }

    /**
     * Streams one file of the segment from {@code in} (never held whole in memory), starts its fsync and returns its
     * size and SHA-256; the fsync runs while the caller goes on (the next file streams in) and {@link #commit} waits
     * for it before the rename. A name already staged, an invalid name, or more than {@code maxBytes} bytes is
     * refused, and nothing of that file is kept.
     */
    public synchronized StoredFile add(String name, InputStream in, long maxBytes) {
        checkOpen();
        Names.fileName(name);
        if (!names.add(name)) {
            throw new JournalException("file " + Names.shown(name) + " is already part of this segment; each file"
                    + " name can be given once");
        }
        try {
            StoredFile f = Staging.write(dir.resolve(name), name, in, maxBytes, Durability.BULK);
            syncLater(dir.resolve(name));
            files.add(f);
            return f;
        } catch (RuntimeException e) {
            names.remove(name);
            throw e;
        }
    }

    /**
     * Writes the segment's {@link Stream#FILE} ({@code {"stream": name}}) into the staged folder, fsynced like every
     * staged file, so it appears with the segment's files in the one rename of {@link #commit}. It is not one of
     * {@link #files()} (not a captured file: not announced, not checksummed into an upload's history). When the
     * segment already holds a file of that name (an observer uploaded one), that file is kept as sent and nothing is
     * written; returns whether it was written.
     */
    public synchronized boolean stream(Stream stream) {
        checkOpen();
        if (!names.add(Stream.FILE)) {
            return false;
        }
        try {
            byte[] json = stream.json();
            Staging.write(dir.resolve(Stream.FILE), Stream.FILE, new java.io.ByteArrayInputStream(json), json.length,
                    Durability.BULK);
            syncLater(dir.resolve(Stream.FILE));
            return true;
        } catch (RuntimeException e) {
            names.remove(Stream.FILE);
            throw e;
        }
    }

    /**
     * Starts the fsync of a file just written in the staged folder (SYNC). It is {@code fdatasync}
     * ({@code force(false)}, through {@link GroupSync#syncOwnFile}): for a file written once and never changed, that
     * makes its bytes and the metadata needed to read them (size, block map) durable; only its timestamps may lag,
     * which nothing reads. Its name in the folder is made durable by the folder's fsync in {@link #commit}.
     */
    private void syncLater(Path file) {
        if (store.durability == Durability.SYNC) {
            syncing.add(Overlap.start(() -> store.syncs.syncOwnFile(file)));
        }
    }

    /**
     * Makes every staged file and the staged folder durable (SYNC): the folder's fsync runs on this thread while the
     * files' fsyncs end on theirs; returns once all have ended (the first failure is thrown after all ended).
     */
    private void makeDurable() throws IOException {
        if (durable || store.durability != Durability.SYNC) {
            return;
        }
        IOException failure = null;
        try {
            store.syncs.syncOwnDirectory(dir);
        } catch (IOException e) {
            failure = e;
        }
        for (Future<Void> f : syncing) {
            try {
                Overlap.await(f);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        syncing.clear();
        if (failure != null) {
            throw failure;
        }
        durable = true;
    }

    /** The files staged so far, in the order they were added. */
    public synchronized List<StoredFile> files() {
        return List.copyOf(files);
    }

    /**
     * Moves the staged folder to {@code <day>/<key>/} in one rename, marks it committed and announces the segment once
     * on the change feed ({@code segment}, not one change per file), then fsyncs the day folder. Throws {@link SegmentExistsException} when that
     * segment exists (the staged files are kept, so commit again under another key). When only the final fsync fails,
     * the segment is committed and announced and the {@link JournalException} says so.
     */
    public synchronized CommittedSegment commit(Day day, SegmentKey key) {
        checkOpen();
        if (files.isEmpty()) {
            throw new JournalException("nothing to commit: a segment needs at least one file");
        }
        Path dayDir = store.path(day.key());
        Path target = store.path(day.key(), key.key());
        String id = day.key() + "/" + key.key();
        try {
            boolean sync = store.durability == Durability.SYNC;
            makeDurable(); // every file and the staged folder, before anything can be visible
            if (!Files.isDirectory(dayDir)) {
                Files.createDirectories(dayDir);
                if (sync) {
                    DurableFiles.syncDirectory(store.root);
                }
            }
            store.locks.withLock(target, () -> {
                if (Staging.exists(target)) {
                    throw new SegmentExistsException(id);
                }
                move(target, id);
                // Visible from here on: mark and announce it before anything else can fail.
                committed = true;
                // One announcement for the whole folder: its files appeared together in the rename, and a subscriber
                // that derives from files (the index) lists the folder a `segment` change names. One per file cost a
                // bus message each (docs/journal.md "The change feed").
                store.announce(target);
                return null;
            });
        } catch (IOException e) {
            throw new JournalException("cannot commit segment " + id + ": " + DurableFiles.describe(e)
                    + "; check that the journal folder is writable", e);
        }
        if (store.durability == Durability.SYNC) {
            try {
                // Group commit: concurrent commits into the same day share these two fsyncs; each returns only after
                // fsyncs that started after its own rename have completed. The two run at the same time (neither
                // needs the other); both have ended when this returns.
                Path stagingDir = dir.getParent();
                Future<Void> staging = Overlap.start(() -> store.syncs.syncDirectory(stagingDir));
                IOException failure = null;
                try {
                    store.syncs.syncDirectory(dayDir);
                } catch (IOException e) {
                    failure = e;
                }
                try {
                    Overlap.await(staging);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
                if (failure != null) {
                    throw failure;
                }
            } catch (IOException e) {
                throw new JournalException("segment " + id + " is committed and visible, but syncing its day folder"
                        + " failed: " + DurableFiles.describe(e) + "; it may not survive a power loss; check the disk",
                        e);
            }
        }
        return new CommittedSegment(new Segment(day, key, target), files);
    }

    /**
     * Keeps the staged files without committing them: moves the staged folder in one rename to
     * {@code apps/<app>/<parts...>} (a folder that must not exist yet; {@code parts} are validated names), fsynced,
     * and returns its path relative to the journal. For files that cannot become a segment but must not be lost
     * (ingest's 507 answer). This staged segment is done afterwards.
     */
    public synchronized String setAside(String app, String... parts) {
        checkOpen();
        String[] all = new String[parts.length + 2];
        all[0] = "apps";
        all[1] = Names.app(app);
        for (int i = 0; i < parts.length; i++) {
            all[i + 2] = Names.fileName(parts[i]);
        }
        Path target = store.path(all);
        try {
            Files.createDirectories(target.getParent());
            makeDurable();
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            closed = true;
            if (store.durability == Durability.SYNC) {
                DurableFiles.syncDirectory(target.getParent());
                DurableFiles.syncDirectory(dir.getParent());
            }
        } catch (IOException e) {
            throw new JournalException("cannot keep the staged files at " + store.rel(target) + ": "
                    + DurableFiles.describe(e), e);
        }
        return store.rel(target);
    }

    private void move(Path target, String id) {
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new SegmentExistsException(id);
        } catch (AtomicMoveNotSupportedException e) {
            throw new JournalException("cannot commit segment " + id + " atomically: the staging folder and the day"
                    + " are on different file systems; keep the whole journal on one local file system", e);
        } catch (IOException e) {
            throw new JournalException("cannot commit segment " + id + ": " + DurableFiles.describe(e), e);
        }
    }

    private void checkOpen() {
        if (committed || closed) {
            throw new IllegalStateException("this staged segment is already " + (committed ? "committed" : "closed"));
        }
    }

    /** Deletes the staged files unless the segment was committed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            for (Future<Void> f : syncing) { // let the discarded files' fsyncs end first (their failures do not matter)
                try {
                    Overlap.await(f);
                } catch (IOException | RuntimeException ignored) {
                    // discarded anyway
                }
            }
            syncing.clear();
            store.removeTree(dir, new long[2]);
        }
    }
}
