package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.calendar.CalendarApp;
import dev.engram.apps.support.JournalServer;
import dev.engram.journal.Day;
import dev.engram.journal.FacetEvent;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Events the owner edited in the Calendar survive a forced re-run of the extraction that filed them: the re-run
 * replaces only the events it filed and the owner left alone, and does not add its own version beside the owner's.
 */
class OwnerEditedEventsTest {
    static final Day D3 = Day.parse("20261128");
    static final Day DENTIST = Day.parse("20261203");

    @TempDir
    Path dir;

    @Test
    void aForcedRerunKeepsTheOwnersEditsAndDoesNotDuplicateThem() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true);
             JournalServer server = new JournalServer(kit.journal, new ServiceRegistry(),
                     List.of(new CalendarApp(kit.clock)))) {
            kit.record(D3, "three");
            var providers = kit.providers();
            for (String topic : List.of("flow", "meetings", "schedule")) {
                ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(), Optional.of(topic),
                        false);
            }
            var work = kit.journal.facetStore("work");
            assertThat(work.events(D3)).extracting(FacetEvent::title).containsExactly("Launch sync", "Launch sync");
            HttpSession http = server.client();
            JsonNode events = HttpSession.json(http.get("/app/calendar/api/events?from=" + D3.key() + "&to="
                    + DENTIST.key()));
            String flowSync = null;
            String dentist = null;
            for (JsonNode e : events.path("events")) {
                if (e.path("topic").asString().equals("flow")) {
                    flowSync = e.path("id").asString();
                } else if (e.path("title").asString().equals("Dentist")) {
                    dentist = e.path("id").asString();
                }
            }
            assertThat(http.send("PATCH", "/app/calendar/api/event/" + D3.key() + "/work/" + flowSync,
                    "{\"title\":\"Launch sync with Rui\",\"start\":\"15:00\",\"end\":\"15:30\"}").statusCode())
                    .isEqualTo(200);
            assertThat(http.send("PATCH", "/app/calendar/api/event/" + DENTIST.key() + "/work/" + dentist,
                    "{\"details\":\"Bring the x-rays\"}").statusCode()).isEqualTo(200);

            for (int i = 0; i < 2; i++) {
                for (String topic : List.of("flow", "meetings", "schedule")) {
                    assertThat(ThinkService.runByHand(kit.journal, providers, kit.clock, D3, Optional.empty(),
                            Optional.of(topic), true).getFirst()).startsWith("1 insight(s) written");
                }
            }

            assertThat(work.events(D3)).extracting(e -> e.topic() + ":" + e.title() + "@" + e.start().orElse(""))
                    .containsExactlyInAnyOrder("flow:Launch sync with Rui@15:00:00", "meetings:Launch sync@14:30:05");
            assertThat(work.events(DENTIST)).singleElement().satisfies(e -> {
                assertThat(e.details()).isEqualTo("Bring the x-rays");
                assertThat(e.ownerEdited()).isTrue();
            });
        }
    }
}
