package dev.engram.journal;

/** A name that came from outside (facet, app, day, segment, file) is not acceptable as a journal path part. */
public final class InvalidNameException extends JournalException {
    public InvalidNameException(String message) {
        super(message);
    }
}
