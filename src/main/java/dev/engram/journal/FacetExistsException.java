package dev.engram.journal;

/** A facet could not be created because one with that name already exists. */
public final class FacetExistsException extends JournalException {
    public FacetExistsException(String message) {
        super(message);
    }
}
