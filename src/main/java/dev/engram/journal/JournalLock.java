package dev.engram.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on one lock file inside the journal, held across processes: the content of an import
 * ({@code imports/.locks/<sha256>.lock}, for the whole import) or a single-instance capture such as a tmux observer
 * ({@code apps/<app>/<name>.lock}, while it runs). It is an exclusive {@link FileChannel#tryLock()} on that (empty,
 * never written) file, so another process sees it taken, and the operating system releases it when the holder dies
 * (kill -9 included). A file lock is per process, so holders in this process are also kept in {@link #HELD}: a second
 * {@link Journal} of this process on the same folder sees it taken too. The lock files stay (empty): deleting one
 * could let two holders lock two files of one name. Thread-safe; {@link #close()} may run on another thread than the
 * one that took it.
 */
public final class JournalLock implements AutoCloseable {
    static final String DIR = ".locks";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code file}, or empty when a holder (this process or another) has it. */
    static Optional<JournalLock> tryLock(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            return Optional.empty();
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l != null) {
                return Optional.of(new JournalLock(key, ch, l));
            }
        } catch (OverlappingFileLockException e) {
            // held through another channel of this process: taken
        } catch (IOException e) {
            close(ch);
            HELD.remove(key);
            throw new JournalException("cannot lock " + key + ": " + DurableFiles.describe(e), e);
        }
        close(ch);
        HELD.remove(key);
        return Optional.empty();
    }

    /** Releases the lock (once; later calls do nothing). */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        close(channel);
        HELD.remove(file);
    }

    private static void close(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing held
        }
    }
}
