package dev.engram.observe.ingest;

import dev.engram.journal.JournalConfig;
import tools.jackson.databind.JsonNode;

/**
 * Size limits of uploads, from {@code config/journal.json}
 * {@code "ingest": {"max_file_bytes": N, "max_request_bytes": N, "local_registration": true}} (defaults 2 GiB per file
 * and 4 GiB per request), and whether registration from loopback without a session is allowed (default true).
 */
record IngestLimits(long maxFileBytes, long maxRequestBytes, boolean localRegistration) {
    static final long DEFAULT_FILE_BYTES = 2L << 30;
    static final long DEFAULT_REQUEST_BYTES = 4L << 30;

    static IngestLimits from(JournalConfig config) {
        JsonNode in = config.extra().get("ingest").orElse(null);
        if (in == null || !in.isObject()) {
            return new IngestLimits(DEFAULT_FILE_BYTES, DEFAULT_REQUEST_BYTES, true);
        }
        JsonNode local = in.get("local_registration");
        return new IngestLimits(positive(in.get("max_file_bytes"), DEFAULT_FILE_BYTES),
                positive(in.get("max_request_bytes"), DEFAULT_REQUEST_BYTES),
                local == null || !local.isBoolean() || local.booleanValue());
    }

    private static long positive(JsonNode n, long fallback) {
        return n != null && n.isNumber() && n.asLong() > 0 ? n.asLong() : fallback;
    }
}
