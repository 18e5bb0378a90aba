package dev.engram.observe.ingest;

import dev.engram.journal.JournalConfig;
import tools.jackson.databind.JsonNode;

/**
 * Size limits of uploads, from {@code config/journal.json}
 * {@code "ingest": {"max_file_bytes": N, "max_request_bytes": N, "max_files": N, "local_registration": true}}
 * (defaults 2 GiB per file, 4 GiB and 256 files per request), and whether registration from loopback without a session
 * is allowed (default true).
 */
record IngestLimits(long maxFileBytes, long maxRequestBytes, int maxFiles, boolean localRegistration) {
    static final long DEFAULT_FILE_BYTES = 2L << 30;
    static final long DEFAULT_REQUEST_BYTES = 4L << 30;
    /** Observers send a handful of files per segment; thousands in one folder (each fsynced) help no one. */
    static final int DEFAULT_FILES = 256;

    static IngestLimits from(JournalConfig config) {
        JsonNode in = config.extra().get("ingest").orElse(null);
        if (in == null || !in.isObject()) {
            return new IngestLimits(DEFAULT_FILE_BYTES, DEFAULT_REQUEST_BYTES, DEFAULT_FILES, true);
        }
        JsonNode local = in.get("local_registration");
        return new IngestLimits(positive(in.get("max_file_bytes"), DEFAULT_FILE_BYTES),
                positive(in.get("max_request_bytes"), DEFAULT_REQUEST_BYTES),
                (int) Math.min(Integer.MAX_VALUE, positive(in.get("max_files"), DEFAULT_FILES)),
                local == null || !local.isBoolean() || local.booleanValue());
    }

    private static long positive(JsonNode n, long fallback) {
        return n != null && n.isNumber() && n.asLong() > 0 ? n.asLong() : fallback;
    }
}
