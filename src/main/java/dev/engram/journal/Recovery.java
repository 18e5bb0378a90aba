package dev.engram.journal;

import java.util.List;

/**
 * What {@link Journal#recover()} removed: the staging folders of processes that are gone (journal-relative paths),
 * and how many files and bytes they held (unfinished streamed files and uncommitted segments).
 */
public record Recovery(List<String> removed, long files, long bytes) {
    public Recovery {
        removed = List.copyOf(removed);
    }

    public boolean nothingRemoved() {
        return removed.isEmpty();
    }
}
