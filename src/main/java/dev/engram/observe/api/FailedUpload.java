package dev.engram.observe.api;

import java.util.List;

/**
 * An upload that could not become a segment (the 507 answer: every key of the collision walk was taken), as the owner
 * sees it. Its files were kept, never as a segment, in {@code failedPath}.
 *
 * @param day the upload's day, {@code YYYYMMDD}
 * @param segment the segment key it was sent under, {@code HHMMSS_LEN}
 * @param at epoch milliseconds of the refusal
 * @param bytes the kept files' total size
 * @param files the kept files' names (as written)
 * @param failedPath the folder holding them, journal-relative (the 507 answer's {@code failed_path})
 * @param reason why it was refused, in words
 * @param kept whether {@code failedPath} still exists (the oldest are removed past the bound, with a warning)
 */
public record FailedUpload(String day, String segment, long at, long bytes, List<String> files, String failedPath,
                           String reason, boolean kept) {
    public FailedUpload {
        files = List.copyOf(files);
    }
}
