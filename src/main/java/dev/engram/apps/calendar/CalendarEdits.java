package dev.engram.apps.calendar;

import dev.engram.convey.ApiError;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Calendar app's writes, each through {@link FacetStore}'s locked, atomic line rewrites, marked as the owner's
 * ({@link FacetEvent#EDITED_BY}, so a forced re-run of the extraction never overwrites them) and logged in the
 * facet's action log with actor {@value #ACTOR}: {@code event_add}, {@code event_edit}, {@code event_delete}.
 */
final class CalendarEdits {
    static final String ACTOR = "calendar"; // the reference: source app, actor the app's name
    static final String APP = "calendar";
    private final Journal journal;
    private final Clock clock;

    CalendarEdits(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** {@code {facet, day, title, start?, end?, type?, summary?, details?, participants?, occurred?}} → the event. */
    Map<String, Object> add(ObjectNode body) {
        EventFields.onlyKnown(body);
        String title = EventFields.title(body, true).orElseThrow();
        Facet facet = CalendarViews.known(journal, EventFields.facet(body).orElseThrow(() ->
                ApiError.badRequest("invalid_facet", "'facet' is required: which facet is the event in?")), true);
        Day day = Day.parse(EventFields.day(body).orElseThrow(() ->
                ApiError.badRequest("invalid_day", "'day' is required: YYYYMMDD, e.g. 20240315")));
        Optional<String> start = EventFields.time(body, "start").flatMap(t -> t);
        Optional<String> end = EventFields.time(body, "end").flatMap(t -> t);
        EventFields.checkTimes(start, end);
        String summary = EventFields.summary(body).orElse("");
        String details = EventFields.details(body).orElse("");
        List<String> participants = EventFields.participants(body).orElse(List.of());
        String type = EventFields.type(body).orElse("event");
        boolean occurred = EventFields.occurred(body).orElseGet(() -> past(day, start));
        long now = clock.millis();
        FacetEvent event = new FacetEvent(type, start, end, occurred ? Optional.empty() : Optional.of(day.iso()),
                title, summary, Optional.of(facet.name()), APP, occurred, "", false, participants, details,
                Extra.empty().with(FacetEvent.EDITED_BY, FacetEvent.OWNER).with(FacetEvent.EDITED_AT, now));
        FacetStore fs = journal.facetStore(facet.name());
        FacetStore.EventLine added = fs.addEvent(day, event);
        Extra p = params(day, added.line()).with("title", title).with("occurred", occurred);
        p = start.isPresent() ? p.with("start", start.get()) : p;
        p = end.isPresent() ? p.with("end", end.get()) : p;
        log(fs, "event_add", p);
        return Map.of("event", CalendarViews.json(day, facet, added));
    }

    /**
     * Any of the add fields: only those change. A new {@code day} or {@code facet} moves the event: it is added
     * there first, then removed here (if the line changed meanwhile the copy is taken back and the answer is 409),
     * so a crash in between leaves two copies, never none.
     */
    Map<String, Object> edit(Day day, String facetName, EventFields.Id id, ObjectNode body) {
        EventFields.onlyKnown(body);
        if (body.isEmpty()) {
            throw ApiError.badRequest("bad_request", "nothing to change: send any of "
                    + String.join(", ", EventFields.KNOWN.stream().sorted().toList()));
        }
        Facet facet = CalendarViews.known(journal, facetName, false);
        FacetStore fs = journal.facetStore(facet.name());
        Optional<String> title = EventFields.title(body, false);
        Optional<Facet> toFacet = EventFields.facet(body).map(f -> CalendarViews.known(journal, f, true));
        Day toDay = EventFields.day(body).map(Day::parse).orElse(day);
        Optional<Optional<String>> start = EventFields.time(body, "start");
        Optional<Optional<String>> end = EventFields.time(body, "end");
        Optional<String> summary = EventFields.summary(body);
        Optional<String> details = EventFields.details(body);
        Optional<List<String>> participants = EventFields.participants(body);
        Optional<String> type = EventFields.type(body);
        Optional<Boolean> occurred = EventFields.occurred(body);
        FacetStore.EventLine line = CalendarViews.find(fs, day, id);
        FacetEvent e = line.event();
        Optional<String> newStart = start.orElse(e.start());
        Optional<String> newEnd = end.orElse(e.end());
        EventFields.checkTimes(newStart, newEnd);
        boolean happened = occurred.orElse(e.occurred());
        Facet target = toFacet.orElse(facet);
        long now = clock.millis();
        Extra extra = e.extra().with(FacetEvent.EDITED_BY, FacetEvent.OWNER).with(FacetEvent.EDITED_AT, now);
        if (!e.ownerEdited() && !e.source().isEmpty() && e.extra().string(FacetEvent.EXTRACTED_TITLE).isEmpty()) {
            extra = extra.with(FacetEvent.EXTRACTED_TITLE, e.title());
        }
        FacetEvent next = new FacetEvent(type.orElse(e.type()), newStart, newEnd,
                happened ? Optional.empty() : Optional.of(toDay.iso()), title.orElse(e.title()),
                summary.orElse(e.summary()), Optional.of(target.name()), e.topic(), happened, e.source(), e.work(),
                participants.orElse(e.participants()), details.orElse(e.details()), extra);
        FacetStore.EventLine saved;
        if (target.name().equals(facet.name()) && toDay.equals(day)) {
            FacetEvent written = fs.updateEvent(day, line.line(), id.fingerprint(), x -> next)
                    .orElseThrow(() -> CalendarViews.changed(fs, day));
            saved = new FacetStore.EventLine(line.line(), written);
        } else {
            FacetStore to = journal.facetStore(target.name());
            saved = to.addEvent(toDay, next);
            if (fs.removeEvent(day, line.line(), id.fingerprint()).isEmpty()) {
                to.removeEvent(toDay, saved.line(), saved.event().fingerprint());
                throw CalendarViews.changed(fs, day);
            }
        }
        Extra p = Extra.empty();
        for (String field : body.propertyNames()) {
            p = p.with(field, body.get(field));
        }
        p = p.with("day", toDay.key()).with("line_number", saved.line());
        if (!toDay.equals(day) || !target.name().equals(facet.name())) {
            p = p.with("from_day", day.key()).with("from_facet", facet.name()).with("from_line_number", line.line());
        }
        log(journal.facetStore(target.name()), "event_edit", p);
        return Map.of("event", CalendarViews.json(toDay, target, saved));
    }

    /** Removes an event the owner added (one found in the recordings can be edited, not removed: 409). */
    Map<String, Object> delete(Day day, String facetName, EventFields.Id id) {
        Facet facet = CalendarViews.known(journal, facetName, false);
        FacetStore fs = journal.facetStore(facet.name());
        FacetStore.EventLine line = CalendarViews.find(fs, day, id);
        if (!line.event().source().isEmpty()) {
            throw new ApiError(409, "extracted_event", "this event was found in " + line.event().source()
                    + "; it cannot be removed here (a re-run would find it again): edit it instead");
        }
        fs.removeEvent(day, line.line(), id.fingerprint()).orElseThrow(() -> CalendarViews.changed(fs, day));
        log(fs, "event_delete", params(day, line.line()).with("title", line.event().title()));
        return Map.of("deleted", true, "day", day.key(), "facet", facet.name());
    }

    /** Whether a new event on that day (and time) lies in the past: then it occurred, else it is anticipated. */
    private boolean past(Day day, Optional<String> start) {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDate today = now.toLocalDate();
        if (!day.date().equals(today)) {
            return day.date().isBefore(today);
        }
        return start.map(s -> LocalTime.parse(s).isBefore(now.toLocalTime())).orElse(false);
    }

    private static Extra params(Day day, int line) {
        return Extra.empty().with("day", day.key()).with("line_number", line);
    }

    /** Logs in the facet's action log of today as the reference does for apps: source app, actor the app's name. */
    private void log(FacetStore fs, String action, Extra params) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        fs.log(new Day(now.toLocalDate()), new ActionLogEntry(now.toString(), "app", ACTOR, action, params,
                Optional.empty(), Optional.empty(), Extra.empty()));
    }
}
