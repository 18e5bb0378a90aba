package dev.engram.journal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The capture stream a segment belongs to, as the reference names streams at HEAD: a name matching
 * {@code ^[a-z0-9][a-z0-9._-]*$} (here at most 64 characters, so it stays one short path element), such as
 * {@code vm.tmux} ({@code <host>.<qualifier>}), an observer's name, or {@code import.<type>}. Each new segment records
 * its stream in {@code <day>/<segment>/stream.json} ({@link StagedSegment#stream}), which the index reads for its
 * {@code stream} filter. Immutable.
 */
public record Stream(String name) {
    /** The file inside a segment folder that names its stream: {@code {"stream": "<name>"}}. */
    public static final String FILE = "stream.json";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX = 64;

    /** Refuses a name that does not match the stream rule ({@link InvalidNameException}, naming the rule). */
    public Stream {
        if (!valid(name)) {
            throw new InvalidNameException("invalid stream name " + Names.shown(name) + ": use 1-64 lowercase letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit (as in 'laptop.tmux')");
        }
    }

    /** Whether {@code name} is a stream name as it is (no change made). */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Any name (an observer's, say) made into a stream name: lowercased, every character outside {@code a-z 0-9 . _ -}
     * replaced by {@code -}, cut to 64 characters; {@code fallback} when the result does not start with a letter or
     * digit. Ingest's default stream (an upload whose {@code meta} names none) is its observer's name made so.
     */
    public static Stream from(String raw, String fallback) {
        String n = raw == null ? "" : raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        if (n.length() > MAX) {
            n = n.substring(0, MAX);
        }
        return new Stream(valid(n) ? n : fallback);
    }

    /** An importer's stream, {@code import.<type>} (as in {@code import.audio}). */
    public static Stream ofImport(String type) {
        return from("import." + type, "import");
    }

    /** The content of {@link #FILE}: {@code {"stream":"<name>"}} and a newline (the name needs no JSON escaping). */
    byte[] json() {
        return ("{\"stream\":\"" + name + "\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
