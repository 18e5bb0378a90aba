package dev.engram.cortex.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cancel and {@code timeout_seconds} really stop a run's work: the provider's stream (OpenAI's SSE wire protocol from a
 * local server, through the real {@link ProviderService} and outbound door) is closed, which the server sees as its
 * connection closing; a running tool call (the real {@link JournalTools}, whose search waits for a slow index) is
 * interrupted; the run ends with the reference {@code error} event, its file is completed and none of its threads is
 * left running.
 */
class RunStopTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    MockWebServer openai;
    Journal journal;
    Runs runs;
    /** Set while the search index "opens"; counted down when that wait was interrupted. */
    final CountDownLatch indexWaiting = new CountDownLatch(1);
    final CountDownLatch indexInterrupted = new CountDownLatch(1);
    final String provider = "stop" + System.nanoTime();

    @BeforeEach
    void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Stop Owner");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                JsonMapper.builder().build().readTree("{\"endpoints\":{\"" + provider + "\":{\"type\":"
                        + "\"openai-compatible\",\"base_url\":\"" + openai.url("/v1") + "\",\"model\":"
                        + "\"gpt-test\"}}}"))));
        ServiceRegistry registry = new ServiceRegistry();
        ProviderService providers = new ProviderService(journal, new OutboundHttp(journal), Map.of(),
                Clock.systemDefaultZone());
        registry.register(Providers.class, providers);
        // as Engram does: started, so LangChain4j's OpenAI client is loaded in memory before the first run (on a busy
        // machine its first call alone could take longer than the deadlines below)
        providers.start();
        await().atMost(WAIT).until(() -> !Long.valueOf(0).equals(providers.health().facts().get("warmed_up_ms")));
        assertThat((Long) providers.health().facts().get("warmed_up_ms")).as("the in-memory warm-up succeeded")
                .isPositive();
        registry.register(Tools.class, JournalTools.of(journal, () -> {
            indexWaiting.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5)); // an index that takes its time to open
            } catch (InterruptedException e) {
                indexInterrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }, Clock.systemDefaultZone()));
        runs = new Runs(AppContext.of(journal, Emitter.none(), registry), 4, Clock.systemDefaultZone());
        registry.register(Agents.class, runs);
        runs.start();
    }

    @AfterEach
    void stop() throws IOException {
        runs.stop();
        openai.close();
    }

    @Test
    void cancelClosesTheProvidersStreamAndEndsTheRun() throws Exception {
        EndlessStream body = new EndlessStream();
        openai.enqueue(body.response());
        List<RunEvent> got = new CopyOnWriteArrayList<>();
        String id = runs.start(AgentRequest.of("Talk forever", "default"), got::add);
        await().atMost(WAIT).until(() -> got.stream().anyMatch(e -> e.event().equals("token")));
        assertThat(body.closed).isFalse();

        assertThat(runs.cancel(id)).isTrue();
        assertThat(body.closedLatch.await(10, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
        assertEndedWith(id, "cancelled");
        assertThat(got.getLast().event()).isEqualTo("error");
    }

    @Test
    void timeoutClosesTheProvidersStreamAndEndsWithTheReferenceError() throws Exception {
        // a first, quick run, so the deadline of the second is not spent loading classes on a busy machine
        openai.enqueue(OpenAiWire.text(1, 1, "ok"));
        String warm = runs.start(AgentRequest.of("Say ok", "default"));
        await().atMost(WAIT).until(() -> runs.find(warm).orElseThrow().state() == AgentRun.RunState.FINISHED);
        EndlessStream body = new EndlessStream();
        openai.enqueue(body.response());
        String id = runs.start(AgentRequest.of("Talk forever", "default").withTimeoutSeconds(2));
        assertThat(body.startedLatch.await(10, TimeUnit.SECONDS)).as("the answer started streaming").isTrue();
        assertThat(runs.find(id).orElseThrow().state()).isEqualTo(AgentRun.RunState.RUNNING);
        boolean closed = body.closedLatch.await(10, TimeUnit.SECONDS);
        assertThat(closed).as("the server saw the connection closed; events: %s", runs.events(id)).isTrue();
        assertEndedWith(id, "Agent timed out after 2 seconds");
    }

    @Test
    void cancelInterruptsARunningToolCall() throws Exception {
        openai.enqueue(OpenAiWire.toolCall("call_1", "search_journal", "{\"query\":\"dinner\"}", 10, 5));
        String id = runs.start(AgentRequest.of("Search slowly", "default"));
        assertThat(indexWaiting.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.cancel(id)).isTrue();
        assertThat(indexInterrupted.await(5, TimeUnit.SECONDS)).as("the tool call was interrupted").isTrue();
        assertEndedWith(id, "cancelled");
        assertThat(runs.events(id)).extracting(RunEvent::event).containsSubsequence("tool_start", "tool_end",
                "error");
        assertThat(openai.getRequestCount()).isEqualTo(1); // the model was not asked again
    }

    @Test
    void aToolCallPastTheDeadlineIsInterruptedToo() throws Exception {
        openai.enqueue(OpenAiWire.toolCall("call_1", "search_journal", "{\"query\":\"dinner\"}", 10, 5));
        String id = runs.start(AgentRequest.of("Search slowly", "default").withTimeoutSeconds(2));
        assertThat(indexInterrupted.await(10, TimeUnit.SECONDS)).as("the tool call was interrupted; events: %s",
                runs.events(id)).isTrue();
        assertEndedWith(id, "Agent timed out after 2 seconds");
    }

    private void assertEndedWith(String id, String error) throws IOException {
        await().atMost(WAIT).until(() -> Files.exists(journal.root().resolve("agents/" + id + ".jsonl")));
        assertThat(journal.root().resolve("agents/" + id + "_active.jsonl")).doesNotExist();
        AgentRun run = runs.find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(AgentRun.RunState.FAILED);
        assertThat(run.error()).contains(error);
        assertThat(runs.events(id).getLast().event()).isEqualTo("error");
        await().atMost(WAIT).until(() -> runs.runningIds().isEmpty());
        // no thread of this run is left: the run's, its provider stream's (named after this test's provider), its tool
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadDump())
                .doesNotContain("\"agent-" + id + "\"").doesNotContain("outbound-stream-" + provider)
                .doesNotContain("agent-" + id + "-tool"));
    }

    private String threadDump() throws IOException {
        Path file = dir.resolve("threads-" + System.nanoTime() + ".txt");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
        return Files.readString(file);
    }

    /**
     * OpenAI's chat-completions stream that never finishes: two content chunks, then an SSE comment every 50 ms (as
     * providers keep a slow stream alive) until the client closes the connection, which a failing write tells.
     */
    static final class EndlessStream implements MockResponseBody {
        final CountDownLatch startedLatch = new CountDownLatch(1);
        final CountDownLatch closedLatch = new CountDownLatch(1);
        volatile boolean closed;

        MockResponse response() {
            return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(this).build();
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try {
                for (String piece : List.of("Once ", "upon ")) {
                    sink.writeUtf8("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
                            + "\"},\"finish_reason\":null}]}\n\n");
                    sink.flush();
                }
                startedLatch.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < end) {
                    Thread.sleep(50);
                    sink.writeUtf8(": still thinking\n\n");
                    sink.flush();
                }
            } catch (IOException e) {
                closed = true;
                closedLatch.countDown();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
