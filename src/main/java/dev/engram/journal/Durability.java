package dev.engram.journal;

/** How hard a journal write works to survive a crash. */
public enum Durability {
    /** Every write is fsynced before it returns (file, and the folder after a rename). The default. */
    SYNC,
    /**
     * Writes stay atomic (temp file and rename) but skip fsync. Only for data that can be regenerated, such as
     * {@code engram demo}; a power loss may lose recent files, never tear one.
     */
    BULK
}
