package dev.engram.journal;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes writers of one file within this process: a fixed set of striped locks keyed by the file's path, so
 * read-modify-write cycles on the same file never interleave and memory stays bounded.
 */
final class FileLocks {
    /**
     * The locks of this process. Shared by every {@link Journal} opened in it, so two instances opened on the same
     * folder (e.g. by two modules) still serialize their writers of one file.
     */
    static final FileLocks PROCESS = new FileLocks(256);
    private final ReentrantLock[] stripes;

    FileLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T withLock(Path file, Supplier<T> action) {
        ReentrantLock lock = stripes[Math.floorMod(file.toAbsolutePath().normalize().hashCode(), stripes.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
