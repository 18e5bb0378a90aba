package dev.engram.journal;

import java.util.List;
import java.util.Optional;

/**
 * What was on a screen (or in a tmux session) during a segment: {@code <segment>/<stem>screen.jsonl}, first line
 * metadata ({@code raw}, ...), then one {@link ScreenFrame} per qualified frame. The older shape (metadata with
 * {@code type: "screencast"}, frames with {@code analysis.visible}) reads as {@link #LEGACY}.
 */
public record ScreenExtract(String fileName, JournalFormat format, Extra meta, List<ScreenFrame> frames) {
    public static final JournalFormat FORMAT = new JournalFormat("screen-jsonl", 1,
            "*screen.jsonl: metadata {raw}, then frames {frame_id, timestamp, requests[], analysis{visual_description, primary, secondary, overlap}, content{tmux}, <category>}",
            false);
    public static final JournalFormat LEGACY = new JournalFormat("screen-jsonl", 0,
            "early screen.jsonl: metadata {raw, type: screencast}, frames {timestamp, analysis{visible, visual_description}}",
            true);

    public ScreenExtract {
        Names.fileName(fileName);
        meta = meta == null ? Extra.empty() : meta;
        frames = List.copyOf(frames);
    }

    public Optional<String> raw() {
        return meta.string("raw");
    }

    /** Whether this extract came from a tmux capture ({@code tmux_<session>_screen.jsonl} or tmux frames). */
    public boolean isTmux() {
        return fileName.startsWith("tmux_") || frames.stream().anyMatch(f -> f.tmux().isPresent());
    }
}
