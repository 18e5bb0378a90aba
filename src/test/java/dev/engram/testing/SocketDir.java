package dev.engram.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh folder under {@code /tmp} for a test's Unix sockets (a {@code @TempDir} under target/ can make a socket path
 * longer than the 107 bytes Unix sockets allow), emptied and removed after each test. Register it with
 * {@code @RegisterExtension final SocketDir sockets = new SocketDir("engxyz");}.
 */
public final class SocketDir implements BeforeEachCallback, AfterEachCallback {
    private final String prefix;
    private Path dir;

    public SocketDir(String prefix) {
        this.prefix = prefix;
    }

    /** A socket path in this test's folder. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.deleteIfExists(dir);
    }
}
