package dev.engram.observe.imports;

import dev.engram.observe.api.ImportException;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calendars ({@code .ics}): each VEVENT becomes a facet event filed under its own day, {@code type} "calendar",
 * {@code occurred} when it started before the import, {@code date} set for anticipated ones (as the reference files
 * anticipations), participants from the attendees, and the location and description in {@code details}.
 */
final class CalendarStep implements ImportStep {
    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Override
    public Set<String> extensions() {
        return Set.of("ics");
    }

    @Override
    public String kind() {
        return "calendar";
    }

    @Override
    public boolean needsFacet() {
        return true;
    }

    @Override
    public ImportedContent read(Path original, ImportContext context) throws IOException {
        // unfolded before decoding: a fold may split a UTF-8 character (RFC 5545 3.1 says readers must cope)
        String text = TextStep.utf8(IcsCalendar.unfoldBytes(TextStep.readBytes(original, MAX_BYTES)));
        if (!text.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("BEGIN:VCALENDAR")) {
            throw new ImportException("invalid_content", "not an iCalendar file (it does not start with"
                    + " BEGIN:VCALENDAR)");
        }
        List<String> notes = new ArrayList<>();
        List<IcsCalendar.Event> events = IcsCalendar.parse(text, context.zone(), notes);
        LocalDateTime now = LocalDateTime.ofInstant(context.clock().instant(), context.zone());
        Map<Day, List<FacetEvent>> byDay = new TreeMap<>();
        int recurring = 0;
        for (IcsCalendar.Event e : events) {
            recurring += e.recurring() ? 1 : 0;
            byDay.computeIfAbsent(day(e.start().date()), d -> new ArrayList<>()).add(facetEvent(e, context, now));
        }
        if (recurring > 0) {
            notes.add(recurring + " recurring " + (recurring == 1 ? "event" : "events")
                    + " imported as the first occurrence only (repeat rules are not expanded)");
        }
        if (events.isEmpty()) {
            throw new ImportException("empty_content", "the calendar has no events with a readable start (DTSTART)"
                    + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
        }
        return new ImportedContent(List.of(), byDay, notes);
    }

    private static FacetEvent facetEvent(IcsCalendar.Event e, ImportContext context, LocalDateTime now) {
        Optional<String> start = e.start().time().map(HMS::format);
        Optional<String> end = e.end().filter(w -> w.date().equals(e.start().date()))
                .flatMap(IcsCalendar.When::time).map(HMS::format);
        LocalDateTime begins = e.start().time().orElse(e.start().date().atStartOfDay());
        boolean occurred = begins.isBefore(now);
        StringBuilder details = new StringBuilder();
        if (!e.location().isEmpty()) {
            details.append("Location: ").append(e.location());
        }
        if (!e.description().isEmpty()) {
            details.append(details.isEmpty() ? "" : "\n").append(e.description());
        }
        String summary = e.description().length() > 280 ? e.description().substring(0, 280) + "…" : e.description();
        Extra extra = Extra.empty().with("import_id", context.id());
        if (!e.uid().isEmpty()) {
            extra = extra.with("uid", e.uid());
        }
        return new FacetEvent("calendar", start, end, occurred ? Optional.empty()
                : Optional.of(e.start().date().toString()), e.summary().isEmpty() ? "(untitled event)" : e.summary(),
                summary, context.facet(), "calendar", occurred, context.rawPath().replace("../../", ""), false,
                e.attendees(), details.toString(), extra);
    }

    private static Day day(java.time.LocalDate d) {
        return Day.of(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    /**
     * Appends a calendar's events to the facet's day files, each unless the same entry is already there
     * ({@link #sameEvent}); returns how many were added.
     */
    static int append(Journal journal, Optional<String> facet, Map<Day, List<FacetEvent>> events) {
        if (events.isEmpty() || facet.isEmpty()) {
            return 0;
        }
        var store = journal.facetStore(facet.get());
        int added = 0;
        for (Map.Entry<Day, List<FacetEvent>> e : events.entrySet()) {
            List<FacetEvent> existing = store.events(e.getKey());
            List<FacetEvent> fresh = e.getValue().stream().filter(ev -> existing.stream()
                    .noneMatch(x -> sameEvent(x, ev))).toList();
            if (!fresh.isEmpty()) {
                store.appendEvents(e.getKey(), fresh);
                added += fresh.size();
            }
        }
        return added;
    }

    /**
     * The same calendar entry (the two are in one day's file): same UID and start when both have a UID (a RECURRENCE-ID
     * override of a repeating event has its own start), else same title and start. Never by fields that change with
     * time ({@code date} and {@code occurred} change once the event has passed).
     */
    static boolean sameEvent(FacetEvent a, FacetEvent b) {
        Optional<String> ua = a.extra().string("uid");
        Optional<String> ub = b.extra().string("uid");
        if (ua.isPresent() && ub.isPresent()) {
            return ua.equals(ub) && a.start().equals(b.start());
        }
        return a.title().equals(b.title()) && a.start().equals(b.start());
    }
}
