package dev.engram.apps.settings;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.support.AppServer;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Identity and facet editing over real HTTP: saved to the journal, logged in config/actions, bad values refused. */
class SettingsRoutesTest {
    @TempDir
    Path dir;
    AppServer server;
    HttpSession http;

    @BeforeEach
    void start() {
        server = new AppServer(dir);
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<ActionLogEntry> actions() {
        return server.journal.actions().read(new Day(LocalDate.now()));
    }

    @Test
    void identityEditIsSavedAndLoggedWithTheChangedFields() throws Exception {
        JsonNode before = ok(http.get("/app/settings/api/identity"));
        assertThat(before.path("name").asString()).isEqualTo("Test Owner");
        var r = http.send("PUT", "/app/settings/api/identity", """
                {"name": "Ada Lovelace", "preferred": "Ada", "timezone": "Europe/London",
                 "pronouns": {"subject": "she", "object": "her"}, "aliases": ["Countess", " ", "Countess"],
                 "email_addresses": ["ada@example.org"]}
                """);
        JsonNode saved = ok(r);
        assertThat(saved.path("identity").path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(saved.path("identity").path("aliases").toString()).isEqualTo("[\"Countess\"]");
        assertThat(saved.path("changed").toString()).contains("name", "preferred", "timezone", "pronouns", "aliases",
                "email_addresses").doesNotContain("bio");
        var identity = server.journal.config().identity();
        assertThat(identity.name()).isEqualTo("Ada Lovelace");
        assertThat(identity.timezone()).isEqualTo("Europe/London");
        assertThat(identity.pronouns().subject()).isEqualTo("she");
        assertThat(identity.emailAddresses()).containsExactly("ada@example.org");
        ActionLogEntry logged = actions().getLast();
        assertThat(logged.action()).isEqualTo("identity_update");
        assertThat(logged.actor()).isEqualTo("settings");
        assertThat(logged.source()).isEqualTo("app");
        assertThat(logged.params().string("name")).hasValue("Ada Lovelace");
        assertThat(logged.params().names()).doesNotContain("bio");
        String file = "config/actions/" + new Day(LocalDate.now()).key() + ".jsonl";
        assertThat(Files.readString(dir.resolve(file))).contains("\"identity_update\"", "\"actor\":\"settings\"");
        assertThat(ok(http.get("/app/settings/api/identity")).path("preferred").asString()).isEqualTo("Ada");

        int logged1 = actions().size();
        JsonNode same = ok(http.send("PUT", "/app/settings/api/identity", "{\"name\": \"Ada Lovelace\"}"));
        assertThat(same.path("changed").size()).isZero();
        assertThat(actions()).hasSize(logged1);
        JsonNode log = ok(http.get("/app/settings/api/actions?day=" + new Day(LocalDate.now()).key()));
        assertThat(log.path("actions").findValuesAsString("action")).contains("identity_update");
    }

    @Test
    void badIdentityValuesAreRefusedAndNothingIsSaved() {
        error(http.send("PUT", "/app/settings/api/identity", "{\"timezone\": \"Mars/Olympus\"}"), 400,
                "invalid_timezone");
        error(http.send("PUT", "/app/settings/api/identity", "{\"email_addresses\": [\"not-an-email\"]}"), 400,
                "invalid_email");
        error(http.send("PUT", "/app/settings/api/identity", "{\"name\": \"\"}"), 400, "invalid_name");
        error(http.send("PUT", "/app/settings/api/identity", "{\"name\": 5}"), 400, "invalid_field");
        error(http.send("PUT", "/app/settings/api/identity", "{\"nickname\": \"x\"}"), 400, "unknown_field");
        error(http.send("PUT", "/app/settings/api/identity", "{not json"), 400, "invalid_json");
        error(http.sendWithoutCsrf("PUT", "/app/settings/api/identity", "{\"name\": \"X\"}"), 403, "csrf_failed");
        assertThat(server.journal.config().identity().name()).isEqualTo("Test Owner");
        assertThat(server.journal.config().identity().timezone()).isEmpty();
        assertThat(actions()).isEmpty();
    }

    @Test
    void aLoneSurrogateIsRefusedNamingTheFieldNotStoredAsAQuestionMark() {
        var name = http.send("PUT", "/app/settings/api/identity", "{\"name\": \"Ada \\ud800 Lovelace\"}");
        error(name, 400, "invalid_unicode");
        assertThat(HttpSession.json(name).path("error").asString()).contains("'name'");
        var pronoun = http.send("PUT", "/app/settings/api/identity", "{\"pronouns\": {\"subject\": \"\\udc00\"}}");
        error(pronoun, 400, "invalid_unicode");
        assertThat(HttpSession.json(pronoun).path("error").asString()).contains("'subject'");
        var alias = http.send("PUT", "/app/settings/api/identity", "{\"aliases\": [\"ok\", \"x\\udbff\"]}");
        error(alias, 400, "invalid_unicode");
        assertThat(HttpSession.json(alias).path("error").asString()).contains("'aliases'");
        var title = http.send("PUT", "/app/settings/api/facets/work", "{\"title\": \"W\\ud83d\"}");
        error(title, 400, "invalid_unicode");
        assertThat(HttpSession.json(title).path("error").asString()).contains("'title'");
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"new\", \"description\": \"\\ude00\"}"),
                400, "invalid_unicode");
        assertThat(server.journal.config().identity().name()).isEqualTo("Test Owner");
        assertThat(server.journal.facet("work").orElseThrow().title()).isEqualTo("Work");
        assertThat(server.journal.facet("new")).isEmpty();
        // a proper pair (an emoji written as two escapes) is fine
        ok(http.send("PUT", "/app/settings/api/facets/work", "{\"title\": \"Work \\ud83d\\ude80\"}"));
        assertThat(server.journal.facet("work").orElseThrow().title()).isEqualTo("Work 🚀");
    }

