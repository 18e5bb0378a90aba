package dev.engram.observe.imports;

import dev.engram.journal.LineText;
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
 * {@code 10:03:15 text}, {@code 1:05 PM Name: text}: 24-hour or with AM/PM, also as a markdown list item or with a bold
 * name) start an entry; other lines continue the entry before them. A time more than an hour earlier than the one
 * before it continues on the next day; one less than an hour earlier is out of order and stays in the current
 * segment. Entries are grouped into segments of at most {@link #WINDOW} from their first entry, a new one on each new
 * day; a segment runs from its earliest entry to the next one's start, at most a minute past its latest entry. Text
 * without any time is one segment at the start, one line per paragraph. An entry longer than
 * {@link LineText#MAX_BYTES} is written as several lines at its time ({@link LineText#pieces}), each fitting the
 * journal's per-line limit.
 */
final class TranscriptText {
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_LINES = 100_000;
    private static final String AM_PM = "(?:\\s*(?<%s>[AaPp])\\.?[Mm]\\.?)?";
    private static final Pattern TIMED = Pattern.compile(
            "^\\s*(?:[-*+]\\s+)?(?:\\[(?<bh>\\d{1,2}):(?<bm>\\d{2})(?::(?<bs>\\d{2}))?" + AM_PM.formatted("bap")
                    + "]|\\(?(?<h>\\d{1,2}):(?<m>\\d{2})(?::(?<s>\\d{2}))?" + AM_PM.formatted("ap") + "\\)?(?=\\s))"
                    + "\\s*[-–:]?\\s*(?<rest>.*)$");
    /** A line that starts like a timed one, "[9:3]" or "[25:61]", whether or not its time is a clock time. */
    private static final Pattern TIME_LIKE = Pattern.compile(
            "^\\s*(?:[-*+]\\s+)?\\[\\d{1,2}:\\d{1,2}(?::\\d{1,2})?[^]]{0,6}]");
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
        List<String> notTimes = new ArrayList<>();
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String line = lines[i].strip();
            Optional<LocalTime> time = Optional.empty();
            Matcher m = TIMED.matcher(lines[i]);
            if (m.matches()) {
                time = time(m);
            }
            if (time.isEmpty()) {
                Matcher like = TIME_LIKE.matcher(lines[i]);
                if (like.find()) {
                    notTimes.add(like.group().strip());
                }
            }
            if (time.isPresent()) {
                LocalDateTime at = day.with(time.get());
                if (prev != null && at.isBefore(prev.minusHours(1))) {
                    day = day.plusDays(1);
                    at = day.with(time.get());
                }
                prev = at;
                String rest = m.group("rest").strip();
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
        if (!notTimes.isEmpty()) {
            notes.add(notTimes.size() + (notTimes.size() == 1 ? " line starts" : " lines start") + " with a time that"
                    + " is not a clock time (" + String.join(", ", notTimes.subList(0, Math.min(3, notTimes.size())))
                    + (notTimes.size() > 3 ? ", ..." : "") + "): kept as text, not read as times");
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
        String b = m.group("bh") != null ? "b" : "";
        int h = Integer.parseInt(m.group(b + "h"));
        int min = Integer.parseInt(m.group(b + "m"));
        String sec = m.group(b + "s");
        int s = sec == null ? 0 : Integer.parseInt(sec);
        String half = m.group(b + "ap");
        if (half != null) { // 12-hour clock: 12:xx AM is 00:xx, 1:05 PM is 13:05
            if (h < 1 || h > 12) {
                return Optional.empty();
            }
            h = h % 12 + (half.equalsIgnoreCase("p") ? 12 : 0);
        }
        if (h > 23 || min > 59 || s > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(h, min, s));
    }

    /**
     * Groups entries into segments: a new one when an entry is {@link #WINDOW} or more past the current segment's first
     * entry, or on another day. An entry a little earlier than the one before it (out of order, at most an hour, see
     * {@link #segments}) stays in the current segment, which then starts at its earliest entry and lasts to a minute
     * past its latest one (to the next segment's start when that comes sooner, never past the day's end).
     */
    private static List<ImportedSegment> group(List<Entry> entries) {
        List<List<Entry>> groups = new ArrayList<>();
        for (Entry e : entries) {
            LocalDateTime anchor = groups.isEmpty() ? null : groups.getLast().getFirst().at();
            if (anchor == null || !e.at().isBefore(anchor.plus(WINDOW))
                    || !e.at().toLocalDate().equals(anchor.toLocalDate())) {
                groups.add(new ArrayList<>());
            }
            groups.getLast().add(e);
        }
        List<ImportedSegment> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<Entry> g = groups.get(i);
            LocalDateTime first = g.stream().map(Entry::at).min(LocalDateTime::compareTo).orElseThrow();
            LocalDateTime last = g.stream().map(Entry::at).max(LocalDateTime::compareTo).orElseThrow();
            LocalDateTime end = last.plusMinutes(1);
            if (i + 1 < groups.size()) {
                LocalDateTime next = groups.get(i + 1).stream().map(Entry::at).min(LocalDateTime::compareTo)
                        .orElseThrow();
                if (next.isAfter(last) && next.isBefore(end)) {
                    end = next;
                }
            }
            end = min(end, first.toLocalDate().atTime(23, 59, 59));
            int len = (int) Math.max(1, Duration.between(first, end).toSeconds());
            List<ImportedSegment.Line> lines = new ArrayList<>();
            for (Entry e : g) {
                for (String piece : LineText.pieces(e.text().toString())) {
                    lines.add(new ImportedSegment.Line(e.at().toLocalTime(), e.speaker(), piece));
                }
            }
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
                    for (String piece : LineText.pieces(para.toString())) {
                        out.add(new ImportedSegment.Line(start.toLocalTime(), Optional.empty(), piece));
                    }
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
