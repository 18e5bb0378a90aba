package dev.engram.observe.sense;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The handler of files that are already text (tmux and screen {@code *.jsonl} from observers): checks, without
 * changing anything, that the file is UTF-8 JSON lines whose every non-blank line is an object, within the size
 * limits; the first problem is the error.
 */
final class TextCheck {
    static final long MAX_FILE = 64L * 1024 * 1024;
    static final int MAX_LINE = 16 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TextCheck() {
    }

    /** Empty when the file is valid JSON lines; otherwise what is wrong, naming the line. */
    static Optional<String> problem(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                return Optional.of("is " + size + " bytes, over the " + MAX_FILE + "-byte limit; not checked");
            }
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
                int n = 0;
                String line;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.length() > MAX_LINE) {
                        return Optional.of("line " + n + " is longer than " + MAX_LINE + " characters");
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (JacksonException e) {
                        return Optional.of("line " + n + " is not valid JSON (" + e.getOriginalMessage() + ")");
                    }
                    if (node == null || !node.isObject()) {
                        return Optional.of("line " + n + " is not a JSON object");
                    }
                }
            }
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.of("is not valid UTF-8");
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
