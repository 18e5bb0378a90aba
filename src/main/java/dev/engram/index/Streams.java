package dev.engram.index;

import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The capture stream of a segment's chunks: the {@code stream} of the segment's {@code stream.json} (the reference's
 * HEAD layout; Engram writes it into every segment it creates, see {@code journal.Stream}: ingest, the local tmux
 * observer, the importer), lowercased; empty when the segment has none (segments from before, other tools). Reads at most
 * {@link #MAX_BYTES} of a regular file (no links); an unreadable or malformed file gives no stream.
 */
final class Streams {
    static final int MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Streams() {
    }

    static Optional<String> of(Journal journal, Source src) {
        if (src.segment().isEmpty()) {
            return Optional.empty();
        }
        Path file = journal.root().resolve(src.parts()[0]).resolve(src.parts()[1]).resolve("stream.json");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // most segments have none: checked without an exception (NoSuchFileException)
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) {
                return Optional.empty();
            }
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).path("stream");
            return n.isString() && !n.asString().isBlank() ? Optional.of(n.asString().strip().toLowerCase(Locale.ROOT))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
