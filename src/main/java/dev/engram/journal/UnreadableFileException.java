package dev.engram.journal;

/**
 * A journal file exists but cannot be read as what it should be (not valid JSON, a folder where a file belongs, over
 * a size limit), so changing it would lose its content. {@link #file()} is journal-relative; the message names the
 * file and the fix. Readers never throw it (they skip such a file with a {@link Warning}); updates do.
 */
public final class UnreadableFileException extends JournalException {
    private final String file;

    public UnreadableFileException(String file, String message) {
        super(message);
        this.file = file;
    }

    /** The file, relative to the journal root, with '/' separators. */
    public String file() {
        return file;
    }
}
