package dev.engram.apps.transcripts;

import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A day's segments for the timeline, and the number of segments per day of a month. */
final class DayTimeline {
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Journal journal;

    DayTimeline(Journal journal) {
        this.journal = journal;
    }

    /** The day's segments; what cannot be read is skipped and listed under {@code warnings} (C6). */
    Map<String, Object> day(Day day) {
        ReadWarnings warnings = new ReadWarnings(journal);
        DayTimeline reading = new DayTimeline(warnings.journal());
        List<Map<String, Object>> segments = new ArrayList<>();
        for (Segment s : reading.journal.days().segments(day)) {
            segments.add(reading.summary(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.key());
        out.put("date", day.iso());
        out.put("segments", segments);
        out.put("warnings", warnings.json());
        return out;
    }

    private Map<String, Object> summary(Segment s) {
        List<String> names = journal.days().files(s).names();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", s.key().key());
        m.put("start", s.start().format(CLOCK));
        m.put("end", s.end().format(CLOCK));
        m.put("start_seconds", s.key().start().toSecondOfDay());
        m.put("length_seconds", s.key().lengthSeconds());
        m.put("files", names);
        m.put("has_audio", names.stream().anyMatch(n -> n.endsWith("audio.jsonl") || n.endsWith("audio.json")
                || SegmentFiles.isAudio(n)));
        m.put("has_screen", names.stream().anyMatch(n -> n.endsWith("screen.jsonl") || SegmentFiles.isVideo(n)));
        return m;
    }

    Map<String, Integer> month(YearMonth month) {
        Map<String, Integer> out = new TreeMap<>();
        for (Day d : journal.days().list()) {
            if (YearMonth.from(d.date()).equals(month)) {
                int n = journal.days().segments(d).size();
                if (n > 0) {
                    out.put(d.key(), n);
                }
            }
        }
        return out;
    }
}
