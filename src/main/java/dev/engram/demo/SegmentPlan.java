package dev.engram.demo;

import dev.engram.journal.SegmentKey;
import java.time.LocalTime;

/** One planned segment: when, what, and which extracts it gets. */
record SegmentPlan(SegmentKey key, Scene scene, boolean tmux, String screenFile) {
    LocalTime start() {
        return key.start();
    }

    LocalTime end() {
        return key.start().plusSeconds(key.lengthSeconds());
    }
}
