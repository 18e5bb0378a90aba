package dev.engram.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading JSON-lines files leniently: a bad line becomes a warning naming file and line, never an exception. */
final class JsonLines {
    private JsonLines() {
    }

    /**
     * One physical line: its 1-based number, its text, its exact bytes (without the newline, so a rewrite can keep a
     * line it does not touch byte for byte, even one with invalid UTF-8) and the object it holds when it is a valid
     * JSON object.
     */
    record Line(int number, String raw, byte[] bytes, Optional<ObjectNode> object) {
        boolean blank() {
            return raw.isBlank();
        }
    }

    /** A decoded record and the line it came from. */
    record Numbered<T>(int line, T value) {
    }

    static List<Line> lines(Path file, String rel, WarningSink sink) {
        byte[] all = readBytes(file);
        List<Line> out = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < all.length) {
            int nl = indexOf(all, (byte) '\n', start);
            int end = nl < 0 ? all.length : nl;
            byte[] bytes = Arrays.copyOfRange(all, start, end);
            number++;
            out.add(parse(number, bytes, rel, sink));
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

    private static Line parse(int number, byte[] bytes, String rel, WarningSink sink) {
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            raw = new String(bytes, 0, len, StandardCharsets.UTF_8);
            sink.warn(new Warning(rel, number, "skipped line: invalid UTF-8 bytes: " + Json.abbreviate(raw)));
            return new Line(number, raw, bytes, Optional.empty());
        }
        if (raw.isBlank()) {
            return new Line(number, raw, bytes, Optional.empty());
        }
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (node instanceof ObjectNode obj) {
                return new Line(number, raw, bytes, Optional.of(obj));
            }
            sink.warn(new Warning(rel, number, "skipped line: expected a JSON object, got " + Json.abbreviate(raw)));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel, number, "skipped line: not valid JSON: " + Json.abbreviate(raw)));
        }
        return new Line(number, raw, bytes, Optional.empty());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The file's bytes; none when it does not exist. */
    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + DurableFiles.describe(e)
                    + "; check the file's permissions", e);
        }
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

    /** One record as the bytes of a line (without the newline). */
    static byte[] encodeBytes(ObjectNode node) {
        return encode(node).getBytes(StandardCharsets.UTF_8);
    }
}
