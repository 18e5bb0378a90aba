package dev.engram.journal;

/**
 * The name and version of one persisted shape. Readers are looked up by format, so a later change of a file's shape
 * adds a format (and keeps the old reader, tested) instead of breaking older journals.
 */
public record JournalFormat(String name, int version, String description, boolean legacy) {
    @Override
    public String toString() {
        return name + "/" + version;
    }
}
