package dev.engram.observe.imports;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small iCalendar (RFC 5545) reader for VEVENTs: unfolds lines ({@link #unfoldBytes}, before decoding), splits
 * {@code NAME;PARAM=...:VALUE} (quoted parameter values may hold {@code :} and {@code ;}), unescapes text values, and
 * reads DTSTART/DTEND as a date ({@code VALUE=DATE}), UTC ({@code ...Z}), in a {@code TZID} zone, or floating (the
 * owner's zone); times come out in the owner's zone. Recurrence rules are not expanded (the first occurrence is
 * kept and flagged). Bounded: at most {@link #MAX_EVENTS} events and {@link #MAX_LINE} characters per unfolded line.
 */
final class IcsCalendar {
    static final int MAX_EVENTS = 20_000;
    static final int MAX_LINE = 256 * 1024;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    /** A point in time of an event: a local date-time in the owner's zone, or a whole day. */
    record When(LocalDate date, Optional<LocalDateTime> time) {
    }

    record Event(String uid, String summary, String description, String location, When start, Optional<When> end,
                 List<String> attendees, boolean recurring) {
    }

    /** A content line: name (upper-case), parameters (upper-case names), value (raw). */
    record Property(String name, Map<String, String> params, String value) {
    }

    private IcsCalendar() {
    }

    static List<Event> parse(String text, ZoneId zone, List<String> notes) {
        List<Event> events = new ArrayList<>();
        List<Property> current = null;
        int depth = 0;
        int skipped = 0;
        java.util.Set<String> unknownZones = new java.util.TreeSet<>();
        for (String line : lines(text)) {
            Property p = property(line);
            if (p == null) {
                continue;
            }
            if (p.name().equals("BEGIN") && p.value().equalsIgnoreCase("VEVENT")) {
                current = new ArrayList<>();
                depth = 0;
            } else if (current != null && p.name().equals("BEGIN")) {
                depth++; // VALARM and other nested components: their properties are not the event's
            } else if (current != null && p.name().equals("END") && depth > 0) {
                depth--;
            } else if (current != null && p.name().equals("END") && p.value().equalsIgnoreCase("VEVENT")) {
                Optional<Event> e = event(current, zone);
                if (e.isPresent()) {
                    if (events.size() >= MAX_EVENTS) {
                        notes.add("only the first " + MAX_EVENTS + " events were imported");
                        break;
                    }
                    events.add(e.get());
                } else {
                    skipped++;
                }
                current = null;
            } else if (current != null && depth == 0) {
                current.add(p);
                String tzid = p.params().get("TZID");
                if (tzid != null && (p.name().equals("DTSTART") || p.name().equals("DTEND"))
                        && zoneOf(tzid).isEmpty()) {
                    unknownZones.add(tzid.replaceAll("\\p{Cntrl}", "?"));
                }
            }
        }
        if (!unknownZones.isEmpty()) {
            notes.add("times in " + (unknownZones.size() == 1 ? "the time zone " : "the time zones ") + "'"
                    + String.join("', '", unknownZones) + "' (not a zone name Engram knows, e.g. Outlook's Windows"
                    + " names) were read as " + zone.getId() + " time: check those events' times");
        }
        if (skipped > 0) {
            notes.add(skipped + (skipped == 1 ? " event was" : " events were") + " skipped: no readable DTSTART");
        }
        return events;
    }

    /**
     * Removes the folds (RFC 5545 3.1: a line break, CRLF or a bare LF or CR, followed by one space or tab) from the
     * raw bytes, so that a multi-byte UTF-8 character split by a fold is whole again before the text is decoded.
     */
    static byte[] unfoldBytes(byte[] in) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int brk = in[i] == '\r' && i + 1 < in.length && in[i + 1] == '\n' ? 2 : in[i] == '\n' || in[i] == '\r' ? 1
                    : 0;
            if (brk > 0 && i + brk < in.length && (in[i + brk] == ' ' || in[i + brk] == '\t')) {
                i += brk; // the break and the white space after it
                continue;
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }

    /** The content lines of unfolded text ({@link #unfoldBytes}), each cut at {@value #MAX_LINE} characters. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\r\n|\n|\r", -1)) {
            out.add(raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw);
        }
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    /** Splits a content line; {@code null} when it has no ':' outside quotes. */
    static Property property(String line) {
        boolean quoted = false;
        int colon = -1;
        List<Integer> semis = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ';') {
                semis.add(i);
            } else if (!quoted && c == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 1) {
            return null;
        }
        int nameEnd = semis.isEmpty() ? colon : semis.getFirst();
        Map<String, String> params = new HashMap<>();
        for (int k = 0; k < semis.size(); k++) {
            String param = line.substring(semis.get(k) + 1, k + 1 < semis.size() ? semis.get(k + 1) : colon);
            int eq = param.indexOf('=');
            if (eq > 0) {
                String v = param.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                params.put(param.substring(0, eq).strip().toUpperCase(java.util.Locale.ROOT), v);
            }
        }
        return new Property(line.substring(0, nameEnd).strip().toUpperCase(java.util.Locale.ROOT), params,
                line.substring(colon + 1));
    }

    /** RFC 5545 §3.3.11 TEXT: {@code \n} {@code \N} newline, {@code \,} {@code \;} {@code \\}. */
    static String text(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Optional<Event> event(List<Property> props, ZoneId zone) {
        Map<String, Property> first = new HashMap<>();
        List<String> attendees = new ArrayList<>();
        for (Property p : props) {
            first.putIfAbsent(p.name(), p);
            if (p.name().equals("ATTENDEE")) {
                String cn = p.params().get("CN");
                String who = cn != null && !cn.isBlank() ? cn : p.value().replaceFirst("(?i)^mailto:", "");
                if (!who.isBlank()) {
                    attendees.add(text(who).strip());
                }
            }
        }
        Optional<When> start = Optional.ofNullable(first.get("DTSTART")).flatMap(p -> when(p, zone));
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Optional<When> end = Optional.ofNullable(first.get("DTEND")).flatMap(p -> when(p, zone));
        return Optional.of(new Event(value(first, "UID"), value(first, "SUMMARY").strip(),
                value(first, "DESCRIPTION").strip(), value(first, "LOCATION").strip(), start.get(), end,
                attendees, first.containsKey("RRULE")));
    }

    private static String value(Map<String, Property> props, String name) {
        Property p = props.get(name);
        return p == null ? "" : text(p.value());
    }

    /** DTSTART/DTEND: a date, a UTC time, a time in TZID (unknown zones: the owner's, said in the note), floating. */
    static Optional<When> when(Property p, ZoneId zone) {
        String v = p.value().strip();
        try {
            if ("DATE".equalsIgnoreCase(p.params().get("VALUE")) || v.length() == 8) {
                return Optional.of(new When(LocalDate.parse(v.substring(0, 8), DATE), Optional.empty()));
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                LocalDateTime utc = LocalDateTime.parse(v.substring(0, v.length() - 1), DATE_TIME);
                LocalDateTime local = utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime();
                return Optional.of(new When(local.toLocalDate(), Optional.of(local)));
            }
            LocalDateTime t = LocalDateTime.parse(v, DATE_TIME);
            String tzid = p.params().get("TZID");
            if (tzid != null) {
                ZoneId from = zoneOf(tzid).orElse(zone);
                t = t.atZone(from).withZoneSameInstant(zone).toLocalDateTime();
            }
            return Optional.of(new When(t.toLocalDate(), Optional.of(t)));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> zoneOf(String tzid) {
        String id = tzid.startsWith("/") ? tzid.substring(1) : tzid;
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
