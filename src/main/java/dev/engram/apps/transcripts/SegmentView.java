package dev.engram.apps.transcripts;

import dev.engram.convey.Markdown;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Insight;
import dev.engram.journal.Journal;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.Warning;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one segment holds, as JSON: media links, audio transcripts, screen extracts and insights. */
final class SegmentView {
    private final Journal journal;

    SegmentView(Journal journal) {
        this.journal = journal;
    }

    /** The segment's content; files that cannot be read are skipped and listed under {@code warnings} (C6). */
    Map<String, Object> build(Segment s) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Map<String, Object> out = new SegmentView(warnings.journal()).read(s);
        out.put("warnings", warnings.json());
        return out;
    }

    private Map<String, Object> read(Segment s) {
        SegmentFiles files = journal.days().files(s);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", s.day().key());
        out.put("segment", s.key().key());
        out.put("start", s.start().format(DayTimeline.CLOCK));
        out.put("end", s.end().format(DayTimeline.CLOCK));
        out.put("files", files.names());
        out.put("media", media(s, files));
        out.put("audio", files.audio().stream().map(t -> audio(s, t)).toList());
        out.put("screens", files.screens().stream().map(e -> screen(s, e)).toList());
        List<Map<String, Object>> insights = new ArrayList<>();
        for (Insight i : files.insights()) {
            insights.add(Map.of("topic", i.topic(), "html", Markdown.toHtml(i.markdown())));
        }
        out.put("insights", insights);
        return out;
    }

    private static List<Map<String, Object>> media(Segment s, SegmentFiles files) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : files.media()) {
            String kind = SegmentFiles.isAudio(name) ? "audio" : SegmentFiles.isVideo(name) ? "video" : "image";
            out.add(Map.of("name", name, "kind", kind, "content_type", MediaFiles.contentType(name),
                    "url", "/app/transcripts/media/" + s.day().key() + "/" + s.key().key() + "/"
                            + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return out;
    }

    private Map<String, Object> audio(Segment s, AudioTranscript t) {
        boolean imported = t.imported();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (AudioTranscript.Utterance u : t.utterances()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offset", u.start());
            m.put("time", imported ? u.start() : clock(s, t, u));
            m.put("text", u.text());
            m.put("speaker", u.speaker().orElse(""));
            m.put("source", u.source().orElse(""));
            lines.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", t.fileName());
        m.put("raw", t.raw().orElse(""));
        m.put("setting", t.meta().string("setting").orElse(""));
        m.put("imported", imported);
        m.put("utterances", lines);
        return m;
    }

    /**
     * The utterance's clock time: segment start plus its offset (imported transcripts carry clock times already). A
     * start that is not {@code [H]H:MM:SS} or lands outside any date (a huge hour count) has no time and becomes a
     * warning naming the transcript.
     */
    private String clock(Segment s, AudioTranscript t, AudioTranscript.Utterance u) {
        if (u.start().isEmpty()) {
            return "";
        }
        Optional<String> time = clock(s, u);
        if (time.isEmpty()) {
            journal.warningSink().warn(new Warning(s.id() + "/" + t.fileName(), 0, "utterance start "
                    + shown(u.start()) + " is not a time offset HH:MM:SS; shown without a time"));
        }
        return time.orElse("");
    }

    private static String shown(String start) {
        return "'" + (start.length() > 40 ? start.substring(0, 40) + "..." : start) + "'";
    }

    /** Segment start plus the utterance's offset, or empty when the offset is unparsable or out of range. */
    static Optional<String> clock(Segment s, AudioTranscript.Utterance u) {
        Optional<Duration> offset = u.parsedOffset();
        if (offset.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDateTime at = s.start().plus(offset.get());
            return Optional.of(at.format(DayTimeline.CLOCK));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> screen(Segment s, ScreenExtract e) {
        List<Map<String, Object>> frames = new ArrayList<>();
        for (ScreenFrame f : e.frames()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", f.timestamp());
            m.put("time", s.start().plusNanos((long) (f.timestamp() * 1e9)).format(DayTimeline.CLOCK));
            m.put("description", f.visualDescription());
            m.put("category", f.primary());
            m.put("secondary", f.secondary());
            f.tmux().ifPresent(t -> m.put("tmux", tmux(t)));
            frames.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", e.fileName());
        m.put("raw", e.raw().orElse(""));
        m.put("tmux", e.isTmux());
        m.put("frames", frames);
        return m;
    }

    private static Map<String, Object> tmux(ScreenFrame.TmuxCapture t) {
        List<Map<String, Object>> panes = new ArrayList<>();
        for (ScreenFrame.TmuxPane p : t.panes()) {
            List<Map<String, String>> runs = AnsiRuns.of(p.content()).stream()
                    .map(r -> Map.of("text", r.text(), "classes", r.classes())).toList();
            panes.add(Map.of("index", p.index(), "active", p.active(), "text", p.plainContent(), "runs", runs));
        }
        return Map.of("session", t.session(), "window", t.window(), "panes", panes);
    }
}
