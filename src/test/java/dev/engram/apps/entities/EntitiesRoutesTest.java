package dev.engram.apps.entities;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.Entity;
import dev.engram.journal.EntityEdits;
import dev.engram.journal.FacetStore;
import dev.engram.testing.HttpSession;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Entities app's API over real HTTP (no index registered): every change lands in {@code entities.jsonl} and the
 * facet's action log, and bad input is a clear 4xx that changes nothing.
 */
class EntitiesRoutesTest {
    static final String API = "/app/entities/api";
    @TempDir
    Path dir;
    JournalServer server;
    HttpSession http;

    @BeforeEach
    void start() {
        server = new JournalServer(EntitiesJournal.create(dir.resolve("journal")), new ServiceRegistry(),
                List.of(new EntitiesApp(EntitiesJournal.CLOCK)));
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FacetStore work() {
        return server.journal.facetStore("work");
    }

    Entity entity(String name) {
        return EntityEdits.find(work().entities(), name).orElseThrow();
    }

    List<String> actions() {
        return work().logs(EntitiesJournal.TODAY).stream().map(a -> a.actor() + "/" + a.source() + ":" + a.action())
                .toList();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theListAndAnEntitySayWhatToConfigureUntilAProviderIsConfigured(@TempDir Path other) {
        var journal = EntitiesJournal.create(other.resolve("journal"));
        try (JournalServer s = new JournalServer(journal, ProviderSetup.registry(journal),
                List.of(new EntitiesApp(EntitiesJournal.CLOCK)))) {
            HttpSession client = s.client();
            ProviderSetup.assertNeedsProvider(client.get(API + "/entity?facet=work&name=" + q("Dana Lee")));
            ProviderSetup.assertShownUntilConfigured(s, API + "/facets");
            ProviderSetup.assertConfigured(client.get(API + "/entity?facet=work&name=" + q("Dana Lee")));
        }
    }

    @Test
    void facetsListAttachedDetachedAndDetectedEntities() {
        JsonNode r = ok(http.get(API + "/facets?facet=work"));
        assertThat(r.path("today").asString()).isEqualTo(EntitiesJournal.TODAY.key());
        assertThat(r.path("from").asString()).isEqualTo("20260209");
        assertThat(r.path("rule").path("promote_days").asInt()).isEqualTo(3);
        JsonNode work = r.path("facets").get(0);
        assertThat(work.path("color").asString()).isEqualTo("#3366cc");
        assertThat(work.path("attached").findValuesAsString("name")).containsExactly("Dana Lee");
        assertThat(work.path("attached").get(0).path("aka").get(0).asString()).isEqualTo("Dana");
        assertThat(work.path("detached").findValuesAsString("name")).containsExactly("Old Vendor");
        // Old Vendor is known (detached): not offered as detected again
        assertThat(work.path("detected").findValuesAsString("name")).containsExactly("Pelican Project", "Zed Corp");
        JsonNode pelican = work.path("detected").get(0);
        assertThat(pelican.path("days").asInt()).isEqualTo(3);
        assertThat(pelican.path("first_seen").asString()).isEqualTo("20260305");
        assertThat(pelican.path("last_seen").asString()).isEqualTo("20260309");
        assertThat(ok(http.get(API + "/facets?facet=work&days=2")).path("facets").get(0).path("detected")
                .findValuesAsString("name")).containsExactly("Pelican Project");
        assertThat(ok(http.get(API + "/facets?facet=work&days=1")).path("facets").get(0).path("detected").size())
                .isZero();
        assertThat(ok(http.get(API + "/facets")).path("facets").size()).isEqualTo(2);
    }

    @Test
    void attachDetachEditAndAkasAreWrittenAndLogged() {
        // a detected one becomes attached as detected
        HttpResponse<String> attached = http.send("POST", API + "/facet/work/attach", "{\"name\":\"pelican project\"}");
        assertThat(attached.statusCode()).as(attached.body()).isEqualTo(201);
        Entity p = entity("Pelican Project");
        assertThat(p.type()).isEqualTo("Project");
        assertThat(p.description()).isEqualTo("The launch");
        assertThat(p.detached()).isFalse();
        error(http.send("POST", API + "/facet/work/attach", "{\"name\":\"Pelican Project\"}"), 409,
                "already_attached");
        // a new one
        HttpResponse<String> added = http.send("POST", API + "/facet/work/attach",
                "{\"name\":\" Rui \",\"type\":\"Person\",\"description\":\"Accountant\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(HttpSession.json(added).path("entity").path("name").asString()).isEqualTo("Rui");
        // edit type and description, keeping the custom field
        JsonNode edited = ok(http.send("PATCH", API + "/facet/work/entity",
                "{\"name\":\"dana lee\",\"type\":\"Contractor\",\"description\":\"Freelance designer\"}"));
        assertThat(edited.path("changed").get(0).asString()).isEqualTo("entity");
        Entity dana = entity("Dana Lee");
        assertThat(dana.type()).isEqualTo("Contractor");
        assertThat(dana.description()).isEqualTo("Freelance designer");
        assertThat(dana.extra().string("email")).contains("dana@example.com");
        // akas
        ok(http.send("PATCH", API + "/facet/work/entity", "{\"name\":\"Dana Lee\",\"add_aka\":\"D. Lee\"}"));
        ok(http.send("PATCH", API + "/facet/work/entity", "{\"name\":\"Dana Lee\",\"add_aka\":\"dana\"}"));
        ok(http.send("PATCH", API + "/facet/work/entity", "{\"name\":\"Dana Lee\",\"remove_aka\":\"DANA\"}"));
        assertThat(entity("Dana Lee").aka()).containsExactly("D. Lee");
        // detach, re-attach, and dismiss a detected one
        assertThat(ok(http.send("POST", API + "/facet/work/detach", "{\"name\":\"Rui\"}")).path("result")
                .asString()).isEqualTo("detached");
        assertThat(entity("Rui").detached()).isTrue();
        assertThat(ok(http.send("POST", API + "/facet/work/detach", "{\"name\":\"Rui\"}")).path("result")
                .asString()).isEqualTo("already_detached");
        HttpResponse<String> back = http.send("POST", API + "/facet/work/attach", "{\"name\":\"Old Vendor\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(HttpSession.json(back).path("result").asString()).isEqualTo("reattached");
        assertThat(entity("Old Vendor").description()).isEqualTo("No longer used");
        assertThat(ok(http.send("POST", API + "/facet/work/detach", "{\"name\":\"Zed Corp\"}")).path("result")
                .asString()).isEqualTo("dismissed");
        assertThat(entity("Zed Corp").detached()).isTrue();
        assertThat(actions()).containsExactly("entities/app:entity_attach", "entities/app:entity_attach",
                "entities/app:entity_update", "entities/app:entity_add_aka", "entities/app:entity_remove_aka",
                "entities/app:entity_detach", "entities/app:entity_attach", "entities/app:entity_detach");
        assertThat(work().logs(EntitiesJournal.TODAY).get(2).params().toMap()).containsEntry("name", "Dana Lee")
                .containsEntry("type", "Contractor");
    }

    @Test
    void promoteNowAttachesRecurringEntitiesButNeverADismissedOne() {
        ok(http.send("POST", API + "/facet/work/detach", "{\"name\":\"Pelican Project\"}"));
        JsonNode none = ok(http.send("POST", API + "/promote", "{\"facet\":\"work\"}"));
        assertThat(none.path("promoted").size()).isZero();
        ok(http.send("POST", API + "/facet/work/attach", "{\"name\":\"Pelican Project\"}"));
        ok(http.send("POST", API + "/facet/work/detach", "{\"name\":\"Pelican Project\"}"));
        work().addDetected(EntitiesJournal.TODAY, List.of(Entity.of("Person", "Zed Corp", "again"),
                Entity.of("Tool", "Figma", "")));
        work().addDetected(EntitiesJournal.TODAY.plusDays(-4), List.of(Entity.of("Tool", "Figma", "")));
        work().addDetected(EntitiesJournal.TODAY.plusDays(-6), List.of(Entity.of("Tool", "Figma", "Design tool")));
        JsonNode r = ok(http.send("POST", API + "/promote", "{}"));
        assertThat(r.path("day").asString()).isEqualTo(EntitiesJournal.TODAY.key());
        assertThat(r.path("promoted").findValuesAsString("name")).containsExactly("Figma");
        assertThat(r.path("promoted").get(0).path("days").size()).isEqualTo(3);
        assertThat(entity("Figma").description()).isEqualTo("Design tool");
        assertThat(entity("Pelican Project").detached()).isTrue();
        assertThat(actions()).last().isEqualTo("entities/app:entity_promote");
        JsonNode list = ok(http.get(API + "/facets?facet=work")).path("facets").get(0);
        assertThat(list.path("attached").get(1).path("promoted_from").size()).isEqualTo(3);
    }

    @Test
    void anEntityPageWithoutAnIndexSaysSoAndStillShowsTheEntity() {
        JsonNode r = ok(http.get(API + "/entity?facet=work&name=" + q("dana lee")));
        assertThat(r.path("status").asString()).isEqualTo("attached");
        assertThat(r.path("entity").path("description").asString()).isEqualTo("Lead designer");
        assertThat(r.path("mentions").path("available").asBoolean()).isFalse();
        assertThat(r.path("mentions").path("message").asString()).contains("index", "not running");
        assertThat(r.path("mentions").path("query").asString()).isEqualTo("\"Dana Lee\" OR \"Dana\"");
        JsonNode detected = ok(http.get(API + "/entity?facet=work&name=" + q("Zed Corp")));
        assertThat(detected.path("status").asString()).isEqualTo("detected");
        assertThat(detected.path("detected_days").get(0).asString()).isEqualTo("20260308");
        assertThat(ok(http.get(API + "/entity?facet=work&name=" + q("Old Vendor"))).path("status").asString())
                .isEqualTo("detached");
        error(http.get(API + "/entity?facet=work&name=Nobody"), 404, "unknown_entity");
    }

    @Test
    void aBrokenLineIsAWarningAndKeptWhenTheFileIsRewritten() throws Exception {
        Path file = server.journal.root().resolve("facets/work/entities.jsonl");
        java.nio.file.Files.writeString(file, "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        JsonNode r = ok(http.get(API + "/facets?facet=work"));
        assertThat(r.path("warnings").get(0).path("file").asString()).isEqualTo("facets/work/entities.jsonl");
        assertThat(r.path("facets").get(0).path("attached").findValuesAsString("name")).containsExactly("Dana Lee");
        ok(http.send("PATCH", API + "/facet/work/entity", "{\"name\":\"Dana Lee\",\"add_aka\":\"DL\"}"));
        assertThat(java.nio.file.Files.readString(file)).contains("{not json").contains("\"DL\"");
    }

    @Test
    void badInputIsAClear4xxAndChangesNothing() {
        String facet = API + "/facet/work";
        byte[] before = bytes();
        error(http.sendWithoutCsrf("POST", facet + "/attach", "{\"name\":\"X\",\"type\":\"Person\"}"), 403,
                "csrf_failed");
        error(server.anonymous().send("POST", facet + "/attach", "{\"name\":\"X\",\"type\":\"Person\"}"), 401,
                "auth_required");
        error(http.send("POST", facet + "/attach", "{}"), 400, "invalid_name");
        error(http.send("POST", facet + "/attach", "{\"name\":\"  \",\"type\":\"Person\"}"), 400, "invalid_name");
        error(http.send("POST", facet + "/attach", "{\"name\":\"a\\nb\",\"type\":\"Person\"}"), 400, "invalid_name");
        error(http.send("POST", facet + "/attach", "{\"name\":\"\\ud800\",\"type\":\"Person\"}"), 400,
                "invalid_unicode");
        error(http.send("POST", facet + "/attach", "{\"name\":\"New One\"}"), 400, "invalid_type");
        error(http.send("POST", facet + "/attach", "{\"name\":\"X\",\"type\":\"P!\"}"), 400, "invalid_type");
        error(http.send("POST", facet + "/attach", "{\"name\":\"X\",\"type\":\"Person\",\"owner\":1}"), 400,
                "unknown_field");
        error(http.send("POST", facet + "/attach", "{\"name\":\"X\",\"type\":\"Person\",\"description\":3}"), 400,
                "invalid_description");
        error(http.send("POST", facet + "/attach", "[1]"), 400, "invalid_json");
        error(http.send("POST", API + "/facet/nope/attach", "{\"name\":\"X\",\"type\":\"Person\"}"), 404,
                "unknown_facet");
        error(http.send("POST", API + "/facet/Bad%20Name/attach", "{\"name\":\"X\",\"type\":\"Person\"}"), 400,
                "invalid_facet");
        error(http.send("POST", facet + "/detach", "{\"name\":\"Nobody\"}"), 404, "unknown_entity");
        error(http.send("PATCH", facet + "/entity", "{\"name\":\"Dana Lee\"}"), 400, "bad_request");
        error(http.send("PATCH", facet + "/entity", "{\"name\":\"Old Vendor\",\"description\":\"x\"}"), 404,
                "unknown_entity");
        error(http.send("PATCH", facet + "/entity", "{\"name\":\"Zed Corp\",\"add_aka\":\"Z\"}"), 404,
                "unknown_entity");
        error(http.send("PATCH", facet + "/entity", "{\"name\":\"Dana Lee\",\"add_aka\":\"\"}"), 400,
                "invalid_add_aka");
        error(http.send("POST", API + "/promote", "{\"facet\":\"nope\"}"), 404, "unknown_facet");
        error(http.get(API + "/facets?days=0"), 400, "invalid_days");
        error(http.get(API + "/facets?facet=nope"), 404, "unknown_facet");
        error(http.get(API + "/entity?facet=work"), 400, "invalid_name");
        error(http.get(API + "/entity?name=Dana"), 400, "invalid_facet");
        assertThat(bytes()).isEqualTo(before);
        assertThat(actions()).isEmpty();
    }

    private byte[] bytes() {
        try {
            return java.nio.file.Files.readAllBytes(server.journal.root().resolve("facets/work/entities.jsonl"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
