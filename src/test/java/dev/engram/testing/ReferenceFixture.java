package dev.engram.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The reference system's small real journal, {@code ../shared/spec/fixtures/journal} beside the project (as in CI).
 * It is reference data: read at test time, never copied into the repository. It is read-only, so tests work on a
 * copy. Tests using it are skipped, with a message, where it is absent.
 */
public final class ReferenceFixture {
    public static final Path JOURNAL =
            Path.of("..", "shared", "spec", "fixtures", "journal").toAbsolutePath().normalize();

    private ReferenceFixture() {
    }

    /** Copies the fixture journal to {@code target} (writable) and returns it. */
    public static Path copyTo(Path target) {
        assumeTrue(Files.isDirectory(JOURNAL), "reference fixture journal not found at " + JOURNAL
                + " (CI checks out shared/ beside the project); skipping");
        try (Stream<Path> all = Files.walk(JOURNAL)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(JOURNAL.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (Files.isRegularFile(p)) {
                    Files.createDirectories(to.getParent());
                    Files.write(to, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
