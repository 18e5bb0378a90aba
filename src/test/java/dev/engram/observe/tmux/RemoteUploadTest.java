package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import io.javalin.Javalin;
import io.javalin.http.UploadedFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote sink against a small HTTP server speaking the later observer protocol's wire format (multipart
 * {@code POST /app/observer/ingest} with a Bearer key, {@code GET /app/observer/ingest/segments/<day>}).
 */
class RemoteUploadTest {
    private static final String KEY = "k3y-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @TempDir
    Path tmp;
    private Javalin server;
    /** day -> segment keys the server holds. */
    private final Map<String, List<String>> held = new ConcurrentHashMap<>();
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private final AtomicInteger failWith = new AtomicInteger();
    /** While true the segments list is an answer of 2 MiB (a broken or hostile server). */
    private final java.util.concurrent.atomic.AtomicBoolean hugeAnswer = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = Javalin.create(c -> {
            c.routes.post("/app/observer/ingest", ctx -> {
                requests.incrementAndGet();
                if (!("Bearer " + KEY).equals(ctx.header("Authorization"))) {
                    ctx.status(401).json(Map.of("error", "bad key", "reason_code", "auth_key_invalid",
                            "detail", ""));
                    return;
                }
                if (failWith.get() != 0) {
                    ctx.status(failWith.get()).result("{\"error\":\"down\",\"reason_code\":\"x\",\"detail\":\"\"}");
                    return;
                }
                String day = ctx.formParam("day");
                String segment = ctx.formParam("segment");
                List<UploadedFile> files = ctx.uploadedFiles("files");
                if (day == null || segment == null || files.isEmpty() || ctx.formParam("host") == null) {
                    problems.add("missing fields");
                    ctx.status(400).result("{\"error\":\"missing\",\"reason_code\":\"missing_required_field\"}");
                    return;
                }
                for (UploadedFile f : files) {
                    String body = new String(f.content().readAllBytes(), StandardCharsets.UTF_8);
                    uploads.add(day + "/" + segment + "/" + f.filename() + ":" + body.strip());
                }
                held.computeIfAbsent(day, d -> new CopyOnWriteArrayList<>()).add(segment);
                ctx.result("{\"status\":\"ok\",\"segment\":\"" + segment + "\",\"files\":[],\"bytes\":1}");
            });
            c.routes.post("/app/observer/ingest/event", ctx -> {
                if (refused(ctx)) {
                    return;
                }
                events.add(ctx.body());
                ctx.result("{\"status\":\"ok\"}");
            });
            c.routes.get("/app/observer/ingest/segments/{day}", ctx -> {
                requests.incrementAndGet();
                if (refused(ctx)) {
                    return;
                }
                if (hugeAnswer.get()) {
                    ctx.contentType("application/json").result("[" + " ".repeat(2 << 20) + "]");
                    return;
                }
                StringBuilder sb = new StringBuilder("[");
                for (String k : held.getOrDefault(ctx.pathParam("day"), List.of())) {
                    sb.append(sb.length() > 1 ? "," : "").append("{\"key\":\"").append(k).append("\",\"files\":[]}");
                }
                ctx.contentType("application/json").result(sb.append("]").toString());
            });
        }).start("127.0.0.1", 0);
    }

    /** Answers 401 for a wrong key and the failure the test set; true when it answered. */
    private boolean refused(io.javalin.http.Context ctx) {
        int code = !("Bearer " + KEY).equals(ctx.header("Authorization")) ? 401 : failWith.get();
        if (code == 401) { // as an Engram answers an unknown key
            ctx.status(401).json(Map.of("error", "Invalid key", "reason_code", "auth_key_invalid", "detail",
                    "no observer has this key"));
        } else if (code != 0) {
            ctx.status(code).result("{}");
        }
        return code != 0;
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private RemoteSink sink(Journal journal, Path queue) {
        return new RemoteSink(new UploadQueue(queue, 100, 10_000_000),
                URI.create("http://127.0.0.1:" + server.port()), KEY, new OutboundHttp(journal),
                new Origin("vm.example", "linux"), problems::add);
    }

    private static ObservedSegment segment(String time, String text) {
        return new ObservedSegment(Day.parse("20260105"), SegmentKey.of(LocalTime.parse(time), 300),
                Map.of("tmux_work_screen.jsonl", (text + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void segmentsQueueWhileTheServerFailsAndAreUploadedOnceWhenItRecovers() throws Exception {
        Journal journal = Journal.create(tmp.resolve("state"), null);
        Path queue = tmp.resolve("state/apps/tmux_observer/queue");
        failWith.set(503);
        RemoteSink sink = sink(journal, queue);
        sink.start();
        sink.deliver(segment("09:00:00", "one"));
        sink.deliver(segment("09:05:00", "two"));
        await().atMost(Duration.ofSeconds(10)).until(() -> problems.stream().anyMatch(p -> p.contains("503")));
        assertThat(uploads).isEmpty();
        assertThat(Files.list(queue).count()).isEqualTo(2); // durable on disk meanwhile
        failWith.set(0);
        sink.poke();
        await().atMost(Duration.ofSeconds(20)).until(() -> uploads.size() == 2);
        assertThat(uploads).containsExactly("20260105/090500_300/tmux_work_screen.jsonl:two",
                "20260105/090000_300/tmux_work_screen.jsonl:one"); // newest first
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.list(queue).findAny().isEmpty());
        sink.close();
        assertThat(problems).noneMatch(p -> p.contains(KEY));
        assertThat(Files.readString(tmp.resolve("state/health/providers.jsonl"))).contains("observe.upload")
                .doesNotContain(KEY);
    }

    @Test
    void statusIsRelayedAtOncePeriodicallyAndAtCloseAndAFailureNeverStopsIt() throws Exception {
        Journal journal = Journal.create(tmp.resolve("state"), null);
        RemoteSink sink = new RemoteSink(new UploadQueue(tmp.resolve("queue"), 100, 10_000_000),
                URI.create("http://127.0.0.1:" + server.port()), KEY, new OutboundHttp(journal),
                new Origin("vm.example", "linux"), problems::add, Duration.ofMillis(200));
        sink.start();
        sink.status(new TmuxStatus(true, 3, List.of("work"), 7));
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        JsonNode first = JsonMapper.builder().build().readTree(events.getFirst());
        assertThat(first.path("tract").asString()).isEqualTo("observe");
        assertThat(first.path("event").asString()).isEqualTo("status");
        assertThat(first.path("mode").asString()).isEqualTo("tmux");
        assertThat(first.path("tmux").path("capturing").asBoolean()).isTrue();
        assertThat(first.path("tmux").path("captures").asLong()).isEqualTo(3);
        assertThat(first.path("tmux").path("sessions").get(0).asString()).isEqualTo("work");
        assertThat(first.path("tmux").path("window_elapsed_seconds").asLong()).isEqualTo(7);
        assertThat(first.path("host").asString()).isEqualTo("vm.example");
        assertThat(first.path("platform").asString()).isEqualTo("linux");
        assertThat(first.path("stream").asString()).isEqualTo("vm.tmux");
        assertThat(first.path("stream_type").asString()).isEqualTo("tmux");
        assertThat(first.path("pending_queue_depth").asInt()).isZero();
        assertThat(first.has("uptime") && first.has("version") && first.has("last_error_reason")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3); // periodically
        failWith.set(503); // the server fails: capture and the sink go on
        int before = events.size();
        sink.status(new TmuxStatus(true, 4, List.of("work"), 8));
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(events).hasSize(before);
        failWith.set(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() > before);
        sink.status(new TmuxStatus(false, 5, List.of(), 9));
        sink.close();
        JsonNode last = JsonMapper.builder().build().readTree(events.getLast());
        assertThat(last.path("tmux").path("capturing").asBoolean()).isFalse();
        assertThat(events).noneMatch(e -> e.contains(KEY));
        assertThat(Files.readString(tmp.resolve("state/health/providers.jsonl"))).contains("observe.status");
    }

    @Test
    void aRestartDoesNotUploadWhatTheServerAlreadyHolds() throws Exception {
        Journal journal = Journal.create(tmp.resolve("state"), null);
        Path queue = tmp.resolve("state/apps/tmux_observer/queue");
        // a segment queued, uploaded, and the observer killed before it removed it from its queue
        UploadQueue q = new UploadQueue(queue, 100, 10_000_000);
        q.put(segment("10:00:00", "already there"));
        held.put("20260105", new CopyOnWriteArrayList<>(List.of("100000_300")));
        RemoteSink sink = sink(journal, queue);
        sink.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(queue).findAny().isEmpty());
        sink.close();
        assertThat(uploads).isEmpty();
    }

    @Test
    void anAnswerPastTheLimitIsCutOffAndTheSegmentStaysQueued() throws Exception {
        Journal journal = Journal.create(tmp.resolve("state"), null);
        Path queue = tmp.resolve("state/apps/tmux_observer/queue");
        hugeAnswer.set(true);
        RemoteSink sink = sink(journal, queue);
        sink.start();
        sink.deliver(segment("12:00:00", "kept"));
        await().atMost(Duration.ofSeconds(10)).until(() -> problems.stream()
                .anyMatch(p -> p.contains("answered more than " + RemoteSink.MAX_ANSWER + " bytes")));
        sink.close();
        assertThat(uploads).isEmpty();
        assertThat(Files.list(queue).count()).isEqualTo(1);
    }

    @Test
    void aWrongKeyKeepsSegmentsQueuedAndSaysSoWithoutTheKey() throws Exception {
        Journal journal = Journal.create(tmp.resolve("state"), null);
        Path queue = tmp.resolve("state/apps/tmux_observer/queue");
        RemoteSink sink = new RemoteSink(new UploadQueue(queue, 100, 10_000_000),
                URI.create("http://127.0.0.1:" + server.port() + "/"), "wrong-key-secret",
                new OutboundHttp(journal), new Origin("vm", "linux"), problems::add);
        sink.start();
        sink.deliver(segment("11:00:00", "kept"));
        await().atMost(Duration.ofSeconds(10)).until(() -> problems.stream().anyMatch(p -> p.contains("401")));
        sink.close();
        assertThat(problems).anyMatch(p -> p.contains("answered 401 Invalid key (that Engram does not know this key:"
                + " check the key given by --key-file, --key or ENGRAM_OBSERVER_KEY)"))
                .noneMatch(p -> p.contains("wrong-key-secret"));
        assertThat(problems).as("each said once, not at every retry").doesNotHaveDuplicates();
        assertThat(Files.list(queue).count()).isEqualTo(1);
    }

    @Test
    void aRefusedKeyIsToldWithTheServersOwnWordsAndWhatToDo() {
        byte[] revoked = "{\"error\":\"Observer revoked\",\"reason_code\":\"pl_revoked\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(RemoteSink.hint(403, revoked)).isEqualTo(" Observer revoked (the key was revoked or disabled on"
                + " that Engram: its owner can enable it, or create a new observer there)");
        byte[] hostile = ("{\"error\":\"" + "\\u001b[2J".repeat(3) + "x".repeat(300) + "\"}").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(RemoteSink.hint(401, hostile)).startsWith(" ?[2J?[2J?[2Jxxx").doesNotContain("\u001b")
                .contains("x".repeat(88) + " (that Engram does not know this key");
        assertThat(RemoteSink.hint(401, "<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .startsWith(" (that Engram does not know this key");
        assertThat(RemoteSink.hint(500, revoked)).isEmpty();
    }

    @Test
    void theQueueIsBoundedAndSaysSo() {
        UploadQueue q = new UploadQueue(tmp.resolve("q"), 1, 10_000_000);
        q.put(segment("12:00:00", "a"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.put(segment("12:05:00", "b")))
                .hasMessageContaining("is full").hasMessageContaining("20260105/120500_300");
        assertThat(q.entries()).hasSize(1);
    }
}
