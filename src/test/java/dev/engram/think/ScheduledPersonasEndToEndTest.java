package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.runs.OpenAiWire;
import dev.engram.cortex.runs.Runs;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.journal.Day;
import dev.engram.journal.Entity;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Todo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole chain of a dream's scheduled personas: the built-in {@code todos} and {@code entities} personas run as real
 * cortex runs, their provider (the local server speaking OpenAI's streaming chat-completions protocol) answers with
 * tool calls, the real journal tools write {@code facets/work/todos/<day>.jsonl} and the detected entities, and the
 * owner's own todos, edited before through the journal store as the Todos app does, stay exactly as they were.
 */
class ScheduledPersonasEndToEndTest {
    static final Day D3 = ThinkTest.D3;
    static final Day TODAY = ThinkTest.D4;

    @TempDir
    Path dir;

    /**
     * What the scripted todos persona tries on the owner's lines (1: open, edited; 2: done by the owner) before its
     * real add: {tool, arguments after day and facet, the refusal its tool error must name}.
     */
    static final List<String[]> OVERWRITES = List.of(
            new String[] {"todo_add", "\"line_number\":1,\"text\":\"Overwrite the bank call\"}",
                    "line 1 is not the next free line"},
            new String[] {"todo_add", "\"line_number\":2,\"text\":\"Overwrite the flights\"}",
                    "line 2 is not the next free line"},
            new String[] {"todo_cancel", "\"line_number\":2}", "todo at line 2 of work on " + TODAY.key()
                    + " is already done"},
            new String[] {"todo_done", "\"line_number\":2}", "is already done; only open todos"});

    /** A provider that acts like the personas: looks, then writes through the tools, then says what it did. */
    private static MockResponse persona(JsonNode body) {
        String system = body.path("messages").get(0).path("content").asString();
        List<JsonNode> results = body.path("messages").valueStream().filter(m -> m.path("role").asString()
                .equals("tool")).toList();
        if (system.contains("todo list")) {
            if (results.isEmpty()) {
                return OpenAiWire.toolCall("call_1", "todo_list", "{\"day\":\"" + TODAY.key()
                        + "\",\"facet\":\"work\"}", 20, 8);
            }
            String dayFacet = "{\"day\":\"" + TODAY.key() + "\",\"facet\":\"work\",";
            if (results.size() <= OVERWRITES.size()) { // tries to write over the owner's lines first: all refused
                String[] call = OVERWRITES.get(results.size() - 1);
                return OpenAiWire.toolCall("call_w" + results.size(), call[0], dayFacet + call[1], 30, 12);
            }
            if (results.size() == OVERWRITES.size() + 1) { // add on the next free line, as todo_list told
                int next = ThinkKit.JSON.readTree(results.getFirst().path("content").asString())
                        .path("next_line_number").asInt();
                return OpenAiWire.toolCall("call_2", "todo_add", dayFacet + "\"line_number\":" + next
                        + ",\"text\":\"Send Rui the launch plan\"}", 30, 12);
            }
            return OpenAiWire.text(40, 6, "Added: Send Rui the launch plan.");
        }
        if (system.contains("list of entities")) {
            if (results.isEmpty()) {
                return OpenAiWire.toolCall("call_3", "entity_detect", "{\"day\":\"" + D3.key() + "\",\"facet\":"
                        + "\"work\",\"type\":\"Person\",\"name\":\"Rui\",\"description\":\"Synced with Ana on the"
                        + " launch.\"}", 20, 10);
            }
            return OpenAiWire.text(30, 5, "Detected: Rui.");
        }
        return OpenAiWire.text(10, 5, "Nothing to report.");
    }

    @Test
    void theTodosAndEntitiesPersonasWriteThroughTheRealToolsAndLeaveTheOwnersTodosAlone() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(D3, "three");
            kit.markDone(ThinkTest.D2);
            kit.agentAnswer.set(ScheduledPersonasEndToEndTest::persona);
            FacetStore work = kit.journal.facetStore("work");
            // the owner's own todos for today, added and edited as the Todos app does (its actor: "todos")
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 29, 7, 0, 0, 0, ZoneOffset.UTC);
            work.addTodo(TODAY, Todo.open("Call the bank", Optional.empty(), at.toInstant().toEpochMilli()));
            work.updateTodo(TODAY, 1, t -> t.withText("Call the bank about the loan", Optional.of("10:00"),
                    at.toInstant().toEpochMilli() + 1));
            work.logByApp("todos", "todo_edit", Map.of("day", TODAY.key(), "line_number", 1), at);
            work.addTodo(TODAY, Todo.open("Book the flights", Optional.empty(), at.toInstant().toEpochMilli()));
            work.updateTodo(TODAY, 2, t -> t.withCompleted(true, at.toInstant().toEpochMilli() + 2));
            work.logByApp("todos", "todo_done", Map.of("day", TODAY.key(), "line_number", 2), at);
            List<Todo> owners = work.todos(TODAY);
            Path todoFile = kit.journal.root().resolve("facets/work/todos/" + TODAY.key() + ".jsonl");
            List<String> ownerLines = Files.readAllLines(todoFile);

            ServiceRegistry registry = new ServiceRegistry();
            registry.register(Providers.class, kit.providers());
            registry.register(Tools.class, JournalTools.of(kit.journal, Optional::empty, kit.clock));
            Runs runs = new Runs(AppContext.of(kit.journal, Emitter.none(), registry), 8, kit.clock);
            registry.register(Agents.class, runs);
            runs.start();
            ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                    kit.clock, () -> registry.find(Agents.class));
            try {
                think.catchUp(); // yesterday's dream: insights, then the scheduled personas

                List<AgentRun> started = runs.days().stream().flatMap(d -> runs.list(d).stream())
                        .sorted(java.util.Comparator.comparing(AgentRun::id)).toList();
                assertThat(started).extracting(AgentRun::persona).containsExactly("daily_news", "todos", "entities");
                assertThat(started).extracting(AgentRun::state).containsOnly(AgentRun.RunState.FINISHED);
                List<Todo> after = work.todos(TODAY);
                assertThat(after).hasSize(3);
                assertThat(after.subList(0, 2)).isEqualTo(owners); // the owner's edits, unchanged
                assertThat(Files.readAllLines(todoFile).subList(0, 2)).isEqualTo(ownerLines);
                assertThat(after.get(2)).satisfies(t -> {
                    assertThat(t.id()).isEqualTo(3);
                    assertThat(t.text()).isEqualTo("Send Rui the launch plan");
                    assertThat(t.status()).isEqualTo(Todo.Status.OPEN);
                });
                assertThat(work.detectedEntities(D3)).extracting(Entity::name, Entity::type)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("Rui", "Person"));
                // the writes are the agents', action-logged as theirs next to the owner's
                assertThat(work.logs(TODAY)).extracting(e -> e.source() + " " + e.actor() + " " + e.action()
                        + e.agentId().map(" "::concat).orElse("")).containsExactly("app todos todo_edit",
                        "app todos todo_done", "tool todos todo_add " + started.get(1).id(),
                        "tool entities entity_detect " + started.get(2).id());
                List<RunEvent> todoRun = runs.events(started.get(1).id());
                List<RunEvent> ends = todoRun.stream().filter(e -> e.event().equals("tool_end")).toList();
                assertThat(ends).hasSize(2 + OVERWRITES.size());
                for (int i = 0; i < OVERWRITES.size(); i++) { // each overwrite refused with a clear tool error
                    Map<String, Object> end = ends.get(1 + i).fields();
                    assertThat(end.get("tool")).isEqualTo(OVERWRITES.get(i)[0]);
                    assertThat(end.get("error")).as("tool_end %s", end).isEqualTo(true);
                    assertThat(String.valueOf(end.get("result"))).contains(OVERWRITES.get(i)[2]);
                }
                assertThat(ends.getFirst().fields()).doesNotContainKey("error");
                assertThat(ends.getLast().fields()).doesNotContainKey("error");
                assertThat(kit.agentRequests.stream().filter(b -> b.toString().contains("ERROR: todo_cancel: the todo at line 2"))
                        .count()).as("the refusal reached the model").isPositive();
                assertThat(todoRun.getLast().event()).isEqualTo("finish");
                assertThat(todoRun.getLast().fields().get("result")).isEqualTo("Added: Send Rui the launch plan.");

                think.dream(D3, false); // again: the agents do not run twice, nothing is added
                assertThat(work.todos(TODAY)).hasSize(3);
                assertThat(runs.days().stream().mapToLong(d -> runs.list(d).size()).sum()).isEqualTo(3);
            } finally {
                runs.stop();
            }
        }
    }
}
