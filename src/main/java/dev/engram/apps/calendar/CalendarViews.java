package dev.engram.apps.calendar;

import dev.engram.convey.ApiError;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Journal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Calendar app's reads: the events and anticipations of a range of days across facets (each with its facet's
 * title and colour), and one event with the places it was mentioned ({@link Mentions}).
 */
final class CalendarViews {
    /** The longest range one request may read (a month view shows at most 42 days). */
    static final int MAX_DAYS = 62;
    private final Journal journal;
    private final Clock clock;

    CalendarViews(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** A checked inclusive range: 400 {@code invalid_range} when reversed, {@code range_too_long} past the limit. */
    static void checkRange(Day from, Day to) {
        if (from.compareTo(to) > 0) {
            throw ApiError.badRequest("invalid_range", "'from' (" + from.key() + ") is after 'to' (" + to.key() + ")");
        }
        long days = ChronoUnit.DAYS.between(from.date(), to.date()) + 1;
        if (days > MAX_DAYS) {
            throw ApiError.badRequest("range_too_long", "the range has " + days + " days; at most " + MAX_DAYS
                    + " can be read at once");
        }
    }

    /** {@code {from, to, today, facets[...], events[...], warnings}}, events by day, then time (untimed first). */
    Map<String, Object> range(Day from, Day to, Optional<String> facet) {
        checkRange(from, to);
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        List<Facet> facets = scope(j, facet);
        record Item(Day day, Facet facet, FacetStore.EventLine line) {
        }
        List<Item> items = new ArrayList<>();
        for (Facet f : facets) {
            FacetStore fs = j.facetStore(f.name());
            for (Day d : fs.eventDays()) {
                if (d.compareTo(from) >= 0 && d.compareTo(to) <= 0) {
                    fs.eventLines(d).forEach(l -> items.add(new Item(d, f, l)));
                }
            }
        }
        items.sort(Comparator.comparing(Item::day)
                .thenComparing(i -> i.line().event().start().orElse(""))
                .thenComparing(i -> i.facet().name())
                .thenComparingInt(i -> i.line().line()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.key());
        out.put("to", to.key());
        out.put("today", today().key());
        out.put("facets", facets.stream().map(CalendarViews::facetJson).toList());
        out.put("events", items.stream().map(i -> json(i.day(), i.facet(), i.line())).toList());
        out.put("warnings", warnings.json());
        return out;
    }

    /** {@code {event, mentions[{kind, label, url, day?, segment?, time?}], warnings}}. */
    Map<String, Object> event(Day day, String facetName, EventFields.Id id) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        Facet facet = known(j, facetName, false);
        FacetStore.EventLine line = find(j.facetStore(facet.name()), day, id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", json(day, facet, line));
        out.put("mentions", new Mentions(j).of(day, line.event()));
        out.put("warnings", warnings.json());
        return out;
    }

    /**
     * The event with that id on that day: 409 {@code event_changed} when its line (or its fingerprint) is still there
     * but the two no longer match (the file changed since it was read), else 404 {@code unknown_event}.
     */
    static FacetStore.EventLine find(FacetStore fs, Day day, EventFields.Id id) {
        List<FacetStore.EventLine> lines = fs.eventLines(day);
        for (FacetStore.EventLine l : lines) {
            if (l.line() == id.line() && l.event().fingerprint().equals(id.fingerprint())) {
                return l;
            }
        }
        if (lines.stream().anyMatch(l -> l.line() == id.line() || l.event().fingerprint().equals(id.fingerprint()))) {
            throw changed(fs, day);
        }
        throw ApiError.notFound("unknown_event", "there is no such event in " + fs.name() + " on " + day.key()
                + " (it may have been changed or removed: reload)");
    }

    /** 409 {@code event_changed}: the day's file changed since the client read it. */
    static ApiError changed(FacetStore fs, Day day) {
        return new ApiError(409, "event_changed", "the events of " + fs.name() + " on " + day.key()
                + " changed since they were read; reload and try again");
    }

    private Day today() {
        return new Day(LocalDate.now(clock));
    }

    /** The named facet ({@code ?facet=}: 400 when unknown), or every unmuted one. */
    static List<Facet> scope(Journal journal, Optional<String> facet) {
        if (facet.isPresent()) {
            return List.of(known(journal, facet.get(), true));
        }
        return journal.facets().stream().filter(f -> !f.muted()).toList();
    }

    /** A facet that exists: else 404 (a name in the path) or 400 (in a body or query) {@code unknown_facet}. */
    static Facet known(Journal journal, String name, boolean inRequest) {
        return journal.facet(name).orElseThrow(() -> new ApiError(inRequest ? 400 : 404, "unknown_facet",
                "there is no facet '" + name + "'; create it in Settings first"));
    }

    static Map<String, Object> facetJson(Facet f) {
        return Map.of("name", f.name(), "title", f.title(), "color", f.color(), "emoji", f.emoji());
    }

    /**
     * An event as the API gives it: {@code id} ({@code <line>-<fingerprint>}, what edits send back), the day whose
     * file holds it, its facet's name, title, colour and emoji, the event's fields, {@code anticipated} (not
     * occurred), {@code owner_edited} and {@code source_url} (the transcripts app at its source segment, when it came
     * from one).
     */
    static Map<String, Object> json(Day day, Facet facet, FacetStore.EventLine line) {
        FacetEvent e = line.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", new EventFields.Id(line.line(), e.fingerprint()).toString());
        m.put("day", day.key());
        m.put("facet", facet.name());
        m.put("facet_title", facet.title().isBlank() ? facet.name() : facet.title());
        m.put("color", facet.color());
        m.put("emoji", facet.emoji());
        m.put("type", e.type());
        m.put("title", e.title());
        m.put("summary", e.summary());
        m.put("details", e.details());
        m.put("start", e.start().orElse(null));
        m.put("end", e.end().orElse(null));
        m.put("date", e.date().orElse(null));
        m.put("occurred", e.occurred());
        m.put("anticipated", !e.occurred());
        m.put("participants", e.participants());
        m.put("topic", e.topic());
        m.put("source", e.source());
        m.put("owner_edited", e.ownerEdited());
        m.put("source_url", Mentions.sourceSegment(day, e).map(Mentions.Mention::url).orElse(null));
        return m;
    }
}
