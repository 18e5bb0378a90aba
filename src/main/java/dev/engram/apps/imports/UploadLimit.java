package dev.engram.apps.imports;

import dev.engram.journal.JournalConfig;
import dev.engram.observe.api.Imports;
import tools.jackson.databind.JsonNode;

/**
 * The largest file an upload to the Imports app may carry, from {@code config/journal.json}
 * {@code "imports": {"max_upload_bytes": N}} (default and ceiling {@link Imports#MAX_BYTES}, the importer's own limit),
 * and the largest whole request (the file plus {@link #FORM_BYTES} for the boundaries and form fields). Jetty's
 * multipart parser enforces both while it streams the body to its temp file, so a body that never says its length
 * (chunked) is stopped at the limit too.
 */
record UploadLimit(long maxFileBytes) {
    static final long FORM_BYTES = 64 * 1024;

    static UploadLimit from(JournalConfig config) {
        JsonNode in = config.extra().get("imports").orElse(null);
        JsonNode n = in == null || !in.isObject() ? null : in.get("max_upload_bytes");
        long max = n != null && n.isNumber() && n.asLong() > 0 ? Math.min(n.asLong(), Imports.MAX_BYTES)
                : Imports.MAX_BYTES;
        return new UploadLimit(max);
    }

    long maxRequestBytes() {
        return maxFileBytes + FORM_BYTES;
    }

    String describe() {
        return maxFileBytes >= 1024 * 1024 ? maxFileBytes / (1024 * 1024) + " MiB" : maxFileBytes + " bytes";
    }
}
