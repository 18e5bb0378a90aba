package dev.engram.journal;

/**
 * A path leads outside the journal's real folder through a symbolic link (or a link that leads nowhere), so Engram
 * refuses to write (or serve) it. {@link #file()} is journal-relative; the message names it and the fix.
 */
public final class OutsideJournalException extends JournalException {
    private final String file;

    public OutsideJournalException(String file, String message) {
        super(message);
        this.file = file;
    }

    /** The refused path, relative to the journal root, with '/' separators. */
    public String file() {
        return file;
    }
}
