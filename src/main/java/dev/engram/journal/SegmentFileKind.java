package dev.engram.journal;

import java.util.List;

/** What a file in a segment folder is, judged by its name (and its siblings' names) alone. */
enum SegmentFileKind {
    AUDIO_TRANSCRIPT, SCREEN_EXTRACT, INSIGHT, EVENTS, MEDIA,
    /** {@code audio.json} without an {@code audio.jsonl} sibling: read with the legacy reader. */
    LEGACY_AUDIO_ARRAY,
    /** {@code audio.json} beside {@code audio.jsonl}: redundant, ignored. */
    LEGACY_AUDIO_SHADOWED,
    /** {@code monitor_N_diff.json} / {@code _diff_box.json}: pre-jsonl describe output, not read. */
    LEGACY_DESCRIBE,
    OTHER;

    static SegmentFileKind of(String name, List<String> siblings) {
        if (name.endsWith("audio.jsonl")) {
            return AUDIO_TRANSCRIPT;
        }
        if (name.endsWith("screen.jsonl")) {
            return SCREEN_EXTRACT;
        }
        if (name.equals("events.jsonl")) {
            return EVENTS;
        }
        if (name.endsWith(".md")) {
            return INSIGHT;
        }
        if (name.endsWith("audio.json")) {
            return siblings.contains(name + "l") ? LEGACY_AUDIO_SHADOWED : LEGACY_AUDIO_ARRAY;
        }
        if (name.endsWith("_diff.json") || name.endsWith("_diff_box.json")) {
            return LEGACY_DESCRIBE;
        }
        if (SegmentFiles.isAudio(name) || SegmentFiles.isVideo(name) || SegmentFiles.isImage(name)) {
            return MEDIA;
        }
        return OTHER;
    }

    boolean legacy() {
        return this == LEGACY_AUDIO_ARRAY || this == LEGACY_AUDIO_SHADOWED || this == LEGACY_DESCRIBE;
    }

    String legacyMessage(String name) {
        return switch (this) {
            case LEGACY_AUDIO_ARRAY -> "read legacy transcript format " + AudioTranscript.LEGACY_ARRAY;
            case LEGACY_AUDIO_SHADOWED -> "legacy transcript ignored: " + name + "l holds the same segment's transcript";
            case LEGACY_DESCRIBE -> "legacy screen describe output (pre-jsonl); not read";
            default -> "";
        };
    }
}
