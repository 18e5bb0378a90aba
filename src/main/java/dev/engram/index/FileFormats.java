package dev.engram.index;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Entity;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Insight;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.Todo;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formatters of {@link Formatters#standard()}: each reads one journal file through the journal API. */
final class FileFormats {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Consecutive utterances per audio chunk (a chunk is a short stretch of conversation, not one line). */
    static final int UTTERANCES_PER_CHUNK = 6;

    private FileFormats() {
    }

    static Formatters.Formatted dayInsight(Journal journal, Source src) {
        String md = journal.days().insights(src.day().orElseThrow()).stream()
                .filter(i -> i.fileName().equals(src.fileName())).map(Insight::markdown).findFirst().orElse("");
        return markdown(src.baseName(), md, Optional.empty());
    }

    static Formatters.Formatted segmentMarkdown(Journal journal, Source src) {
        String md = files(journal, src).map(f -> f.insights().stream()
                .filter(i -> i.fileName().equals(src.fileName())).map(Insight::markdown).findFirst().orElse(""))
                .orElse("");
        return markdown(src.baseName(), md, src.segmentStart().map(HMS::format));
    }

    static Formatters.Formatted news(Journal journal, Source src) {
        String md = facet(journal, src).news(src.day().orElseThrow()).orElse("");
        return markdown("news", md, Optional.empty());
    }

    private static Formatters.Formatted markdown(String topic, String md, Optional<String> time) {
        return new Formatters.Formatted(topic.toLowerCase(Locale.ROOT), MarkdownChunker.chunks(md, time));
    }

    static Formatters.Formatted audio(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        Optional<LocalTime> start = src.segmentStart();
        files(journal, src).ifPresent(f -> f.audio().stream().filter(t -> t.fileName().equals(src.fileName()))
                .forEach(t -> {
                    // an import's starts are clock times already (spec §4), not offsets from the segment start
                    Optional<LocalTime> from = t.imported() ? Optional.of(LocalTime.MIDNIGHT) : start;
                    List<AudioTranscript.Utterance> us = t.utterances();
                    for (int i = 0; i < us.size(); i += UTTERANCES_PER_CHUNK) {
                        List<AudioTranscript.Utterance> part = us.subList(i, Math.min(us.size(), i + UTTERANCES_PER_CHUNK));
                        String text = part.stream().map(u -> u.speaker().map(s -> s + ": ").orElse("") + u.text())
                                .collect(Collectors.joining("\n"));
                        out.add(new Chunk(text, "", at(from, part.getFirst().offset())));
                    }
                }));
        return new Formatters.Formatted("audio", out);
    }

    static Formatters.Formatted screen(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        boolean[] tmux = {false};
        Optional<LocalTime> start = src.segmentStart();
        files(journal, src).ifPresent(f -> f.screens().stream().filter(s -> s.fileName().equals(src.fileName()))
                .forEach(s -> {
                    tmux[0] = s.isTmux();
                    String previous = null;
                    for (ScreenFrame frame : s.frames()) {
                        String text = frameText(frame);
                        if (!text.isBlank() && !text.equals(previous)) { // unchanged screens are indexed once
                            out.add(new Chunk(text, "", at(start, Duration.ofMillis((long) (frame.timestamp() * 1000)))));
                        }
                        previous = text;
                    }
                }));
        return new Formatters.Formatted(tmux[0] ? "tmux" : "screen", out);
    }

    /** A frame's searchable text: what it showed, and for tmux the panes' text without terminal escapes. */
    static String frameText(ScreenFrame frame) {
        List<String> parts = new ArrayList<>();
        for (String s : List.of(frame.primary(), frame.secondary(), frame.visualDescription())) {
            if (!s.isBlank()) {
                parts.add(s.strip());
            }
        }
        frame.tmux().ifPresent(t -> t.panes().forEach(p -> {
            String plain = p.plainContent().strip();
            if (!plain.isEmpty()) {
                parts.add(plain);
            }
        }));
        return String.join("\n", parts);
    }

    static Formatters.Formatted events(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        for (FacetEvent e : facet(journal, src).events(src.day().orElseThrow())) {
            List<String> lines = new ArrayList<>();
            lines.add(e.title());
            addIf(lines, e.summary());
            addIf(lines, e.details());
            if (!e.participants().isEmpty()) {
                lines.add("Participants: " + String.join(", ", e.participants()));
            }
            out.add(new Chunk(String.join("\n", lines).strip(), "", e.start()));
        }
        return new Formatters.Formatted("event", out);
    }

    static Formatters.Formatted attachedEntities(Journal journal, Source src) {
        return new Formatters.Formatted("entity:attached", entities(facet(journal, src).attachedEntities()));
    }

    static Formatters.Formatted detectedEntities(Journal journal, Source src) {
        return new Formatters.Formatted("entity:detected",
                entities(facet(journal, src).detectedEntities(src.day().orElseThrow())));
    }

    private static List<Chunk> entities(List<Entity> entities) {
        List<Chunk> out = new ArrayList<>();
        for (Entity e : entities) {
            StringBuilder sb = new StringBuilder(e.name());
            if (!e.type().isBlank()) {
                sb.append(" (").append(e.type()).append(')');
            }
            if (!e.description().isBlank()) {
                sb.append(": ").append(e.description().strip());
            }
            if (!e.aka().isEmpty()) {
                sb.append("\nAlso known as: ").append(String.join(", ", e.aka()));
            }
            out.add(Chunk.of(sb.toString()));
        }
        return out;
    }

    static Formatters.Formatted todos(Journal journal, Source src) {
        List<Chunk> out = new ArrayList<>();
        for (Todo t : facet(journal, src).todos(src.day().orElseThrow())) {
            String box = switch (t.status()) {
                case OPEN -> "[ ] ";
                case DONE -> "[x] ";
                case CANCELLED -> "[cancelled] ";
            };
            out.add(new Chunk(box + t.text(), "", t.time()));
        }
        return new Formatters.Formatted("todo", out);
    }

    private static void addIf(List<String> lines, String s) {
        if (s != null && !s.isBlank()) {
            lines.add(s.strip());
        }
    }

    private static Optional<String> at(Optional<LocalTime> start, Duration offset) {
        return start.map(s -> HMS.format(s.plusSeconds(Math.min(offset.toSeconds(), 86_399))));
    }

    private static FacetStore facet(Journal journal, Source src) {
        return journal.facetStore(src.facetFolder());
    }

    private static Optional<SegmentFiles> files(Journal journal, Source src) {
        Optional<Segment> seg = journal.days().segment(src.day().orElseThrow(), src.segment().orElseThrow());
        return seg.map(s -> journal.days().files(s));
    }
}
