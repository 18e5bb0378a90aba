package dev.engram.cortex.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.cortex.api.ToolResult;
import dev.engram.cortex.api.ToolScope;
import dev.engram.cortex.api.ToolSpec;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.ActionLogEntry;
import dev.engram.journal.Agents;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Todo;
import dev.engram.testing.SampleJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The journal tools on a real journal (and a real index for search_journal), called as agents and MCP call them. */
class JournalToolsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ToolCaller WRITER = new ToolCaller("agent:todos:1700000000001", ToolScope.WRITE, Set.of());
    static final ToolCaller READER = new ToolCaller("mcp:reader", ToolScope.READ, Set.of());
    static final ToolCaller HOME_ONLY = new ToolCaller("mcp:home", ToolScope.WRITE, Set.of("home"));
    static final String DAY = SampleJournal.DAY.key();

    @TempDir
    Path tmp;
    Journal journal;
    Indexer indexer;
    JournalTools tools;

    @BeforeEach
    void setUp() {
        journal = SampleJournal.create(tmp.resolve("journal"));
        Clock clock = Clock.fixed(SampleJournal.DAY.date().atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant(),
                ZoneId.systemDefault());
        tools = JournalTools.of(journal, () -> Optional.ofNullable((Searcher) indexer), clock);
    }

    @AfterEach
    void tearDown() {
        if (indexer != null) {
            indexer.stop();
        }
    }

    private JsonNode ok(String tool, String args, ToolCaller caller) {
        ToolResult r = tools.call(tool, args, caller);
        assertThat(r.error()).as(r.content()).isFalse();
        return JSON.readTree(r.content());
    }

    private String error(String tool, String args, ToolCaller caller) {
        ToolResult r = tools.call(tool, args, caller);
        assertThat(r.error()).as(r.content()).isTrue();
        return r.content();
    }

    @Test
    void theReferenceToolsAreThereWithTruthfulReadOnlyFlagsAndTheirArgumentNames() {
        Map<String, ToolSpec> specs = tools.specs().stream().collect(Collectors.toMap(ToolSpec::name, s -> s));
        assertThat(specs.keySet()).contains("search_journal", "get_events", "get_facet", "get_resource",
                "send_message", "facet_news", "todo_list", "todo_add", "todo_done", "todo_cancel", "todo_upcoming",
                "entity_list", "entity_detect", "entity_attach", "entity_update", "entity_add_aka", "get_transcript",
                "get_insight");
        assertThat(specs.values().stream().filter(ToolSpec::readOnly).map(ToolSpec::name)).containsExactlyInAnyOrder(
                "search_journal", "get_events", "get_facet", "get_resource", "todo_list", "todo_upcoming",
                "entity_list", "get_transcript", "get_insight");
        JsonNode search = JSON.readTree(specs.get("search_journal").inputSchemaJson());
        assertThat(search.get("properties").propertyNames()).containsExactly("query", "limit", "offset", "day",
                "day_from", "day_to", "facet", "topic");
        assertThat(search.get("required").toString()).isEqualTo("[\"query\"]");
        JsonNode update = JSON.readTree(specs.get("entity_update").inputSchemaJson());
        assertThat(update.get("properties").propertyNames()).containsExactly("facet", "type", "name",
                "old_description", "new_description", "day");
        assertThat(specs.get("todo_add").pack()).isEqualTo("todo");
        assertThat(specs.get("entity_attach").pack()).isEqualTo("entities");
    }

    @Test
    void badArgumentsAnswerAnErrorTheModelCanActOn() {
        assertThat(error("todo_list", "{\"facet\":\"work\"}", READER)).contains("'day' is required")
                .contains("(day, facet)");
        assertThat(error("todo_list", "{\"day\":\"2026-03-02\",\"facet\":\"work\"}", READER))
                .contains("'day' must be a day as YYYYMMDD");
        assertThat(error("todo_list", "{\"day\":\"" + DAY + "\",\"facet\":\"work\",\"colour\":1}", READER))
                .contains("unknown argument 'colour'");
        assertThat(error("search_journal", "{\"query\":\"x\",\"limit\":\"ten\"}", READER))
                .contains("'limit' must be a whole number from 1 to 100");
        assertThat(error("search_journal", "{\"query\":\"x\",\"limit\":1000}", READER)).contains("from 1 to 100");
        assertThat(error("get_facet", "not json", READER)).contains("not valid JSON").contains("{\"facet\":\"work\"}");
        assertThat(error("get_facet", "[1]", READER)).contains("must be a JSON object");
        assertThat(error("get_facet", "{\"facet\":\"../etc\"}", READER)).contains("must be a facet name");
        assertThat(error("get_facet", "{\"facet\":\"garden\"}", READER)).contains("no facet 'garden'")
                .contains("home, work");
        assertThat(error("no_such_tool", "{}", READER)).contains("there is no tool 'no_such_tool'")
                .contains("search_journal");
        // null counts as absent for optional arguments
        assertThat(ok("get_events", "{\"day\":\"" + DAY + "\",\"facet\":null}", READER).get("events")).hasSize(2);
    }

    @Test
    void writeToolsRefuseAReadCallerAndFacetsOutsideTheCallers() {
        String add = "{\"day\":\"" + DAY + "\",\"facet\":\"work\",\"line_number\":2,\"text\":\"x\"}";
        assertThat(error("todo_add", add, READER)).contains("todo_add changes the journal")
                .contains("may only read");
        assertThat(journal.facetStore("work").todos(SampleJournal.DAY)).hasSize(1);
        // facet_news reads for a reader, but does not write for it
        assertThat(ok("facet_news", "{\"facet\":\"home\",\"day\":\"" + DAY + "\"}", READER).get("markdown")
                .asString()).contains("lynx festival");
        assertThat(error("facet_news", "{\"facet\":\"home\",\"day\":\"" + DAY + "\",\"markdown\":\"# x\"}", READER))
                .contains("may only read");

        assertThat(error("todo_add", add, HOME_ONLY)).contains("facet 'work' is outside what this caller may use");
        assertThat(error("todo_list", "{\"day\":\"" + DAY + "\",\"facet\":\"work\"}", HOME_ONLY))
                .contains("outside");
        JsonNode events = ok("get_events", "{\"day\":\"" + DAY + "\"}", HOME_ONLY);
        assertThat(events.get("events")).hasSize(1);
        assertThat(events.get("events").get(0).get("facet").asString()).isEqualTo("home");
        assertThat(error("get_resource", "{\"uri\":\"journal://insight/" + DAY + "/flow\"}", HOME_ONLY))
                .contains("belong to no facet");
        assertThat(error("get_transcript", "{\"day\":\"" + DAY + "\",\"segment\":\"140000_300\"}", HOME_ONLY))
                .contains("belong to no facet");
        assertThat(error("send_message", "{\"body\":\"hi\"}", HOME_ONLY)).contains("pass one as 'facet'");
    }

    @Test
    void todosAreAddedAtTheNextFreeLineDoneAndCancelledAndActionLogged() {
        String base = "\"day\":\"" + DAY + "\",\"facet\":\"work\"";
        JsonNode list = ok("todo_list", "{" + base + "}", READER);
        assertThat(list.get("todos")).hasSize(1);
        assertThat(list.get("next_line_number").asInt()).isEqualTo(2);
        assertThat(error("todo_add", "{" + base + ",\"line_number\":5,\"text\":\"Book the otter\"}", WRITER))
                .contains("the next free line is 2").contains("todo_list");
        JsonNode added = ok("todo_add", "{" + base + ",\"line_number\":2,\"text\":\"Book the otter\"}", WRITER);
        assertThat(added.get("todo").get("line_number").asInt()).isEqualTo(2);
        assertThat(error("todo_add", "{" + base + ",\"line_number\":2,\"text\":\"Again\"}", WRITER))
                .contains("the next free line is 3");
        ok("todo_done", "{" + base + ",\"line_number\":1}", WRITER);
        ok("todo_cancel", "{" + base + ",\"line_number\":2}", WRITER);
        assertThat(error("todo_done", "{" + base + ",\"line_number\":9}", WRITER)).contains("no todo at line 9");

        List<Todo> todos = journal.facetStore("work").todos(SampleJournal.DAY);
        assertThat(todos).extracting(Todo::status).containsExactly(Todo.Status.DONE, Todo.Status.CANCELLED);
        List<ActionLogEntry> log = journal.facetStore("work").logs(SampleJournal.DAY);
        assertThat(log).extracting(ActionLogEntry::action).containsExactly("todo_add", "todo_done", "todo_cancel");
        assertThat(log.getFirst().source()).isEqualTo("tool");
        assertThat(log.getFirst().actor()).isEqualTo("todos");
        assertThat(log.getFirst().agentId()).contains("1700000000001");
        assertThat(log.getFirst().params().string("text")).contains("Book the otter");
    }

    @Test
    void upcomingListsOpenTodosFromTodayOn() {
        Day tomorrow = SampleJournal.DAY.plusDays(1);
        journal.facetStore("home").addTodo(tomorrow, Todo.open("Water the ferns", Optional.empty(), 1L));
        journal.facetStore("home").addTodo(SampleJournal.DAY.plusDays(-1), Todo.open("Old", Optional.empty(), 1L));
        JsonNode up = ok("todo_upcoming", "{}", READER);
        assertThat(up.get("todos")).extracting(t -> t.get("text").asString())
                .containsExactly("Send the narwhal invoice", "Water the ferns");
        assertThat(ok("todo_upcoming", "{\"limit\":1}", READER).get("todos")).hasSize(1);
        assertThat(ok("todo_upcoming", "{}", HOME_ONLY).get("todos")).extracting(t -> t.get("facet").asString())
                .containsExactly("home");
    }

    @Test
    void entitiesAreDetectedAttachedUpdatedGuardedAndAkaAdded() {
        String f = "\"facet\":\"work\",\"type\":\"Person\",\"name\":\"Ben Ito\"";
        ok("entity_detect", "{\"day\":\"" + DAY + "\"," + f + ",\"description\":\"Ships reports\"}", WRITER);
        assertThat(ok("entity_detect", "{\"day\":\"" + DAY + "\"," + f + ",\"description\":\"x\"}", WRITER)
                .get("result").asString()).startsWith("already detected");
        assertThat(journal.facetStore("work").detectedEntities(SampleJournal.DAY)).hasSize(1);
        assertThat(error("entity_detect", "{\"day\":\"" + DAY + "\",\"facet\":\"work\",\"type\":\"P\",\"name\":\"Z\","
                + "\"description\":\"d\"}", WRITER)).contains("'type' must be 3 to 64");

        ok("entity_attach", "{" + f + ",\"description\":\"Ships reports\"}", WRITER);
        assertThat(error("entity_update", "{" + f + ",\"old_description\":\"wrong\",\"new_description\":\"n\"}",
                WRITER)).contains("is now \"Ships reports\"");
        ok("entity_update", "{" + f + ",\"old_description\":\"Ships reports\",\"new_description\":\"Runs QA\"}",
                WRITER);
        ok("entity_add_aka", "{" + f + ",\"aka\":\"Benny\"}", WRITER);
        assertThat(ok("entity_add_aka", "{" + f + ",\"aka\":\"benny\"}", WRITER).get("result").asString())
                .isEqualTo("already known by that name");
        JsonNode list = ok("entity_list", "{\"facet\":\"work\"}", READER);
        assertThat(list.get("entities")).hasSize(2);
        JsonNode ben = list.get("entities").get(1);
        assertThat(ben.get("description").asString()).isEqualTo("Runs QA");
        assertThat(ben.get("aka").toString()).isEqualTo("[\"Benny\"]");
        assertThat(ok("entity_list", "{\"facet\":\"work\",\"day\":\"" + DAY + "\"}", READER).get("entities"))
                .hasSize(1);
        assertThat(error("entity_add_aka", "{\"facet\":\"work\",\"type\":\"Person\",\"name\":\"Nobody\","
                + "\"aka\":\"N\"}", WRITER)).contains("no attached entity named 'Nobody'");
        assertThat(journal.facetStore("work").logs(SampleJournal.DAY)).extracting(ActionLogEntry::action)
                .containsExactly("entity_detect", "entity_attach", "entity_update", "entity_add_aka");
    }

    @Test
    void sendMessageCreatesASyntheticRunAndAnUnreadChat() {
        JsonNode r = ok("send_message", "{\"body\":\"# Heads up\\nThe pelican report ships Thursday.\","
                + "\"facet\":\"work\"}", WRITER);
        String id = r.get("agent_id").asString();
        assertThat(r.get("success").asBoolean()).isTrue();
        assertThat(journal.agents().status(id)).isEqualTo(Agents.Status.COMPLETED);
        assertThat(journal.agents().read(id).orElseThrow().events().getFirst().event()).isEqualTo("finish");
        JsonNode chat = JSON.readTree(journal.readAppFile("chat", "chats", id + ".json").orElseThrow());
        assertThat(chat.get("unread").asBoolean()).isTrue();
        assertThat(chat.get("title").asString()).isEqualTo("Heads up");
        assertThat(chat.get("from").get("id").asString()).isEqualTo(id);
        String second = ok("send_message", "{\"body\":\"again\"}", WRITER).get("agent_id").asString();
        assertThat(second).isNotEqualTo(id);
    }

    /**
     * Messages sent at the same instant by two tool sets on one journal (the server's agents and a stdio MCP server,
     * say) still get distinct ids, each its own run file with its one event and its own chat record.
     */
    @Test
    void sendMessageIdsAreUniqueUnderConcurrentSendsFromTwoToolSets() throws Exception {
        Clock frozen = Clock.fixed(SampleJournal.DAY.date().atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant(),
                ZoneId.systemDefault());
        List<JournalTools> sets = List.of(tools, JournalTools.of(journal, Optional::empty, frozen));
        int threads = 8;
        int each = 15;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<String>>> futures = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                JournalTools set = sets.get(t % 2);
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<String> ids = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        ToolResult r = set.call("send_message", "{\"body\":\"m" + thread + "-" + i + "\"}", WRITER);
                        assertThat(r.error()).as(r.content()).isFalse();
                        ids.add(JSON.readTree(r.content()).get("agent_id").asString());
                    }
                    return ids;
                }));
            }
            go.countDown();
            List<String> all = new java.util.ArrayList<>();
            for (var f : futures) {
                all.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
            assertThat(journal.agents().activeIds()).isEmpty();
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (String id : all) {
                List<dev.engram.journal.AgentEvent> events = journal.agents().read(id).orElseThrow().events();
                assertThat(events).as(id).hasSize(1);
                bodies.add(events.getFirst().fields().get("result").orElseThrow().asString());
                assertThat(journal.readAppFile("chat", "chats", id + ".json")).as(id).isPresent();
            }
            assertThat(bodies).hasSize(threads * each);
        }
    }

    /** Media are described with a link and the segment's transcript, never inlined into a model's context. */
    @Test
    void mediaIsDescribedWithALinkAndAnExtractNeverInlined() throws Exception {
        dev.engram.journal.Segment seg = journal.days().segment(SampleJournal.DAY,
                dev.engram.journal.SegmentKey.parse("140000_300")).orElseThrow();
        byte[] audio = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(audio);
        java.nio.file.Files.write(seg.dir().resolve("mic.flac"), audio);
        String uri = "journal://media/" + DAY + "/140000_300/mic.flac";
        ToolResult r = tools.call("get_resource", "{\"uri\":\"" + uri + "\"}", READER);
        assertThat(r.error()).as(r.content()).isFalse();
        assertThat(r.content().length()).isLessThan(Resources.MAX_MEDIA_EXTRACT + 2_000);
        JsonNode o = JSON.readTree(r.content());
        assertThat(o.has("blob")).isFalse();
        assertThat(o.get("mime_type").asString()).isEqualTo("audio/flac");
        assertThat(o.get("bytes").asLong()).isEqualTo(audio.length);
        assertThat(o.get("link").asString()).isEqualTo("/app/transcripts/media/" + DAY + "/140000_300/mic.flac");
        assertThat(o.get("transcript").asString()).contains("Did the pelican report ship?");
    }

    @Test
    void resourcesTranscriptsAndInsightsAreRead() {
        assertThat(ok("get_facet", "{\"facet\":\"work\"}", READER).get("entities").get(0).get("name").asString())
                .isEqualTo("Ana Lima");
        assertThat(tools.call("get_resource", "{\"uri\":\"journal://insight/" + DAY + "/flow\"}", READER).content())
                .contains("zebra migration");
        String full = tools.call("get_resource", "{\"uri\":\"journal://transcripts/full/" + DAY + "/140000/300\"}",
                READER).content();
        assertThat(full).contains("14:00:05 Ana: Did the pelican report ship?").contains("walrus budgets")
                .contains("kestrel");
        assertThat(tools.call("get_resource", "{\"uri\":\"journal://transcripts/audio/" + DAY + "/140100/60\"}",
                READER).content()).contains("pelican").doesNotContain("walrus");
        assertThat(tools.call("get_resource", "{\"uri\":\"journal://todo/work/" + DAY + "\"}", READER).content())
                .contains("1. [ ] Send the narwhal invoice (16:00)");
        assertThat(error("get_resource", "{\"uri\":\"file:///etc/passwd\"}", READER)).contains("unknown resource");
        assertThat(error("get_resource", "{\"uri\":\"journal://transcripts/loud/" + DAY + "/140000/300\"}", READER))
                .contains("not a transcript mode");
        assertThat(tools.call("get_transcript", "{\"day\":\"" + DAY + "\",\"segment\":\"140000_300\","
                + "\"mode\":\"screen\"}", READER).content()).contains("walrus").doesNotContain("pelican");
        assertThat(tools.call("get_insight", "{\"day\":\"" + DAY + "\",\"topic\":\"activity\","
                + "\"segment\":\"140000_300\"}", READER).content()).contains("kestrel");
        assertThat(error("get_insight", "{\"day\":\"" + DAY + "\",\"topic\":\"nope\"}", READER))
                .contains("topics there: flow");
    }

    @Test
    void searchJournalAnswersTheReferenceShapeFromTheRealIndex() {
        assertThat(error("search_journal", "{\"query\":\"pelican\"}", READER)).contains("search is not available");
        indexer = new Indexer(journal);
        indexer.start();
        await().atMost(Duration.ofSeconds(20)).until(indexer::caughtUp);
        JsonNode r = ok("search_journal", "{\"query\":\"pelican\"}", READER);
        assertThat(r.get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(r.get("query").get("text").asString()).isEqualTo("pelican");
        JsonNode hit = r.get("results").get(0);
        assertThat(hit.get("day").asString()).isEqualTo(DAY);
        assertThat(hit.get("path").asString()).startsWith(DAY + "/140000_300/");
        assertThat(hit.has("idx")).isTrue();
        assertThat(r.get("counts").get("recent_days").get(DAY).asLong()).isGreaterThanOrEqualTo(1);
        assertThat(r.get("counts").has("top_days")).isTrue();
        assertThat(r.get("counts").get("bucketed_days").isEmpty()).isTrue(); // the day is among the last seven
        // a month later the day is in its week's bucket, Monday to Sunday, and not among the recent days
        Day later = SampleJournal.DAY.plusDays(30);
        JournalTools month = JournalTools.of(journal, () -> Optional.of((Searcher) indexer), Clock.fixed(
                later.date().atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant(), ZoneId.systemDefault()));
        JsonNode m = JSON.readTree(month.call("search_journal", "{\"query\":\"pelican\"}", READER).content());
        Day monday = new Day(SampleJournal.DAY.date().with(java.time.DayOfWeek.MONDAY));
        assertThat(m.get("counts").get("bucketed_days").propertyNames()).containsExactly(monday.key() + "-"
                + monday.plusDays(6).key());
        assertThat(m.get("counts").get("bucketed_days").get(monday.key() + "-" + monday.plusDays(6).key()).asLong())
                .isEqualTo(r.get("counts").get("recent_days").get(DAY).asLong());
        assertThat(m.get("counts").get("recent_days").has(DAY)).isFalse();

        assertThat(ok("search_journal", "{\"query\":\"flamingo\",\"facet\":\"work\"}", READER).get("total").asLong())
                .isGreaterThanOrEqualTo(1);
        // a home-only caller searches only home: the work event is not found, the pelican transcript neither
        assertThat(ok("search_journal", "{\"query\":\"flamingo\"}", HOME_ONLY).get("total").asLong()).isZero();
        assertThat(ok("search_journal", "{\"query\":\"lynx\"}", HOME_ONLY).get("total").asLong()).isEqualTo(1);
        assertThat(error("search_journal", "{\"query\":\"x\",\"day\":\"" + DAY + "\",\"day_from\":\"" + DAY + "\"}",
                READER)).contains("not both");
    }

    @Test
    void searchReadsDayKeysLikeDayDoes() {
        for (String k : List.of("20261127", "20240229", "20230229", "00010101", "99981231", "99991231", "00000101",
                "2026112", "202611270", "2026-11-", "20261301", "20261100", "20261132", "ab261127")) {
            assertThat(Optional.ofNullable(SearchTool.date(k))).as(k).isEqualTo(Day.tryParse(k).map(Day::date));
            Day.tryParse(k).ifPresent(d -> assertThat(SearchTool.key(d.date().toEpochDay())).isEqualTo(k));
        }
    }

    /**
     * top_days and bucketed_days as the plain way computes them (sort every day; sum by week in a sorted map), for
     * random day counts with ties, in the index's order (newest first) and shuffled.
     */
    @Test
    void searchCountsTopDaysAndWeeksLikeTheSortingWayDoes() {
        long seed = System.nanoTime();
        System.out.println("searchCountsTopDaysAndWeeksLikeTheSortingWayDoes seed " + seed);
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 200; round++) {
            java.util.List<Map.Entry<String, Long>> days = new java.util.ArrayList<>();
            Day last = Day.parse("20261127");
            int n = random.nextInt(400);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(4) > 0) {
                    days.add(Map.entry(last.plusDays(-i).key(), (long) 1 + random.nextInt(5)));
                }
            }
            if (round % 2 == 1) {
                java.util.Collections.shuffle(days, random);
            }
            Map<String, Long> m = new java.util.LinkedHashMap<>();
            days.forEach(e -> m.put(e.getKey(), e.getValue()));
            long recentStart = last.plusDays(-6).date().toEpochDay();

            var top = JSON.createObjectNode();
            SearchTool.topDays(m, top);
            List<String> expectedTop = m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                    .reversed().thenComparing(Map.Entry.comparingByKey())).limit(20).map(Map.Entry::getKey).toList();
            assertThat(top.propertyNames()).as("seed %d round %d", seed, round).containsExactlyElementsOf(expectedTop);

            var weeks = JSON.createObjectNode();
            SearchTool.weeks(m, recentStart, weeks);
            Map<Long, Long> byWeek = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
            m.forEach((k, c) -> {
                java.time.LocalDate d = Day.parse(k).date();
                if (d.toEpochDay() < recentStart) {
                    byWeek.merge(d.with(java.time.DayOfWeek.MONDAY).toEpochDay(), c, Long::sum);
                }
            });
            Map<String, Long> expectedWeeks = new java.util.LinkedHashMap<>();
            byWeek.forEach((mon, c) -> expectedWeeks.put(SearchTool.key(mon) + "-" + SearchTool.key(mon + 6), c));
            Map<String, Long> actualWeeks = new java.util.LinkedHashMap<>();
            weeks.properties().forEach(e -> actualWeeks.put(e.getKey(), e.getValue().asLong()));
            assertThat(actualWeeks).as("seed %d round %d", seed, round).containsExactlyEntriesOf(expectedWeeks);
        }
    }
}
