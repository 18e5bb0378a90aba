package dev.engram.journal;

/** A change named an attached entity that a facet does not have (or has only as detached). */
public final class NoSuchEntityException extends JournalException {
    private final String facet;
    private final String entity;

    public NoSuchEntityException(String facet, String entity) {
        super("no attached entity named '" + entity + "' in facet '" + facet + "'; list the facet's entities, or"
                + " attach it first");
        this.facet = facet;
        this.entity = entity;
    }

    public String facet() {
        return facet;
    }

    public String entity() {
        return entity;
    }
}
