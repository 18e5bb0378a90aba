package dev.engram.callosum;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the bus socket lives and the checks around it (length limit, stale files, whether a bus answers). */
public final class SocketPaths {
    /** The environment variable that overrides the socket path. */
    public static final String ENV = "ENGRAM_CALLOSUM_SOCKET";
    /** Linux {@code sun_path} holds 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private SocketPaths() {
    }

    /** {@code <journal>/health/callosum.sock}. */
    public static Path defaultFor(Path journalRoot) {
        return journalRoot.resolve("health").resolve("callosum.sock");
    }

    /** The first of: the {@code --socket} option, {@value #ENV} from {@code env}, the journal's default path. */
    public static Path resolve(Optional<Path> option, Map<String, String> env, Path journalRoot) {
        if (option.isPresent()) {
            return option.get().toAbsolutePath();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return defaultFor(journalRoot).toAbsolutePath();
    }

    /** Throws a {@link CallosumException} naming {@code --socket} and {@value #ENV} when the path cannot be a socket. */
    public static void checkLength(Path socket) {
        int bytes = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new CallosumException("socket path is " + bytes + " bytes, longer than the " + MAX_PATH_BYTES
                    + "-byte limit of Unix sockets: " + socket + "; put it somewhere shorter with --socket PATH or "
                    + ENV + "=PATH (for example /tmp/engram-callosum.sock)");
        }
    }

    /** True when something accepts connections at {@code socket}. */
    public static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when the file at {@code path} is a Unix socket (not a regular file or a directory). */
    static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
