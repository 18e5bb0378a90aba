package dev.engram.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only code that writes journal bytes. Whole files: a temp file, written, fsynced, renamed over the target, then
 * the target's folder fsynced, so a reader or a crash sees the old file or the new one, never a torn one. The temp
 * file lives in the writing process's staging folder ({@code .staging/<pid>-<start>/}, same file system, so the
 * rename stays atomic), so a crash leaves it where {@link Journal#recover()} removes it without walking the journal;
 * when the target's folder is on another file system (a mount inside the journal) it falls back to a hidden temp
 * file beside the target. Appends: one write of whole lines on an O_APPEND channel, then fsync.
 */
final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes {@code target} atomically through a hidden temp file beside it. */
    static void writeAtomically(Path target, byte[] content, Durability durability) {
        writeAtomically(target, content, durability, target.getParent());
    }

    /**
     * Writes {@code target} atomically through a temp file in {@code tempDir} (an existing folder on the target's file
     * system, normally this process's staging folder); when the rename from there is refused as not atomic (another
     * file system), the write is redone through a temp file beside the target.
     */
    static void writeAtomically(Path target, byte[] content, Durability durability, Path tempDir) {
        Path dir = target.getParent();
        boolean beside = tempDir.equals(dir);
        Path temp = tempDir.resolve((beside ? "." : "") + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        try {
            if (!Files.isDirectory(dir)) { // createDirectories throws and catches an exception for an existing one
                Files.createDirectories(dir);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(ch, content);
                if (durability == Durability.SYNC) {
                    ch.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                deleteQuietly(temp);
                if (!beside) {
                    writeAtomically(target, content, durability, dir);
                    return;
                }
                throw new JournalException("cannot replace " + target + " atomically: the file system does not support"
                        + " atomic renames; keep the journal on a local POSIX file system", e);
            }
            if (durability == Durability.SYNC) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new JournalException("cannot write " + target + ": " + describe(e)
                    + "; check that the journal folder is writable and the disk is not full", e);
        }
    }

    /** Appends bytes that must already end with a newline, in one write, then fsyncs (SYNC). */
    static void append(Path target, byte[] lines, Durability durability) {
        append(target, lines, durability, DurableFiles::syncFile);
    }

    /**
     * Appends bytes that must already end with a newline, in one write; with SYNC, {@code fsync} makes the file durable
     * (a {@link GroupSync} shares it among concurrent appenders) and a new file's folder is fsynced.
     */
    static void append(Path target, byte[] lines, Durability durability, GroupSync.Fsync fsync) {
        try {
            Path dir = target.getParent();
            boolean created = !Files.exists(target);
            if (created) {
                Files.createDirectories(dir);
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                writeFully(ch, lines);
            }
            if (durability == Durability.SYNC) {
                fsync.sync(target);
            }
            if (created && durability == Durability.SYNC) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new JournalException("cannot append to " + target + ": " + describe(e)
                    + "; check that the journal folder is writable and the disk is not full", e);
        }
    }

    /** Appends to a file only if it ends with a newline; repairs a torn last line (from a crash) by ending it first. */
    static byte[] repairPrefix(Path target) throws IOException {
        if (!Files.exists(target)) {
            return new byte[0];
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return new byte[0];
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) == '\n' ? new byte[0] : new byte[] {'\n'};
        }
    }

    /** Fsyncs a file's content (written through any channel: an fsync covers the file, not the descriptor). */
    static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or fsync a directory; the rename itself is still atomic.
            if (!(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }

    private static void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover in the staging folder is removed by recover() at the next start
        }
    }

    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }
}
