package dev.engram.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The keyword index's folder, {@code <journal>/indexes/keyword/}, and its format marker {@code FORMAT}: one line
 * {@value #FORMAT}. An index is only opened when the marker says exactly this format; anything else (another
 * version, no marker) is deleted and rebuilt. The marker is written atomically after the empty index is created.
 */
final class IndexFolder {
    /** The name and version of the index layout (fields, analyzer, chunking); bump it on any change. */
    static final String FORMAT = "engram-keyword-index 4";
    private final Path dir;

    IndexFolder(Path journalRoot) {
        this.dir = journalRoot.resolve("indexes").resolve("keyword");
    }

    Path dir() {
        return dir;
    }

    Path marker() {
        return dir.resolve("FORMAT");
    }

    /** The marker's content, empty when there is none (or it cannot be read). */
    Optional<String> format() {
        try {
            return Optional.of(Files.readString(marker(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    boolean current() {
        return format().filter(FORMAT::equals).isPresent();
    }

    void writeMarker() throws IOException {
        Path tmp = dir.resolve("FORMAT.tmp");
        Files.writeString(tmp, FORMAT + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, marker(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the folder and everything in it, then creates it empty. */
    void wipe() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
