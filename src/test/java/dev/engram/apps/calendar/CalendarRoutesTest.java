package dev.engram.apps.calendar;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Calendar app's API over real HTTP against a real journal: ranges, events, mentions, edits and their errors. */
class CalendarRoutesTest {
    static final String TODAY = CalendarJournal.TODAY.key();
    static final String PLANNED = CalendarJournal.PLANNED.key();
    @TempDir
    Path dir;
    JournalServer server;
    HttpSession http;

    @BeforeEach
    void start() {
        server = new JournalServer(CalendarJournal.create(dir.resolve("journal")), new ServiceRegistry(),
                List.of(new CalendarApp(CalendarJournal.CLOCK)));
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode range(String from, String to, String extra) {
        return ok(http.get("/app/calendar/api/events?from=" + from + "&to=" + to + extra));
    }

    JsonNode find(JsonNode events, String title) {
        for (JsonNode e : events) {
            if (e.path("title").asString().equals(title)) {
                return e;
            }
        }
        throw new AssertionError("no event '" + title + "' in " + events);
    }

    List<FacetEvent> events(String facet, Day day) {
        return server.journal.facetStore(facet).events(day);
    }

    List<ActionLogEntry> log(String facet) {
        return server.journal.facetStore(facet).logs(CalendarJournal.TODAY);
    }

    @Test
    void theRangeSaysWhatToConfigureUntilAProviderIsConfigured(@TempDir Path other) {
        var journal = CalendarJournal.create(other.resolve("journal"));
        try (JournalServer s = new JournalServer(journal, ProviderSetup.registry(journal),
                List.of(new CalendarApp(CalendarJournal.CLOCK)))) {
            ProviderSetup.assertShownUntilConfigured(s, "/app/calendar/api/events?from=" + TODAY + "&to=" + PLANNED);
        }
    }

    @Test
    void aRangeListsOccurrencesAndAnticipationsOfTheUnmutedFacetsWithTheirColours() {
        JsonNode r = range(TODAY, PLANNED, "");
        assertThat(r.path("from").asString()).isEqualTo(TODAY);
        assertThat(r.path("today").asString()).isEqualTo(TODAY);
        assertThat(r.path("facets").findValuesAsString("name")).containsExactlyInAnyOrder("work", "home");
        assertThat(r.path("events").findValuesAsString("title")).containsExactly("Design review", "Launch sync",
                "Dentist");
        JsonNode sync = find(r.path("events"), "Launch sync");
        assertThat(sync.path("color").asString()).isEqualTo("#3366cc");
        assertThat(sync.path("facet_title").asString()).isEqualTo("Work");
        assertThat(sync.path("day").asString()).isEqualTo(TODAY);
        assertThat(sync.path("anticipated").asBoolean()).isFalse();
        assertThat(sync.path("id").asString()).matches("1-[0-9a-f]{12}");
        assertThat(sync.path("source_url").asString())
                .isEqualTo("/app/transcripts/" + TODAY + "?segment=143000_300&t=14:31:00");
        JsonNode dentist = find(r.path("events"), "Dentist");
        assertThat(dentist.path("anticipated").asBoolean()).isTrue();
        assertThat(dentist.path("color").asString()).isEqualTo("#cc6633");
        assertThat(dentist.path("date").asString()).isEqualTo(CalendarJournal.PLANNED.iso());
        assertThat(dentist.path("source_url").isNull()).isTrue();

        assertThat(range(TODAY, TODAY, "&facet=home").path("events").size()).isZero();
        assertThat(range(TODAY, TODAY, "&facet=old").path("events").findValuesAsString("title"))
                .containsExactly("Hidden");
        assertThat(range(PLANNED, PLANNED, "").path("events").findValuesAsString("title")).containsExactly("Dentist");
    }

    @Test
    void badRangesAndDaysAreRefusedWithAReason() {
        error(http.get("/app/calendar/api/events?to=" + TODAY), 400, "invalid_day");
        error(http.get("/app/calendar/api/events?from=2026-03-10&to=" + TODAY), 400, "invalid_day");
        error(http.get("/app/calendar/api/events?from=20260230&to=20260301"), 400, "invalid_day");
        error(http.get("/app/calendar/api/events?from=" + PLANNED + "&to=" + TODAY), 400, "invalid_range");
        error(http.get("/app/calendar/api/events?from=20260101&to=20260304"), 400, "range_too_long");
        range("20260101", "20260303", "");
        error(http.get("/app/calendar/api/events?from=" + TODAY + "&to=" + TODAY + "&facet=nope"), 400,
                "unknown_facet");
        error(http.get("/app/calendar/api/events?from=" + TODAY + "&to=" + TODAY + "&facet=../x"), 400,
                "invalid_facet");
        error(http.get("/app/calendar/api/event/" + TODAY + "/work/abc"), 400, "invalid_id");
        error(http.get("/app/calendar/api/event/" + TODAY + "/work/9-aaaaaaaaaaaa"), 404, "unknown_event");
    }

    @Test
    void anEventLinksToItsSourceSegmentTheSegmentsItOverlapsItsInsightAndASearch() {
        JsonNode events = range(TODAY, TODAY, "").path("events");
        JsonNode sync = ok(http.get("/app/calendar/api/event/" + TODAY + "/work/"
                + find(events, "Launch sync").path("id").asString()));
        assertThat(sync.path("event").path("title").asString()).isEqualTo("Launch sync");
        assertThat(sync.path("mentions").findValuesAsString("url")).containsExactly(
                "/app/transcripts/" + TODAY + "?segment=143000_300&t=14:31:00", "/app/search?q=Launch+sync");

        JsonNode review = ok(http.get("/app/calendar/api/event/" + TODAY + "/work/"
                + find(events, "Design review").path("id").asString()));
        assertThat(review.path("mentions").findValuesAsString("url")).containsExactly(
                "/app/transcripts/" + TODAY + "?segment=143000_300", "/app/home/" + TODAY,
                "/app/search?q=Design+review");
    }

    @Test
    void addEditMoveAndDeleteGoToTheEventFilesMarkedAsTheOwnersAndLogged() {
        HttpResponse<String> added = http.send("POST", "/app/calendar/api/events", "{\"title\":\" Call the bank \","
                + "\"day\":\"" + PLANNED + "\",\"facet\":\"home\",\"start\":\"10:15\",\"end\":\"10:45\","
                + "\"participants\":[\"Bank\"],\"details\":\"Ask about\\nthe loan\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode ev = HttpSession.json(added).path("event");
        assertThat(ev.path("anticipated").asBoolean()).as("a future event is planned").isTrue();
        assertThat(ev.path("owner_edited").asBoolean()).isTrue();
        FacetEvent stored = events("home", CalendarJournal.PLANNED).get(1);
        assertThat(stored.title()).isEqualTo("Call the bank");
        assertThat(stored.start()).contains("10:15:00");
        assertThat(stored.date()).contains(CalendarJournal.PLANNED.iso());
        assertThat(stored.details()).isEqualTo("Ask about\nthe loan");
        assertThat(stored.ownerEdited()).isTrue();
        assertThat(log("home")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("calendar");
            assertThat(a.source()).isEqualTo("app");
            assertThat(a.action()).isEqualTo("event_add");
            assertThat(a.params().toMap()).containsEntry("title", "Call the bank").containsEntry("line_number", 2);
        });

        String url = "/app/calendar/api/event/" + PLANNED + "/home/" + ev.path("id").asString();
        JsonNode edited = ok(http.send("PATCH", url, "{\"title\":\"Call the bank about the loan\",\"end\":null}"))
                .path("event");
        assertThat(events("home", CalendarJournal.PLANNED).get(1).title()).isEqualTo("Call the bank about the loan");
        assertThat(events("home", CalendarJournal.PLANNED).get(1).end()).isEmpty();
        assertThat(edited.path("id").asString()).isNotEqualTo(ev.path("id").asString());
        error(http.send("PATCH", url, "{\"title\":\"stale\"}"), 409, "event_changed");

        // move it to today in facet work: it leaves home's file and joins work's, as one that happened
        String editedUrl = "/app/calendar/api/event/" + PLANNED + "/home/" + edited.path("id").asString();
        JsonNode moved = ok(http.send("PATCH", editedUrl, "{\"day\":\"" + TODAY + "\",\"facet\":\"work\","
                + "\"occurred\":true}")).path("event");
        assertThat(events("home", CalendarJournal.PLANNED)).extracting(FacetEvent::title).containsExactly("Dentist");
        assertThat(events("work", CalendarJournal.TODAY)).extracting(FacetEvent::title)
                .containsExactly("Launch sync", "Design review", "Call the bank about the loan");
        FacetEvent m = events("work", CalendarJournal.TODAY).get(2);
        assertThat(m.occurred()).isTrue();
        assertThat(m.date()).isEmpty();
        assertThat(m.facet()).contains("work");
        assertThat(moved.path("color").asString()).isEqualTo("#3366cc");
        assertThat(log("work")).extracting(ActionLogEntry::action).containsExactly("event_edit");
        assertThat(log("work").getFirst().params().toMap()).containsEntry("from_facet", "home")
                .containsEntry("from_day", PLANNED);

        // an extracted event is edited (the owner's version is kept apart), not removed
        JsonNode sync = find(range(TODAY, TODAY, "").path("events"), "Launch sync");
        String syncUrl = "/app/calendar/api/event/" + TODAY + "/work/" + sync.path("id").asString();
        error(http.send("DELETE", syncUrl, "{}"), 409, "extracted_event");
        ok(http.send("PATCH", syncUrl, "{\"title\":\"Launch sync with Rui\",\"start\":\"14:32\"}"));
        FacetEvent s = events("work", CalendarJournal.TODAY).getFirst();
        assertThat(s.title()).isEqualTo("Launch sync with Rui");
        assertThat(s.start()).contains("14:32:00");
        assertThat(s.source()).isEqualTo(TODAY + "/" + CalendarJournal.SEGMENT + "/speakers.md");
        assertThat(s.extra().string(FacetEvent.EXTRACTED_TITLE)).contains("Launch sync");
        assertThat(s.participants()).containsExactly("Ana", "Rui");

        ok(http.send("DELETE", "/app/calendar/api/event/" + TODAY + "/work/" + moved.path("id").asString(), "{}"));
        assertThat(events("work", CalendarJournal.TODAY)).extracting(FacetEvent::title)
                .containsExactly("Launch sync with Rui", "Design review");
        assertThat(log("work")).extracting(ActionLogEntry::action)
                .containsExactly("event_edit", "event_edit", "event_delete");
    }

    @Test
    void badEditsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        Path file = server.journal.root().resolve("facets/work/events/" + TODAY + ".jsonl");
        String before = Files.readString(file);
        String add = "/app/calendar/api/events";
        error(http.send("POST", add, "{\"day\":\"" + TODAY + "\",\"facet\":\"work\"}"), 400, "invalid_title");
        error(http.send("POST", add, "{\"title\":\"x\",\"facet\":\"work\"}"), 400, "invalid_day");
        error(http.send("POST", add, "{\"title\":\"x\",\"day\":\"20261340\",\"facet\":\"work\"}"), 400,
                "invalid_day");
        error(http.send("POST", add, "{\"title\":\"x\",\"day\":\"" + TODAY + "\"}"), 400, "invalid_facet");
        error(http.send("POST", add, "{\"title\":\"x\",\"day\":\"" + TODAY + "\",\"facet\":\"nope\"}"), 400,
                "unknown_facet");
        String base = "{\"title\":\"x\",\"day\":\"" + TODAY + "\",\"facet\":\"work\",";
        error(http.send("POST", add, base + "\"start\":\"25:00\"}"), 400, "invalid_time");
        error(http.send("POST", add, base + "\"start\":\"10:00\",\"end\":\"09:00\"}"), 400, "invalid_time");
        error(http.send("POST", add, base + "\"end\":\"09:00\"}"), 400, "invalid_time");
        error(http.send("POST", add, base + "\"colour\":\"red\"}"), 400, "unknown_field");
        error(http.send("POST", add, base + "\"participants\":\"Ana\"}"), 400, "invalid_participants");
        error(http.send("POST", add, base + "\"occurred\":\"yes\"}"), 400, "invalid_occurred");
        error(http.send("POST", add, base + "\"type\":\"<b>\"}"), 400, "invalid_type");
        error(http.send("POST", add, base + "\"summary\":\"\\ud800\"}"), 400, "invalid_unicode");
        error(http.send("POST", add, "{\"title\":\"" + "x".repeat(201) + "\",\"day\":\"" + TODAY
                + "\",\"facet\":\"work\"}"), 400, "invalid_title");
        error(http.send("POST", add, "[1]"), 400, "invalid_json");
        error(http.sendWithoutCsrf("POST", add, base + "\"start\":\"10:00\"}"), 403, "csrf_failed");

        String id = find(range(TODAY, TODAY, "").path("events"), "Launch sync").path("id").asString();
        String url = "/app/calendar/api/event/" + TODAY + "/work/" + id;
        error(http.send("PATCH", url, "{}"), 400, "bad_request");
        error(http.send("PATCH", url, "{\"title\":\"  \"}"), 400, "invalid_title");
        error(http.send("PATCH", url, "{\"start\":\"14:40\"}"), 400, "invalid_time");
        error(http.send("PATCH", url, "{\"facet\":\"nope\"}"), 400, "unknown_facet");
        error(http.send("PATCH", "/app/calendar/api/event/" + TODAY + "/nope/" + id, "{\"title\":\"y\"}"), 404,
                "unknown_facet");
        error(http.sendWithoutCsrf("PATCH", url, "{\"title\":\"y\"}"), 403, "csrf_failed");
        error(http.sendWithoutCsrf("DELETE", url, "{}"), 403, "csrf_failed");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(log("work")).isEmpty();

        // the line moved (think re-filed the day): the old id is refused, not applied to another event
        server.journal.facetStore("work").replaceEvents(CalendarJournal.TODAY,
                TODAY + "/" + CalendarJournal.SEGMENT + "/speakers.md", List.of(CalendarJournal.event("Launch sync",
                        "14:31:00", "14:34:00", true, java.util.Optional.empty(), "work",
                        TODAY + "/" + CalendarJournal.SEGMENT + "/speakers.md")));
        error(http.send("PATCH", url, "{\"title\":\"y\"}"), 409, "event_changed");
        assertThat(events("work", CalendarJournal.TODAY)).extracting(FacetEvent::title)
                .containsExactly("Design review", "Launch sync");
    }
}