    @Test
    void facetsAreListedIncludingMutedOnes() {
        JsonNode facets = ok(http.get("/app/settings/api/facets")).path("facets");
        assertThat(facets.findValuesAsString("name")).containsExactly("personal", "work");
        assertThat(facets.get(0).path("muted").asBoolean()).isTrue();
        assertThat(facets.get(1).path("color").asString()).isEqualTo("#3366cc");
    }

    @Test
    void facetCreateEditAndMuteAreSavedAndLogged() {
        var created = http.send("POST", "/app/settings/api/facets",
                "{\"name\": \"side-project\", \"title\": \"Side project\", \"color\": \"#AABBCC\", \"emoji\": \"🚀\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        Facet f = server.journal.facet("side-project").orElseThrow();
        assertThat(f.title()).isEqualTo("Side project");
        assertThat(f.color()).isEqualTo("#aabbcc");
        assertThat(f.emoji()).isEqualTo("🚀");
        assertThat(actions().getLast().action()).isEqualTo("facet_create");
        assertThat(actions().getLast().params().string("facet")).hasValue("side-project");

        JsonNode edited = ok(http.send("PUT", "/app/settings/api/facets/side-project",
                "{\"title\": \"Hobby\", \"description\": \"Weekend code\"}"));
        assertThat(edited.path("changed").toString()).contains("title", "description").doesNotContain("color");
        assertThat(server.journal.facet("side-project").orElseThrow().description()).isEqualTo("Weekend code");
        assertThat(actions().getLast().action()).isEqualTo("facet_update");
        assertThat(actions().getLast().params().string("title")).hasValue("Hobby");

        ok(http.send("PUT", "/app/settings/api/facets/side-project", "{\"muted\": true}"));
        assertThat(server.journal.facet("side-project").orElseThrow().muted()).isTrue();
        assertThat(actions().getLast().params().get("muted").orElseThrow().asBoolean()).isTrue();
        ok(http.send("PUT", "/app/settings/api/facets/side-project", "{\"muted\": false}"));
        assertThat(server.journal.facet("side-project").orElseThrow().muted()).isFalse();
        assertThat(actions()).extracting(ActionLogEntry::action)
                .containsExactly("facet_create", "facet_update", "facet_update", "facet_update");
    }

    @Test
    void badFacetRequestsAreRefused() {
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"../etc\"}"), 400, "invalid_facet");
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"\"}"), 400, "invalid_facet");
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"work\"}"), 409, "facet_exists");
        error(http.send("POST", "/app/settings/api/facets", "{\"name\": \"new\", \"color\": \"blue\"}"), 400,
                "invalid_color");
        error(http.send("PUT", "/app/settings/api/facets/work", "{\"color\": \"#12345\"}"), 400, "invalid_color");
        error(http.send("PUT", "/app/settings/api/facets/work", "{\"title\": \"  \"}"), 400, "invalid_title");
        error(http.send("PUT", "/app/settings/api/facets/work", "{\"muted\": \"yes\"}"), 400, "invalid_field");
        error(http.send("PUT", "/app/settings/api/facets/nosuch", "{\"title\": \"X\"}"), 404, "unknown_facet");
        error(http.send("PUT", "/app/settings/api/facets/..%2F..%2Fetc", "{\"title\": \"X\"}"), 400, "invalid_facet");
        assertThat(server.journal.facet("new")).isEmpty();
        assertThat(server.journal.facet("work").orElseThrow().color()).isEqualTo("#3366cc");
        assertThat(actions()).isEmpty();
    }

    @Test
    void actionsNeedAValidDay() {
        error(http.get("/app/settings/api/actions?day=today"), 400, "invalid_day");
        assertThat(ok(http.get("/app/settings/api/actions?day=20000101")).path("actions").size()).isZero();
    }

    @Test
    void workspacePageRenders() {
        var page = http.get("/app/settings");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"settings-app\"", "Europe/Lisbon", "/static/apps/settings/settings.js");
    }
}
