package dev.engram.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.exc.StreamConstraintsException;
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

    /** The longest line a JSON-lines reader holds in memory; a longer line is skipped with a warning. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** The largest file read whole (JSON documents, markdown, legacy arrays, JSON-lines files being rewritten). */
    static final long MAX_FILE_BYTES = 16L << 20;
    private static final int CHUNK = 64 * 1024;
    /**
     * Why valid-looking JSON was skipped: over the parser's limits (a number of more than 1000 digits, nesting deeper
     * than the limit, an over-long string or name), which protect the reader from hostile input.
     */
    static final String OVER_LIMITS = "over the JSON parser's limits (a number, nesting depth or string too large)";

    /**
     * All lines of a file about to be rewritten; empty when it does not exist. A rewrite must keep every line, so a
     * line over {@link #MAX_LINE_BYTES}, a file over {@link #MAX_FILE_BYTES} or a folder in its place fails with
     * {@link UnreadableFileException} naming the file and the fix, instead of being dropped.
     */
    static List<Line> lines(Path file, String rel, WarningSink sink) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new UnreadableFileException(rel, "cannot change " + rel + ": it is a folder (or other non-file),"
                        + " not a file; move it out of the journal, then try again");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UnreadableFileException(rel, "cannot change " + rel + ": it is " + Files.size(file)
                        + " bytes, over the limit of " + MAX_FILE_BYTES + " bytes for a rewrite; split or trim it by"
                        + " hand, then try again");
            }
        } catch (IOException e) {
            throw new JournalException("cannot read " + rel + ": " + DurableFiles.describe(e), e);
        }
        List<Line> out = new ArrayList<>();
        try {
            scan(file, rel, sink, out::add, (number, length) -> {
                throw new UnreadableFileException(rel, "cannot change " + rel + ": line " + number + " is " + length
                        + " bytes, over the limit of " + MAX_LINE_BYTES + " bytes per line, and a rewrite would lose"
                        + " it; shorten or remove that line by hand, then try again");
            });
        } catch (IOException e) {
            // A rewrite must not drop what it could not read.
            throw new UnreadableFileException(rel, "cannot change " + rel + ": " + Store.cannotReadMessage(e)
                    .replace("skipped: ", "") + ", then try again");
        }
        return out;
    }

    /**
     * Streams the lines of a file the store may read (see {@link Store#readable}) to {@code each}. A line over
     * {@link #MAX_LINE_BYTES} is skipped with a warning giving its length and the limit; it is never held in memory.
     */
    static void forEach(Store store, Path file, Consumer<Line> each) {
        if (!store.readable(file)) {
            return;
        }
        String rel = store.rel(file);
        try {
            scan(file, rel, store.sink, each, (number, length) -> store.sink.warn(new Warning(rel, number,
                    "skipped line: " + length + " bytes, over the limit of " + MAX_LINE_BYTES + " bytes per line")));
        } catch (IOException e) {
            store.cannotRead(file, e);
        }
    }

    /** Told about a line over the limit: its number and full length in bytes. */
    @FunctionalInterface
    private interface OverLimit {
        void line(int number, long length);
    }

    /** Streams the lines; an absent file has none; any other I/O failure is the caller's to report. */
    private static void scan(Path file, String rel, WarningSink sink, Consumer<Line> each, OverLimit over)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[CHUNK];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long length = 0;
            int number = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                while (start < n) {
                    int nl = indexOf(chunk, (byte) '\n', start, n);
                    int end = nl < 0 ? n : nl;
                    length += end - start;
                    if (length <= MAX_LINE_BYTES) {
                        line.write(chunk, start, end - start);
                    } else if (line.size() > 0) {
                        line.reset();
                    }
                    if (nl >= 0) {
                        number++;
                        emit(number, line, length, rel, sink, each, over);
                        length = 0;
                    }
                    start = end + 1;
                }
            }
            if (length > 0) {
                emit(number + 1, line, length, rel, sink, each, over);
            }
        } catch (NoSuchFileException e) {
            // absent: no lines
        }
    }

    private static void emit(int number, ByteArrayOutputStream line, long length, String rel, WarningSink sink,
                             Consumer<Line> each, OverLimit over) {
        if (length > MAX_LINE_BYTES) {
            over.line(number, length);
        } else {
            each.accept(parse(number, line.toByteArray(), rel, sink));
        }
        line.reset();
    }

    /** The records of a JSON-lines file the store may read, streamed; bad lines become warnings. */
    static <T> List<Numbered<T>> read(Store store, Path file, RecordCodec<T> codec) {
        List<Numbered<T>> out = new ArrayList<>();
        String rel = store.rel(file);
        forEach(store, file, line -> decode(line, rel, codec, store.sink)
                .ifPresent(v -> out.add(new Numbered<>(line.number(), v))));
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
        } catch (StreamConstraintsException e) {
            sink.warn(new Warning(rel, number, "skipped line: " + OVER_LIMITS + ": " + Json.abbreviate(raw)));
        } catch (RuntimeException e) {
            sink.warn(new Warning(rel, number, "skipped line: not valid JSON: " + Json.abbreviate(raw)));
        }
        return new Line(number, raw, bytes, Optional.empty());
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes as UTF-8 text; bad bytes become U+FFFD. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder never fails", e);
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
