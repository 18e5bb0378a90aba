package dev.engram.cortex.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.engram.callosum.Message;
import dev.engram.journal.JournalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider failing in the middle of a run (a wrong key, a 500, a 429 beyond the retries, a stream broken halfway):
 * the run ends with an {@code error} event, {@code agents/<id>_active.jsonl} becomes {@code agents/<id>.jsonl}, and
 * the key appears in no agent file, bus message or log line. Each failure comes after a first turn that succeeded
 * (a tool call), so the run is really under way.
 */
@ResourceLock("dev.engram.app.LogCapture")
class RunProviderFailureTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = "sk-proj-RUNSECRET-9876543210zyxwvutsrq";
    @TempDir
    Path dir;
    MockWebServer openai;
    Logger root;
    Level before;
    ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void server() throws Exception {
        openai = new MockWebServer();
        openai.start();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        before = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logs);
        root.setLevel(before);
        openai.close();
    }

    @Test
    void aWrongKeyEndsTheRunWithAnError() throws Exception {
        String error = run("1700000000701", OpenAiWire.error(401, "Incorrect API key provided: " + KEY));
        assertThat(error).contains("key");
    }

    @Test
    void aServerErrorEndsTheRunWithAnError() throws Exception {
        String error = run("1700000000702", OpenAiWire.error(500, "internal error for " + KEY),
                OpenAiWire.error(500, "internal error for " + KEY));
        assertThat(error).containsIgnoringCase("500");
    }

    @Test
    void aRateLimitBeyondTheRetriesEndsTheRunWithAnError() throws Exception {
        String error = run("1700000000703", OpenAiWire.error(429, "slow down " + KEY),
                OpenAiWire.error(429, "slow down " + KEY));
        assertThat(error).containsIgnoringCase("rate");
    }

    @Test
    void aStreamBrokenHalfwayEndsTheRunWithAnError() throws Exception {
        StringBuilder body = new StringBuilder();
        for (String c : OpenAiWire.textChunks(10, 3, "The answer ", "is coming ", "but ", "never ", "ends.")) {
            body.append("data: ").append(c).append("\n\n");
        }
        MockResponse broken = new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                .body(body.toString()).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        run("1700000000704", broken);
    }

    /** Runs a request whose second model turn gets these answers; returns its error event's text. */
    private String run(String id, MockResponse... failures) throws Exception {
        openai.enqueue(OpenAiWire.toolCall("call_1", "search_journal", "{\"query\":\"birthday\"}", 10, 2));
        for (MockResponse f : failures) {
            openai.enqueue(f);
        }
        try (CortexRig rig = new CortexRig(dir, openai.url("/v1").toString(), 4)) {
            rig.journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                    JSON.readTree("{\"endpoints\":{\"local\":{\"type\":\"openai-compatible\",\"base_url\":\""
                            + openai.url("/v1") + "\",\"model\":\"gpt-test\",\"api_key\":\"" + KEY + "\"}},"
                            + "\"max_retries\":1,\"retry_base_ms\":10,\"timeout_seconds\":10}"))));
            rig.start();
            rig.send(Message.of("cortex", "request", Map.of("agent_id", id, "prompt", "When is the dinner?",
                    "persona", "default")));
            Path done = rig.journal.root().resolve("agents/" + id + ".jsonl");
            await().atMost(WAIT).until(() -> Files.exists(done));
            await().atMost(WAIT).until(() -> rig.events(id).contains("error"));
            assertThat(rig.journal.root().resolve("agents/" + id + "_active.jsonl")).doesNotExist();
            List<JsonNode> lines = Files.readAllLines(done).stream().map(JSON::readTree).toList();
            assertThat(lines).extracting(l -> l.get("event").asString()).containsExactly("request", "start",
                    "tool_start", "tool_end", "error");
            assertThat(openai.getRequestCount()).isEqualTo(1 + failures.length);
            assertThat(openai.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);

            List<String> texts = new ArrayList<>(allFiles(rig.journal.root()));
            rig.seen.forEach(m -> texts.add(m.json().toString()));
            synchronized (logs) {
                for (ILoggingEvent e : logs.list) {
                    texts.add(e.getFormattedMessage());
                    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                        texts.add(t.getClassName() + ": " + t.getMessage());
                    }
                }
            }
            assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain(KEY)
                    .doesNotContain(KEY.substring(8, 20)).doesNotContain(KEY.substring(KEY.length() - 12)));
            return lines.getLast().get("error").asString();
        }
    }

    private static List<String> allFiles(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        // the index keeps writing while this walks (its merges delete merged-away files): a file or folder that is gone
        // by the time the walk reaches it is skipped, as one removed after it was listed
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                if (a.isRegularFile() && !p.toString().endsWith("config/journal.json")) {
                    try {
                        out.add(p + ": " + new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // removed since the walk listed it
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return out;
    }
}
