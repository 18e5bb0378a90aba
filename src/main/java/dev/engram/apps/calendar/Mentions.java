package dev.engram.apps.calendar;

import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an event was mentioned, as links into the other apps: its source segment (the transcripts app at that
 * segment, and at the event's start when it falls inside it), the recorded segments of its day that overlap its time
 * (occurred events), the daily insight it was extracted from (the home app on that day), and a search for its title.
 * Reads one day's segment listing at most; at most {@link #MAX_SEGMENTS} overlapping segments are listed.
 */
final class Mentions {
    static final int MAX_SEGMENTS = 12;
    private static final Pattern SEGMENT_SOURCE = Pattern.compile("(\\d{8})/(\\d{6}_\\d+)/[^/]+");
    private static final java.time.format.DateTimeFormatter HMS = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern DAY_INSIGHT = Pattern.compile("(\\d{8})/insights/([^/]+)\\.md");

    /** One link: {@code kind} is segment, insight or search. */
    record Mention(String kind, String label, String url, Optional<String> day, Optional<String> segment,
                   Optional<String> time) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("label", label);
            m.put("url", url);
            m.put("day", day.orElse(null));
            m.put("segment", segment.orElse(null));
            m.put("time", time.orElse(null));
            return m;
        }
    }

    private final Journal journal;

    Mentions(Journal journal) {
        this.journal = journal;
    }

    List<Map<String, Object>> of(Day day, FacetEvent e) {
        List<Mention> out = new ArrayList<>();
        Optional<Mention> source = sourceSegment(day, e);
        source.ifPresent(out::add);
        Optional<LocalTime> begins = time(e.start());
        if (e.occurred() && begins.isPresent()) {
            LocalTime start = begins.get();
            LocalTime end = time(e.end()).filter(t -> !t.isBefore(start)).orElse(start);
            int n = 0;
            for (Segment s : journal.days().segments(day)) {
                if (n >= MAX_SEGMENTS) {
                    break;
                }
                boolean overlaps = !s.start().isAfter(day.date().atTime(end))
                        && s.end().isAfter(day.date().atTime(start));
                if (overlaps && source.flatMap(Mention::segment).filter(s.key().key()::equals).isEmpty()) {
                    out.add(segment("Recorded " + s.key().key(), day, s.key(), e));
                    n++;
                }
            }
        }
        Matcher insight = DAY_INSIGHT.matcher(e.source());
        if (insight.matches() && Day.tryParse(insight.group(1)).isPresent()) {
            out.add(new Mention("insight", "Insight “" + insight.group(2) + "” of " + insight.group(1),
                    "/app/home/" + insight.group(1), Optional.of(insight.group(1)), Optional.empty(),
                    Optional.empty()));
        }
        out.add(new Mention("search", "Search for “" + e.title() + "”", "/app/search?q="
                + URLEncoder.encode(e.title(), StandardCharsets.UTF_8), Optional.empty(), Optional.empty(),
                Optional.empty()));
        return out.stream().map(Mention::json).toList();
    }

    /** The segment an event was extracted from ({@code source} {@code YYYYMMDD/HHMMSS_LEN/<file>}), if any. */
    static Optional<Mention> sourceSegment(Day day, FacetEvent e) {
        Matcher m = SEGMENT_SOURCE.matcher(e.source());
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Day> sourceDay = Day.tryParse(m.group(1));
        Optional<SegmentKey> key = SegmentKey.tryParse(m.group(2)).filter(SegmentKey::wellFormed);
        if (sourceDay.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(segment("Source segment " + key.get().key(), sourceDay.get(), key.get(),
                sourceDay.get().equals(day) ? e : null));
    }

    /** A stored time ({@code HH:MM[:SS]}); empty when missing or malformed (a hand-edited file). */
    private static Optional<LocalTime> time(Optional<String> text) {
        try {
            return text.map(LocalTime::parse);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The transcripts app at the segment, at the event's start when it lies inside the segment. */
    private static Mention segment(String label, Day day, SegmentKey key, FacetEvent e) {
        Optional<String> time = Optional.empty();
        Optional<LocalTime> start = e == null ? Optional.empty() : time(e.start());
        if (start.isPresent()) {
            LocalDateTime at = day.date().atTime(start.get());
            LocalDateTime from = day.date().atTime(key.start());
            if (!at.isBefore(from) && at.isBefore(from.plusSeconds(key.lengthSeconds()))) {
                time = Optional.of(HMS.format(start.get()));
            }
        }
        return new Mention("segment", label, "/app/transcripts/" + day.key() + "?segment=" + key.key()
                + time.map(t -> "&t=" + t).orElse(""), Optional.of(day.key()), Optional.of(key.key()), time);
    }
}
