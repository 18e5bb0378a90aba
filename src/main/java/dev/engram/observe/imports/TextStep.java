package dev.engram.observe.imports;

import dev.engram.observe.api.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Text transcripts ({@code .txt}, {@code .md}): UTF-8 text split by {@link TranscriptText}. */
final class TextStep implements ImportStep {
    static final int MAX_BYTES = 16 * 1024 * 1024;

    @Override
    public Set<String> extensions() {
        return Set.of("txt", "md");
    }

    @Override
    public String kind() {
        return "transcript";
    }

    @Override
    public ImportedContent read(Path original, ImportContext context) throws IOException {
        String text = readUtf8(original, MAX_BYTES);
        List<String> notes = new ArrayList<>();
        List<ImportedSegment> segments = TranscriptText.segments(text, context.start(), notes);
        if (segments.isEmpty()) {
            throw new ImportException("empty_content", "the file has no text to import");
        }
        return new ImportedContent(segments, Map.of(), notes);
    }

    /** The whole file as UTF-8 (a leading BOM dropped); more than {@code max} bytes or invalid UTF-8 is refused. */
    static String readUtf8(Path file, int max) throws IOException {
        return utf8(readBytes(file, max));
    }

    /** The file's bytes, at most {@code max} (a larger file is refused). */
    static byte[] readBytes(Path file, int max) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(max + 1);
        }
        if (bytes.length > max) {
            throw new ImportException("too_large", "the file is larger than " + max / (1024 * 1024)
                    + " MiB; split it into smaller files");
        }
        return bytes;
    }

    /** The bytes as UTF-8 text without a byte order mark; bytes that are not UTF-8 are refused. */
    static String utf8(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ImportException("invalid_content", "the file is not UTF-8 text; convert it to UTF-8 first");
        }
    }
}
