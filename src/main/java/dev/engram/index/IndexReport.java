package dev.engram.index;

/**
 * What a catch-up or rebuild did.
 *
 * @param indexed   files (re)indexed because they are new or their content changed
 * @param unchanged files whose size and mtime (or content hash) matched the manifest
 * @param removed   files that left the index because they are gone from the journal
 * @param skipped   files that could not be read or formatted (each warned about by name)
 * @param chunks    chunks written
 * @param millis    wall time
 */
public record IndexReport(int indexed, int unchanged, int removed, int skipped, long chunks, long millis) {
}
