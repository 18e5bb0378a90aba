package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Facet;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path dir;

    @Test
    void rootGoesHomeAndTheShellWrapsTheWorkspace() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> root = h.get("/");
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).hasValue("/app/home/");
            String page = h.get("/app/home/").body();
            assertThat(page).contains("<meta name=\"csrf-token\" content=\"" + h.csrf() + "\">")
                    .contains("class=\"blank-workspace\" data-app=\"home\"")
                    .contains("/static/convey/test-background.js")
                    .contains("id=\"facet-bar\"");
            assertThat(h.get("/app/live/").body()).doesNotContain("id=\"facet-bar\"").doesNotContain("id=\"date-nav\"");
            assertThat(h.get("/app/todos/").body()).contains("id=\"date-nav\"").contains("id=\"day-prev\"");
        }
    }

    @Test
    void menuShowsStarredAppsFirstThenTheOrderThenAlphabetical() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            assertThat(menu(h)).containsExactly("home", "live", "settings", "todos");
            assertThat(h.send("POST", "/api/config/apps/order", "{\"order\":[\"todos\",\"settings\"]}").statusCode()).isEqualTo(200);
            assertThat(h.send("POST", "/api/config/apps/star", "{\"app\":\"live\",\"starred\":true}").statusCode()).isEqualTo(200);
            assertThat(menu(h)).containsExactly("live", "todos", "settings", "home");
            assertThat(f.journal.conveyPrefs().starredApps()).containsExactly("live");
            HttpResponse<String> unknown = h.send("POST", "/api/config/apps/star", "{\"app\":\"nope\",\"starred\":true}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("\"reason_code\":\"unknown_app\"");
            assertThat(h.send("POST", "/api/config/apps/order", "{\"order\":[\"ghost\"]}").body()).contains("unknown_app");
        }
    }

    @Test
    void facetSelectionIsPersistedAndMutedFacetsOnlyWhereAsked() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Work"));
            f.journal.facetStore("personal").save(Facet.named("personal").withTitle("Personal"));
            f.journal.facetStore("old").save(Facet.named("old").withTitle("Old stuff").withMuted(true));
            HttpSession h = f.loggedIn();
            assertThat(h.get("/app/home/").body()).contains("data-facet=\"work\"").doesNotContain("Old stuff");
            assertThat(h.get("/app/settings/").body()).contains("Old stuff");

            assertThat(h.send("POST", "/api/config/facets/select", "{\"facet\":\"work\"}").statusCode()).isEqualTo(200);
            assertThat(f.journal.conveyPrefs().selectedFacet()).hasValue("work");
            assertThat(Files.readString(dir.resolve("config/convey.json"))).containsPattern("\"selected\"\\s*:\\s*\"work\"");
            assertThat(h.cookie(Shell.FACET_COOKIE)).isEqualTo("work");
            assertThat(h.get("/app/home/").body()).contains("data-facet=\"work\" aria-pressed=\"true\"");

            HttpResponse<String> unknown = h.send("POST", "/api/config/facets/select", "{\"facet\":\"nope\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown_facet");
            assertThat(h.send("POST", "/api/config/facets/order", "{\"order\":[\"personal\",\"work\"]}").statusCode()).isEqualTo(200);
            String body = h.get("/app/home/").body();
            assertThat(body.indexOf("data-facet=\"personal\" aria-pressed")).isPositive()
                    .isLessThan(body.indexOf("data-facet=\"work\" aria-pressed"));
            assertThat(h.send("POST", "/api/config/facets/select", "{\"facet\":\"all\"}").statusCode()).isEqualTo(200);
            assertThat(f.journal.conveyPrefs().selectedFacet()).isEmpty();
        }
    }

    @Test
    void apiFacetsListsEveryFacetInThePillsOrderWithTheSelection() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            f.journal.facetStore("work").save(Facet.named("work").withTitle("Work").withEmoji("W").withColor("#3366cc"));
            f.journal.facetStore("personal").save(Facet.named("personal").withTitle("Personal"));
            f.journal.facetStore("old").save(Facet.named("old").withTitle("Old stuff").withMuted(true));
            assertThat(f.client().get("/api/facets", "Accept", "application/json").statusCode()).isEqualTo(401);
            HttpSession h = f.loggedIn();
            assertThat(h.send("POST", "/api/config/facets/order", "{\"order\":[\"work\"]}").statusCode()).isEqualTo(200);
            assertThat(h.send("POST", "/api/config/facets/select", "{\"facet\":\"personal\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> r = h.get("/api/facets");
            assertThat(r.statusCode()).isEqualTo(200);
            var json = HttpSession.json(r);
            assertThat(json.path("selected").asString()).isEqualTo("personal");
            assertThat(json.path("facets").findValuesAsString("name")).containsExactly("work", "old", "personal");
            assertThat(json.path("facets").get(0).toString())
                    .isEqualTo("{\"name\":\"work\",\"title\":\"Work\",\"emoji\":\"W\",\"color\":\"#3366cc\",\"muted\":false}");
            assertThat(json.path("facets").get(1).path("muted").asBoolean()).isTrue();
            assertThat(h.send("POST", "/api/config/facets/select", "{\"facet\":\"all\"}").statusCode()).isEqualTo(200);
            assertThat(HttpSession.json(h.get("/api/facets")).path("selected").asString()).isEmpty();
        }
    }

    @Test
    void thePageTellsItsScriptWhetherTheFacetBarShowsMutedFacets() {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            assertThat(h.get("/app/home/").body()).contains("data-facet-bar=\"shown\"");
            assertThat(h.get("/app/settings/").body()).contains("data-facet-bar=\"shown_with_muted\"");
            assertThat(h.get("/app/live/").body()).contains("data-facet-bar=\"hidden\"");
        }
    }

    @Test
    void routesReceiveTheContextAndConveyNeitherStartsNorStopsApps() {
        TestApp app;
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            app = (TestApp) f.apps.get(0);
            assertThat(app.routesContext.get().journal().root()).isEqualTo(f.journal.root());
            assertThat(app.routesContext.get().emit("test", "hello", java.util.Map.of("n", 1))).isTrue();
            assertThat(f.emitted).hasSize(1);
            assertThat(f.emitted.get(0).toJson()).isEqualTo("{\"tract\":\"test\",\"event\":\"hello\",\"n\":1}");
            assertThat(f.loggedIn().get("/app/home/api/journal-root").body()).isEqualTo(f.journal.root().toString());
            assertThat(app.started).as("the lifecycle owner starts apps, not Convey").isFalse();
        }
        assertThat(app.stopped).isFalse();
    }

    @Test
    void theContextGivenToTheBuilderIsTheOneRoutesSee() {
        dev.engram.journal.Journal journal = dev.engram.journal.Journal.create(dir, "");
        java.util.List<dev.engram.callosum.Message> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.engram.app.AppContext shared = dev.engram.app.AppContext.of(journal, sent::add);
        TestApp app = new TestApp("home", AppInfo.of("h", "Home"));
        Convey c = Convey.builder(journal).port(0).apps(java.util.List.of(app)).context(shared).build();
        try {
            c.start();
            assertThat(app.routesContext.get()).isSameAs(shared);
        } finally {
            c.stop();
        }
    }

    private static List<String> menu(HttpSession h) {
        String body = h.get("/app/home/").body();
        return java.util.regex.Pattern.compile("class=\"menu-item[^\"]*\" href=\"/app/([a-z_]+)/\"").matcher(body)
                .results().map(m -> m.group(1)).toList();
    }
}
