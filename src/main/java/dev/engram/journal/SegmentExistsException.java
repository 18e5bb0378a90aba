package dev.engram.journal;

/**
 * A staged segment could not be committed because the segment folder already exists; nothing was written into it
 * and the staged segment is kept, so the caller can commit it under another key.
 */
public final class SegmentExistsException extends JournalException {
    private final String segment;

    public SegmentExistsException(String segment) {
        super("segment " + segment + " already exists; nothing was written into it. Commit the staged segment"
                + " under another key (another start time or length)");
        this.segment = segment;
    }

    /** The segment that exists, {@code YYYYMMDD/HHMMSS_LEN}. */
    public String segment() {
        return segment;
    }
}
