package dev.engram.apps.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.journal.JournalConfig;
import dev.engram.testing.HttpSession;
import dev.engram.testing.SpawnsProcesses;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Audio through the Imports app: refused with the fix when no provider is configured; with a (slow) local server
 * speaking the OpenAI transcription wire format it runs in the background, its progress and end in the list.
 */
@SpawnsProcesses
class ImportsMediaAppTest {
    /** Ten minutes and ten seconds of tone: three transcription windows. Made once (ffmpeg) for both tests. */
    static byte[] tone;
    @TempDir
    Path dir;
    ImportsServer server;
    HttpSession session;
    MockWebServer provider;
    /** The provider answers a request only with a permit: the test holds the later windows back (a slow server). */
    final Semaphore answers = new Semaphore(0);
    final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void makeTone(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("tone.mp3");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=8000:duration=610", "-ac", "1", f.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        tone = Files.readAllBytes(f);
    }

    @BeforeEach
    void start() throws Exception {
        server = new ImportsServer(dir.resolve("journal"));
        session = server.client();
        provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    if (!answers.tryAcquire(60, TimeUnit.SECONDS)) {
                        return new MockResponse.Builder().code(503).body("the test released no answer").build();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int i = requests.getAndIncrement();
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"text\":\"Part " + i + "\",\"segments\":[{\"start\":0.0,\"end\":1.0,\"text\":\"Part "
                                + i + "\"}]}").build();
            }
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        answers.release(100); // no request stays blocked
        server.close();
        provider.close();
    }

    @Test
    void withoutAProviderTheUploadIsRefusedWithTheFix() throws Exception {
        HttpResponse<String> r = server.upload(session, true, Map.of(), "tone.mp3", tone);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = HttpSession.json(r);
        assertThat(body.path("reason_code").asString()).isEqualTo("not_configured");
        assertThat(body.path("error").asString()).contains("sense.transcribe.base_url");
        assertThat(server.journal.imports().ids()).isEmpty();
    }

    @Test
    void longAudioRunsInTheBackgroundWithProgressAndEndsDone() throws Exception {
        server.journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", provider.url("/v1").toString(), "model", "whisper-1")))));
        answers.release(); // the first window is answered; the other two wait
        HttpResponse<String> r = server.upload(session, true, Map.of("timestamp", "20240510_090000"), "tone.mp3",
                tone);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(HttpSession.json(r).path("status").asString()).isEqualTo("importing");
        await().atMost(Duration.ofSeconds(30)).until(() -> item().path("progress").path("done").asInt(0) >= 1);
        JsonNode running = item();
        assertThat(running.path("progress").path("total").asInt()).isEqualTo(3);
        assertThat(running.path("status").asString()).as("still running in the background").isEqualTo("importing");
        answers.release(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> item().path("status").asString().equals("done"));
        JsonNode done = item();
        assertThat(done.path("file_type").asString()).isEqualTo("audio");
        assertThat(done.path("segments").size()).isEqualTo(3);
        // the last window runs to the end of the audio: 10 s, or 11 when the mp3 encoder's padding is rounded up
        assertThat(done.path("segments").get(2).path("segment").asString()).matches("091000_1[01]");
        assertThat(session.get("/app/transcripts/api/segment/20240510/090500_300").body()).contains("Part 1");
        assertThat(server.events).anyMatch(m -> m.tract().equals("importer") && m.event().equals("progress"));
    }

    private JsonNode item() {
        return HttpSession.json(session.get("/app/imports/api/list")).path("imports").get(0);
    }
}
