package dev.engram.observe.imports;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits transcript text into segments. Lines that start with a clock time ({@code [10:03] Name: text},
 * {@code 10:03:15 text}, also as a markdown list item or with a bold name) start an entry; other lines continue the
 * entry before them. Entries are grouped into segments of at most {@link #WINDOW} from their first entry; a segment
 * runs to the next one's start, at most a minute past its last entry. Times that jump back by more than an hour
 * continue on the next day. Text without any time is one segment at the start, one line per paragraph.
 */
final class TranscriptText {
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_LINES = 100_000;
    private static final Pattern TIMED = Pattern.compile(
            "^\\s*(?:[-*+]\\s+)?(?:\\[(\\d{1,2}):(\\d{2})(?::(\\d{2}))?]|\\(?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\)?(?=\\s))"
                    + "\\s*[-–:]?\\s*(.*)$");
    private static final Pattern SPEAKER = Pattern.compile("^(?:\\*\\*)?([^:*\\[\\]]{1,60}?)(?:\\*\\*)?:(?:\\*\\*)?\\s+(.*)$");

    private TranscriptText() {
    }

    private record Entry(LocalDateTime at, Optional<String> speaker, StringBuilder text) {
    }

    static List<ImportedSegment> segments(String text, LocalDateTime start, List<String> notes) {
        String[] lines = text.split("\r?\n|\r", -1);
        if (lines.length > MAX_LINES) {
            notes.add("only the first " + MAX_LINES + " lines were imported (of " + lines.length + ")");
        }
        List<Entry> entries = new ArrayList<>();
        LocalDateTime day = start.toLocalDate().atStartOfDay();
        LocalDateTime prev = null;
        StringBuilder preamble = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String line = lines[i].strip();
            Optional<LocalTime> time = Optional.empty();
            Matcher m = TIMED.matcher(lines[i]);
            if (m.matches()) {
                time = time(m);
            }
            if (time.isPresent()) {
                LocalDateTime at = day.with(time.get());
                if (prev != null && at.isBefore(prev.minusHours(1))) {
                    day = day.plusDays(1);
                    at = day.with(time.get());
                }
                prev = at;
                String rest = m.group(7).strip();
                Optional<String> speaker = Optional.empty();
                Matcher s = SPEAKER.matcher(rest);
                if (s.matches() && s.group(1).strip().split("\\s+").length <= 5 && !s.group(1).contains("//")) {
                    speaker = Optional.of(s.group(1).strip());
                    rest = s.group(2).strip();
                }
                entries.add(new Entry(at, speaker, new StringBuilder(rest)));
            } else if (!line.isEmpty() && !entries.isEmpty()) {
                StringBuilder sb = entries.getLast().text();
                sb.append(sb.isEmpty() ? "" : " ").append(line);
            } else if (!line.isEmpty()) {
                preamble.append(preamble.isEmpty() ? "" : " ").append(line);
            }
        }
        if (entries.isEmpty()) {
            return untimed(lines, start);
        }
        if (!preamble.isEmpty()) { // a title or notes before the first time: kept, at that time
            entries.addFirst(new Entry(entries.getFirst().at(), Optional.empty(), preamble));
        }
        return group(entries.stream().filter(e -> !e.text().isEmpty()).toList());
    }

    private static Optional<LocalTime> time(Matcher m) {
        boolean bracket = m.group(1) != null;
        int h = Integer.parseInt(bracket ? m.group(1) : m.group(4));
        int min = Integer.parseInt(bracket ? m.group(2) : m.group(5));
        String sec = bracket ? m.group(3) : m.group(6);
        int s = sec == null ? 0 : Integer.parseInt(sec);
        if (h > 23 || min > 59 || s > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(h, min, s));
    }

    private static List<ImportedSegment> group(List<Entry> entries) {
        List<List<Entry>> groups = new ArrayList<>();
        for (Entry e : entries) {
            if (groups.isEmpty() || !e.at().isBefore(groups.getLast().getFirst().at().plus(WINDOW))) {
                groups.add(new ArrayList<>());
            }
            groups.getLast().add(e);
        }
        List<ImportedSegment> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<Entry> g = groups.get(i);
            LocalDateTime first = g.getFirst().at();
            LocalDateTime end = g.getLast().at().plusMinutes(1);
            if (i + 1 < groups.size() && groups.get(i + 1).getFirst().at().isBefore(end)) {
                end = groups.get(i + 1).getFirst().at();
            }
            end = min(end, first.toLocalDate().atTime(23, 59, 59));
            int len = (int) Math.max(1, Duration.between(first, end).toSeconds());
            List<ImportedSegment.Line> lines = g.stream().map(e -> new ImportedSegment.Line(e.at().toLocalTime(),
                    e.speaker(), e.text().toString())).toList();
            out.add(new ImportedSegment(first, len, lines, Map.of()));
        }
        return out;
    }

    /** One segment at {@code start}, one line per paragraph; its length estimates speaking time (150 words/min). */
    private static List<ImportedSegment> untimed(String[] lines, LocalDateTime start) {
        List<ImportedSegment.Line> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        long words = 0;
        for (int i = 0; i <= Math.min(lines.length, MAX_LINES); i++) {
            String line = i < Math.min(lines.length, MAX_LINES) ? lines[i].strip() : "";
            if (line.isEmpty()) {
                if (!para.isEmpty()) {
                    out.add(new ImportedSegment.Line(start.toLocalTime(), Optional.empty(), para.toString()));
                    words += para.toString().split("\\s+").length;
                    para.setLength(0);
                }
            } else {
                para.append(para.isEmpty() ? "" : " ").append(line);
            }
        }
        if (out.isEmpty()) {
            return List.of();
        }
        LocalDateTime endOfDay = start.toLocalDate().atTime(23, 59, 59);
        long len = Math.max(5, Math.min(words * 60 / 150, Duration.between(start, endOfDay).toSeconds()));
        return List.of(new ImportedSegment(start, (int) Math.max(1, len), out, Map.of()));
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
