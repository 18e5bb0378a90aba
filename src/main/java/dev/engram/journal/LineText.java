package dev.engram.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Text cut to fit JSON lines the journal can read back: a reader skips a line over {@link JsonLines#MAX_LINE_BYTES}
 * (1 MiB), so whoever writes long text into one (an import's transcript entry, a transcription's piece) writes it as
 * several lines of at most {@link #MAX_BYTES} UTF-8 bytes of text each. One eighth of the limit: even text that JSON
 * escapes six times over ({@code \u0001}) stays under it with the line's other fields. Stateless.
 */
public final class LineText {
    /** The most UTF-8 bytes of text one line holds. */
    public static final int MAX_BYTES = JsonLines.MAX_LINE_BYTES / 8;

    private LineText() {
    }

    /**
     * {@code text} in pieces of at most {@link #MAX_BYTES} UTF-8 bytes (one piece when it fits), each cut after a
     * sentence's end, else at a space, in the piece's second half; else at the limit, never inside a character.
     */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > MAX_BYTES / 4 && utf8Within(rest, rest.length()) < rest.length()) {
            int limit = utf8Within(rest, rest.length());
            int sentence = -1;
            int space = -1;
            for (int i = limit; i > limit / 2 && sentence < 0; i--) {
                if (Character.isWhitespace(rest.charAt(i))) {
                    space = space < 0 ? i : space;
                    char c = rest.charAt(i - 1);
                    sentence = c == '.' || c == '!' || c == '?' ? i : -1;
                }
            }
            int cut = sentence > 0 ? sentence : space > 0 ? space : limit;
            out.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty() || out.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    /** How many chars of {@code s} from its start fit in {@link #MAX_BYTES} UTF-8 bytes (whole characters). */
    private static int utf8Within(String s, int max) {
        long bytes = 0;
        int i = 0;
        while (i < max) {
            int cp = s.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes > MAX_BYTES) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}
