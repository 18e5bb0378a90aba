package dev.engram.index;

import java.util.Optional;

/**
 * One searchable piece of a journal file, with where it came from so a hit can open the exact place.
 *
 * @param text    the chunk's text (markdown for markdown sources)
 * @param header  the markdown header path ({@code "Work > Meetings"}), empty when none
 * @param time    {@code HH:MM:SS} clock time when known (segment start plus offset, an event's start, a todo's time)
 */
public record Chunk(String text, String header, Optional<String> time) {
    public Chunk {
        text = text == null ? "" : text;
        header = header == null ? "" : header;
        time = time == null ? Optional.empty() : time;
    }

    static Chunk of(String text) {
        return new Chunk(text, "", Optional.empty());
    }

    /** The text searched: the header path, then the text. */
    String searchable() {
        return Fields.searchable(header, text);
    }
}
