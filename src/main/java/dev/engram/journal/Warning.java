package dev.engram.journal;

/**
 * Something in the journal was skipped or read leniently: a bad JSON line, a legacy shape, a facet without
 * {@code facet.json}. {@code file} is relative to the journal root; {@code line} is 1-based, or 0 for the whole file.
 */
public record Warning(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
