package dev.engram.journal;

/**
 * A file streamed into the journal: its name, its size in bytes and the SHA-256 of its content (64 lower-case hex
 * digits), computed while it was written. Ingest compares these to find duplicate uploads.
 */
public record StoredFile(String name, long size, String sha256) {
}
