package dev.engram.observe.tmux;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** One finished segment: its day, key ({@code HHMMSS_LEN}) and files (name to bytes, in order). */
record ObservedSegment(Day day, SegmentKey key, Map<String, byte[]> files) {
    ObservedSegment {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    String id() {
        return day.key() + "/" + key.key();
    }
}
