package dev.engram.observe.sense;

import dev.engram.journal.SegmentFiles;
import java.util.Locale;

/** Which handler a segment file goes to, by its name (the reference's patterns, with HEAD's audio extensions). */
enum FileKind {
    /** {@code .flac .m4a .mp3 .wav .ogg .opus}: transcribed. */
    AUDIO("transcribe"),
    /** {@code .webm .mp4 .mov}: frames read by OCR. */
    VIDEO("describe"),
    /** {@code .jsonl} (tmux and screen captures, extracts): already text, only checked. */
    TEXT("validate"),
    /** Anything else (images, markdown, hidden files): not sense's business. */
    NONE("");

    final String handler;

    FileKind(String handler) {
        this.handler = handler;
    }

    static FileKind of(String name) {
        if (name.startsWith(".")) {
            return NONE;
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            return TEXT;
        }
        if (SegmentFiles.isAudio(name)) {
            return AUDIO;
        }
        return SegmentFiles.isVideo(name) ? VIDEO : NONE;
    }
}
