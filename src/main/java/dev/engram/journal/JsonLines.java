package dev.engram.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading JSON-lines files leniently: a bad line becomes a warning naming file and line, never an exception. */
final class JsonLines {
    private JsonLines() {
    }

    /** One physical line: its 1-based number, its text, and the object it holds when it is a valid JSON object. */
    record Line(int number, String raw, Optional<ObjectNode> object) {
        boolean blank() {
            return raw.isBlank();
        }
    }

    /** A decoded record and the line it came from. */
    record Numbered<T>(int line, T value) {
    }

    static List<Line> lines(Path file, String rel, WarningSink sink) {
        String text = readText(file);
        List<Line> out = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String raw = text.substring(start, end);
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            number++;
            out.add(parse(number, raw, rel, sink));
            start = end + 1;
        }
        return out;
    }

    static <T> List<Numbered<T>> read(Path file, String rel, RecordCodec<T> codec, WarningSink sink) {
        List<Numbered<T>> out = new ArrayList<>();
        for (Line line : lines(file, rel, sink)) {
            decode(line, rel, codec, sink).ifPresent(v -> out.add(new Numbered<>(line.number(), v)));
        }
        return out;
    }

    static <T> Optional<T> decode(Line line, String rel, RecordCodec<T> codec, WarningSink sink) {
        if (line.object().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(line.object().get()));
        } catch (JournalException e) {
            sink.warn(new Warning(rel, line.number(), "skipped " + codec.format().name() + " record: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Line parse(int number, String raw, String rel, WarningSink sink) {
        if (raw.isBlank()) {
            return new Line(number, raw, Optional.empty());
        }
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (node instanceof ObjectNode obj) {
                return new Line(number, raw, Optional.of(obj));
            }
            sink.warn(new Warning(rel, number, "skipped line: expected a JSON object, got " + Json.abbreviate(raw)));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel, number, "skipped line: not valid JSON: " + Json.abbreviate(raw)));
        }
        return new Line(number, raw, Optional.empty());
    }

    /** The file as UTF-8 text (bad bytes become U+FFFD); empty when it does not exist. */
    static String readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + DurableFiles.describe(e)
                    + "; check the file's permissions", e);
        }
    }

    static String encode(ObjectNode node) {
        return Json.write(node);
    }
}
