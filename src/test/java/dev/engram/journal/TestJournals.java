package dev.engram.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: copying fixture trees into a temp folder and collecting warnings. */
final class TestJournals {
    /** The shared reference journal, read-only, beside the project folder (as in CI). */
    static final Path SHARED_FIXTURE = Path.of("..", "shared", "spec", "fixtures", "journal").toAbsolutePath().normalize();

    private TestJournals() {
    }

    /** Copies {@code src/test/resources/journal-fixtures/<name>} into {@code target} and returns it. */
    static Path copyFixture(String name, Path target) {
        URL url = TestJournals.class.getResource("/journal-fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture journal-fixtures/" + name);
        }
        try {
            copyTree(Path.of(url.toURI()), target);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return target;
    }

    /** Copies a folder tree; copies are writable even when the source is read-only. */
    static void copyTree(Path src, Path target) {
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.write(to, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WarningSink.Collecting sink() {
        return WarningSink.collecting(10_000);
    }

    /** Every regular file under {@code dir}, relative, sorted. */
    static List<String> files(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
