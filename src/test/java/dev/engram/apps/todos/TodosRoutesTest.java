package dev.engram.apps.todos;

import static dev.engram.apps.support.Checks.error;
import static dev.engram.apps.support.Checks.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.JournalServer;
import dev.engram.apps.support.ProviderSetup;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Day;
import dev.engram.journal.Todo;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Todos app's API over real HTTP: every change lands in the todo file and the facet's action log. */
class TodosRoutesTest {
    static final String TODAY = TodosJournal.TODAY.key();
    static final String YESTERDAY = TodosJournal.YESTERDAY.key();
    @TempDir
    Path dir;
    JournalServer server;
    HttpSession http;

    @BeforeEach
    void start() {
        server = new JournalServer(TodosJournal.create(dir.resolve("journal")), new ServiceRegistry(),
                List.of(new TodosApp(TodosJournal.CLOCK)));
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<Todo> todos(String facet, Day day) {
        return server.journal.facetStore(facet).todos(day);
    }

    List<String> actions(String facet) {
        return server.journal.facetStore(facet).logs(TodosJournal.TODAY).stream()
                .map(a -> a.actor() + "/" + a.source() + ":" + a.action()).toList();
    }

    @Test
    void theDaySaysWhatToConfigureUntilAProviderIsConfigured(@TempDir Path other) {
        JsonNode none = ok(http.get("/app/todos/api/day/" + TODAY)).path("setup");
        assertThat(none.path("needed").asString()).as("no provider service at all").isEqualTo("provider");
        assertThat(none.path("how").asString()).contains("config/journal.json", "OPENAI_API_KEY");
        var journal = TodosJournal.create(other.resolve("journal"));
        try (JournalServer s = new JournalServer(journal, ProviderSetup.registry(journal),
                List.of(new TodosApp(TodosJournal.CLOCK)))) {
            ProviderSetup.assertShownUntilConfigured(s, "/app/todos/api/day/" + TODAY);
        }
    }

    @Test
    void dayListsEachUnmutedFacetsTodos() {
        JsonNode r = ok(http.get("/app/todos/api/day/" + YESTERDAY));
        assertThat(r.path("today").asString()).isEqualTo(TODAY);
        JsonNode work = r.path("facets").get(r.path("facets").get(0).path("name").asString().equals("work") ? 0 : 1);
        assertThat(work.path("color").asString()).isEqualTo("#3366cc");
        assertThat(work.path("open").asInt()).isEqualTo(2);
        assertThat(work.path("todos").findValuesAsString("text")).containsExactly("Write the quarterly report",
                "Reply to Dana", "Book the venue");
        assertThat(work.path("todos").get(1).path("status").asString()).isEqualTo("done");
        assertThat(work.path("todos").get(0).path("time").asString()).isEqualTo("09:30");
        JsonNode one = ok(http.get("/app/todos/api/day/" + YESTERDAY + "?facet=home"));
        assertThat(one.path("facets").size()).isEqualTo(1);
    }

    @Test
    void addEditCompleteCancelAndReopenAreWrittenAndLogged() {
        HttpResponse<String> added = http.send("POST", "/app/todos/api/day/" + TODAY + "/work",
                "{\"text\":\"  Call the bank \",\"time\":\"08:15\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        int id = HttpSession.json(added).path("todo").path("id").asInt();
        assertThat(id).isEqualTo(2);
        assertThat(todos("work", TodosJournal.TODAY).get(1).text()).isEqualTo("Call the bank");
        String url = "/app/todos/api/day/" + TODAY + "/work/" + id;
        ok(http.send("PATCH", url, "{\"text\":\"Call the bank about the loan\",\"time\":\"\"}"));
        Todo edited = todos("work", TodosJournal.TODAY).get(1);
        assertThat(edited.text()).isEqualTo("Call the bank about the loan");
        assertThat(edited.time()).isEmpty();
        ok(http.send("PATCH", url, "{\"status\":\"done\"}"));
        assertThat(todos("work", TodosJournal.TODAY).get(1).status()).isEqualTo(Todo.Status.DONE);
        ok(http.send("PATCH", url, "{\"status\":\"cancelled\"}"));
        assertThat(todos("work", TodosJournal.TODAY).get(1).status()).isEqualTo(Todo.Status.CANCELLED);
        ok(http.send("PATCH", url, "{\"status\":\"open\"}"));
        assertThat(todos("work", TodosJournal.TODAY).get(1).status()).isEqualTo(Todo.Status.OPEN);
        assertThat(actions("work")).containsExactly("todos/app:todo_add", "todos/app:todo_edit", "todos/app:todo_done",
                "todos/app:todo_cancel", "todos/app:todo_reopen");
        ActionLogEntry first = server.journal.facetStore("work").logs(TodosJournal.TODAY).get(0);
        assertThat(first.facet()).contains("work");
        assertThat(first.params().toMap()).containsEntry("text", "Call the bank").containsEntry("time", "08:15");
    }

    @Test
    void reorderKeepsLineNumbersAndShowsTheNewOrder() {
        JsonNode r = ok(http.send("PUT", "/app/todos/api/day/" + YESTERDAY + "/work/order", "{\"ids\":[3,1,2]}"));
        assertThat(r.path("todos").findValuesAsString("text")).containsExactly("Book the venue",
                "Write the quarterly report", "Reply to Dana");
        assertThat(todos("work", TodosJournal.YESTERDAY).get(0).text()).isEqualTo("Write the quarterly report");
        JsonNode day = ok(http.get("/app/todos/api/day/" + YESTERDAY + "?facet=work"));
        assertThat(day.path("facets").get(0).path("todos").findValuesAsString("text")).containsExactly(
                "Book the venue", "Write the quarterly report", "Reply to Dana");
        error(http.send("PUT", "/app/todos/api/day/" + YESTERDAY + "/work/order", "{\"ids\":[3,1]}"), 400,
                "invalid_order");
        assertThat(actions("work")).containsExactly("todos/app:todo_reorder");
    }

    @Test
    void carryOverMovesUnfinishedTodosToTodayOnce() {
        JsonNode r = ok(http.send("POST", "/app/todos/api/carry", "{}"));
        assertThat(r.path("to").asString()).isEqualTo(TODAY);
        assertThat(r.path("carried").findValuesAsString("text")).containsExactlyInAnyOrder(
                "Write the quarterly report", "Book the venue");
        List<Todo> today = todos("work", TodosJournal.TODAY);
        assertThat(today).extracting(Todo::text).containsExactly("Review the pull request",
                "Write the quarterly report", "Book the venue");
        assertThat(today.get(1).time()).contains("09:30");
        assertThat(today.get(1).extra().string("carried_from")).contains(YESTERDAY + "#1");
        List<Todo> before = todos("work", TodosJournal.YESTERDAY);
        assertThat(before).extracting(Todo::status).containsExactly(Todo.Status.CANCELLED, Todo.Status.DONE,
                Todo.Status.CANCELLED);
        assertThat(before.get(0).extra().string("moved_to")).contains(TODAY);
        assertThat(ok(http.send("POST", "/app/todos/api/carry", "{}")).path("carried").size()).isZero();
        assertThat(todos("work", TodosJournal.TODAY)).hasSize(3);
        assertThat(actions("work")).containsExactly("todos/app:todo_carry", "todos/app:todo_carry");
    }

    @Test
    void upcomingListsOpenTodosFromTodaySoonestFirst() {
        JsonNode r = ok(http.get("/app/todos/api/upcoming"));
        assertThat(r.path("from").asString()).isEqualTo(TODAY);
        assertThat(r.path("todos").findValuesAsString("text")).containsExactly("Review the pull request",
                "Water the plants");
        assertThat(r.path("todos").get(1).path("facet").asString()).isEqualTo("home");
        assertThat(r.path("todos").get(1).path("color").asString()).isEqualTo("#cc6633");
        assertThat(ok(http.get("/app/todos/api/upcoming?facet=work&limit=5")).path("total").asInt()).isEqualTo(1);
    }

    @Test
    void badInputIsAClear4xxAndChangesNothing() {
        String day = "/app/todos/api/day/" + TODAY;
        error(http.sendWithoutCsrf("POST", day + "/work", "{\"text\":\"x\"}"), 403, "csrf_failed");
        error(server.anonymous().send("POST", day + "/work", "{\"text\":\"x\"}"), 401, "auth_required");
        error(http.send("POST", day + "/work", "{}"), 400, "invalid_text");
        error(http.send("POST", day + "/work", "{\"text\":\"   \"}"), 400, "invalid_text");
        error(http.send("POST", day + "/work", "{\"text\":\"a\\nb\"}"), 400, "invalid_text");
        error(http.send("POST", day + "/work", "{\"text\":\"\\ud800\"}"), 400, "invalid_unicode");
        error(http.send("POST", day + "/work", "{\"text\":\"x\",\"time\":\"25:00\"}"), 400, "invalid_time");
        error(http.send("POST", day + "/work", "{\"text\":\"x\",\"owner\":1}"), 400, "unknown_field");
        error(http.send("POST", day + "/work", "[1]"), 400, "invalid_json");
        error(http.send("POST", day + "/nope", "{\"text\":\"x\"}"), 404, "unknown_facet");
        error(http.send("POST", day + "/../work", "{\"text\":\"x\"}"), 404, "not_found");
        error(http.send("POST", "/app/todos/api/day/20261340/work", "{\"text\":\"x\"}"), 400, "invalid_day");
        error(http.send("PATCH", day + "/work/9", "{\"status\":\"done\"}"), 404, "unknown_todo");
        error(http.send("PATCH", day + "/work/0", "{\"status\":\"done\"}"), 400, "invalid_id");
        error(http.send("PATCH", day + "/work/1", "{\"status\":\"finished\"}"), 400, "invalid_status");
        error(http.send("PATCH", day + "/work/1", "{}"), 400, "bad_request");
        error(http.send("POST", "/app/todos/api/carry", "{\"days\":0}"), 400, "invalid_days");
        error(http.get("/app/todos/api/upcoming?limit=0"), 400, "invalid_limit");
        error(http.get("/app/todos/api/day/" + TODAY + "?facet=Bad%20Name"), 400, "invalid_facet");
        assertThat(todos("work", TodosJournal.TODAY)).hasSize(1);
        assertThat(actions("work")).isEmpty();
    }

    @Test
    void concurrentEditsAndAddsLoseNothing() throws Exception {
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = "task " + i;
                calls.add(CompletableFuture.supplyAsync(() -> http.send("POST", "/app/todos/api/day/" + TODAY
                        + "/work", "{\"text\":\"" + text + "\"}"), pool));
            }
            // two edits of different fields of the same todo at once: both land
            calls.add(CompletableFuture.supplyAsync(() -> http.send("PATCH", "/app/todos/api/day/" + YESTERDAY
                    + "/work/1", "{\"status\":\"done\"}"), pool));
            calls.add(CompletableFuture.supplyAsync(() -> http.send("PATCH", "/app/todos/api/day/" + YESTERDAY
                    + "/work/1", "{\"text\":\"Write the annual report\"}"), pool));
            for (var c : calls) {
                assertThat(c.get().statusCode()).as(c.get().body()).isIn(200, 201);
            }
        } finally {
            pool.shutdown();
        }
        List<Todo> today = todos("work", TodosJournal.TODAY);
        assertThat(today).hasSize(n + 1);
        assertThat(today).extracting(Todo::id).doesNotHaveDuplicates();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts.add("task " + i);
        }
        assertThat(today).extracting(Todo::text).containsAll(texts);
        Todo first = todos("work", TodosJournal.YESTERDAY).get(0);
        assertThat(first.text()).isEqualTo("Write the annual report");
        assertThat(first.status()).isEqualTo(Todo.Status.DONE);
        assertThat(actions("work")).hasSize(n + 2);
    }
}
