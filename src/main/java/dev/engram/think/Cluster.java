package dev.engram.think;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The material an insight reads (the reference's "cluster"): a segment's, or a day's, transcripts and screen
 * descriptions as markdown, in time order, per segment. Bounded: past {@link #MAX_CHARS} the rest is cut with a note.
 */
final class Cluster {
    static final int MAX_CHARS = 400_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Cluster() {
    }

    /** The markdown of these segments, with a note first when there is little or nothing. */
    static String of(Journal journal, List<Segment> segments) {
        StringBuilder b = new StringBuilder();
        int files = 0;
        for (Segment s : segments) {
            SegmentFiles f = journal.days().files(s);
            StringBuilder seg = new StringBuilder();
            for (AudioTranscript a : f.audio()) {
                files++;
                seg.append("### Audio (").append(a.fileName()).append(")\n\n");
                for (AudioTranscript.Utterance u : a.utterances()) {
                    seg.append("- [").append(clock(s.start(), u.offset())).append("] ")
                            .append(u.speaker().map(sp -> "Speaker " + sp + ": ").orElse(""))
                            .append(u.text().strip()).append('\n');
                }
                seg.append('\n');
            }
            for (ScreenExtract x : f.screens()) {
                files++;
                seg.append("### Screen (").append(x.fileName()).append(")\n\n");
                for (ScreenFrame fr : x.frames()) {
                    seg.append("- [").append(clock(s.start(), Duration.ofMillis(Math.round(fr.timestamp() * 1000))))
                            .append("] ").append(line(fr)).append('\n');
                }
                seg.append('\n');
            }
            if (!seg.isEmpty()) {
                b.append("## Segment ").append(s.key().key()).append(" (").append(s.start().format(TIME))
                        .append("–").append(s.end().format(TIME)).append(")\n\n").append(seg);
            }
            if (b.length() > MAX_CHARS) {
                b.setLength(MAX_CHARS);
                b.append("\n\n[The rest of the material was cut: it was longer than ").append(MAX_CHARS)
                        .append(" characters.]\n");
                break;
            }
        }
        if (files == 0) {
            return "Note: there is no transcript or screen record for this period.\n";
        }
        if (files < 3) {
            return "Note: only " + files + " file(s) of material for this period; keep the insight short.\n\n" + b;
        }
        return b.toString();
    }

    private static String line(ScreenFrame f) {
        StringBuilder l = new StringBuilder();
        if (!f.primary().isBlank()) {
            l.append(f.primary()).append(": ");
        }
        l.append(f.visualDescription().strip());
        f.tmux().ifPresent(t -> t.panes().stream().filter(p -> p.active()).findFirst().ifPresent(p -> {
            String text = p.plainContent().strip();
            if (!text.isEmpty()) {
                l.append(" (terminal: ").append(text.length() > 600 ? text.substring(0, 600) + "…" : text)
                        .append(')');
            }
        }));
        return l.toString().replace('\n', ' ');
    }

    private static String clock(LocalDateTime start, Duration offset) {
        return start.plus(offset).format(TIME);
    }
}
