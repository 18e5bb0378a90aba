package dev.engram.journal;

import java.util.List;

/** A segment committed from a {@link StagedSegment}: where it is now, and its files in the order they were added. */
public record CommittedSegment(Segment segment, List<StoredFile> files) {
    public CommittedSegment {
        files = List.copyOf(files);
    }
}
