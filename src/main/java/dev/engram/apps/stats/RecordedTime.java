package dev.engram.apps.stats;

import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers of the Stats page over a range of days, from the journal's folders and facet events only (never the
 * media): per day the segments and their recorded, speech and screen seconds; per hour of the day the recorded seconds
 * (a segment is split across the hours it spans); per facet the segments it was active in (an occurred event of that
 * facet overlapping the segment), the rest counted as unassigned. A segment has speech when it has an audio transcript
 * ({@code *audio.jsonl}: the reference writes none when it finds no speech), screen when it has a screen extract or
 * video.
 */
final class RecordedTime {
    private final Journal journal;

    RecordedTime(Journal journal) {
        this.journal = journal;
    }

    /** {@code {from, to, totals, days[], hours[], facets[], unassigned, warnings}}. */
    Map<String, Object> over(Range range) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        List<Facet> facets = j.facets();
        long[] hourSeconds = new long[24];
        long[] hourSegments = new long[24];
        Map<String, long[]> perFacet = new LinkedHashMap<>();
        facets.forEach(f -> perFacet.put(f.name(), new long[2]));
        long[] unassigned = new long[2];
        long[] totals = new long[5];
        List<Map<String, Object>> days = new ArrayList<>();
        java.util.Set<Day> recorded = new java.util.HashSet<>(j.days().list());
        for (Day day : range.days()) {
            long[] d = new long[4];
            if (recorded.contains(day)) {
                Map<String, List<FacetEvent>> events = new LinkedHashMap<>();
                for (Facet f : facets) {
                    events.put(f.name(), j.facetStore(f.name()).events(day));
                }
                for (Segment s : j.days().segments(day)) {
                    long len = s.key().lengthSeconds();
                    List<String> names = j.days().files(s).names();
                    d[0]++;
                    d[1] += len;
                    if (names.stream().anyMatch(n -> n.endsWith("audio.jsonl"))) {
                        d[2] += len;
                    }
                    if (names.stream().anyMatch(n -> n.endsWith("screen.jsonl") || SegmentFiles.isVideo(n))) {
                        d[3] += len;
                    }
                    spread(s, hourSeconds, hourSegments);
                    boolean any = false;
                    for (var e : events.entrySet()) {
                        if (e.getValue().stream().anyMatch(ev -> overlaps(ev, s))) {
                            long[] f = perFacet.get(e.getKey());
                            f[0]++;
                            f[1] += len;
                            any = true;
                        }
                    }
                    if (!any) {
                        unassigned[0]++;
                        unassigned[1] += len;
                    }
                }
            }
            if (d[0] > 0) {
                totals[0]++;
            }
            for (int i = 0; i < 4; i++) {
                totals[i + 1] += d[i];
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", day.key());
            m.put("segments", d[0]);
            m.put("recorded_seconds", d[1]);
            m.put("speech_seconds", d[2]);
            m.put("screen_seconds", d[3]);
            days.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().key());
        out.put("to", range.to().key());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("days", range.days().size());
        t.put("recorded_days", totals[0]);
        t.put("segments", totals[1]);
        t.put("recorded_seconds", totals[2]);
        t.put("speech_seconds", totals[3]);
        t.put("screen_seconds", totals[4]);
        out.put("totals", t);
        out.put("days", days);
        List<Map<String, Object>> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(Map.of("hour", h, "recorded_seconds", hourSeconds[h], "segments", hourSegments[h]));
        }
        out.put("hours", hours);
        List<Map<String, Object>> f = new ArrayList<>();
        for (Facet facet : facets) {
            long[] n = perFacet.get(facet.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", facet.name());
            m.put("title", facet.title().isBlank() ? facet.name() : facet.title());
            m.put("color", facet.color());
            m.put("emoji", facet.emoji());
            m.put("muted", facet.muted());
            m.put("segments", n[0]);
            m.put("recorded_seconds", n[1]);
            f.add(m);
        }
        f.sort(java.util.Comparator.comparingLong((Map<String, Object> m) -> (long) m.get("segments")).reversed()
                .thenComparing(m -> (String) m.get("name")));
        out.put("facets", f);
        out.put("unassigned", Map.of("segments", unassigned[0], "recorded_seconds", unassigned[1]));
        out.put("warnings", warnings.json());
        return out;
    }

    /** Adds the segment's seconds to each clock hour it covers (past midnight: the early hours). */
    private static void spread(Segment s, long[] seconds, long[] segments) {
        int at = s.key().start().toSecondOfDay();
        long left = s.key().lengthSeconds();
        segments[at / 3600]++;
        while (left > 0) {
            int hour = (at / 3600) % 24;
            long inHour = Math.min(left, 3600 - at % 3600);
            seconds[hour] += inHour;
            left -= inHour;
            at = (at + (int) inHour) % 86_400;
        }
    }

    /** An occurred event whose [start, end] (or start alone) meets the segment's span. */
    private static boolean overlaps(FacetEvent e, Segment s) {
        if (!e.occurred()) {
            return false;
        }
        Optional<LocalTime> start = time(e.start());
        if (start.isEmpty()) {
            return false;
        }
        LocalDateTime from = s.day().date().atTime(start.get());
        LocalDateTime to = time(e.end()).map(t -> s.day().date().atTime(t)).filter(t -> !t.isBefore(from)).orElse(from);
        return !to.isBefore(s.start()) && from.isBefore(s.end());
    }

    private static Optional<LocalTime> time(Optional<String> text) {
        try {
            return text.filter(t -> !t.isBlank()).map(LocalTime::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
