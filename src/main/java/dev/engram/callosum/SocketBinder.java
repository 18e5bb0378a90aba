package dev.engram.callosum;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Binds the server socket with mode 0600 and no window where it is more open: it is bound inside a fresh 0700
 * folder, chmod-ed, then renamed into place. A stale socket file is removed first; a live bus is never replaced.
 */
final class SocketBinder {
    private SocketBinder() {
    }

    static ServerSocketChannel bind(Path socket) {
        socket = socket.toAbsolutePath();
        SocketPaths.checkLength(socket);
        try {
            Files.createDirectories(socket.getParent());
            removeStale(socket);
            Path dir = privateDir(socket.getParent());
            try {
                Path tmp = dir.resolve("s");
                boolean viaTmp = tmp.toString().length() <= SocketPaths.MAX_PATH_BYTES;
                Path bindAt = viaTmp ? tmp : socket;
                ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.bind(UnixDomainSocketAddress.of(bindAt), 64);
                    Files.setPosixFilePermissions(bindAt, PosixFilePermissions.fromString("rw-------"));
                    if (viaTmp) {
                        Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                return ch;
            } finally {
                Files.deleteIfExists(dir.resolve("s"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new CallosumException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    static void unlink(Path socket) {
        try {
            if (SocketPaths.isSocket(socket)) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // nothing more to do; the next start removes it
        }
    }

    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!SocketPaths.isSocket(socket)) {
            throw new CallosumException(socket + " exists and is not a socket; remove it or choose another path"
                    + " with --socket PATH");
        }
        if (SocketPaths.answers(socket)) {
            throw new CallosumException("a bus is already running at " + socket + " (is Engram already running on this"
                    + " journal?): stop it first, or pass --socket PATH to run another bus");
        }
        Files.delete(socket);
    }

    private static Path privateDir(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(".cs" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
