package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code engram providers} and {@code engram think} against a journal whose provider is a local server. */
class ThinkCommandTest {
    static final String KEY = "sk-cli-SECRET-abcdefghijklmnop";

    @TempDir
    Path tmp;
    MockWebServer server;
    Path root;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        root = tmp.resolve("journal");
        Journal journal = Journal.create(root, "Ana");
        var p = JsonMapper.builder().build().readTree("{\"endpoints\": {\"local\": {\"type\": \"openai-compatible\","
                + " \"base_url\": \"http://127.0.0.1:" + server.getPort() + "/v1\", \"model\": \"canned\","
                + " \"api_key\": \"" + KEY + "\"}}, \"max_retries\": 0}");
        journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                c.extra().with("providers", p)));
        Path seg = root.resolve("20261128").resolve("090000_300");
        Files.createDirectories(seg);
        Files.writeString(seg.resolve("audio.jsonl"), "{\"raw\":\"audio.flac\"}\n{\"start\":\"00:00:01\","
                + "\"text\":\"Morning standup\"}\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void providersListsEndpointsAndTiersButNeverTheKey() {
        MainTest.Result r = MainTest.run("providers", "--journal", root.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("local\topenai-compatible\thttp://127.0.0.1:" + server.getPort() + "/v1")
                .contains("tier default -> local canned").contains("providers.endpoints.local.api_key")
                .doesNotContain(KEY);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void thinkWritesOneInsightByHandAndKeepsItOnTheSecondRun() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"canned\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"- 09:00 standup\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                        + "\"total_tokens\":5}}").build());

        MainTest.Result r = MainTest.run("think", "--journal", root.toString(), "--day", "20261128", "--topic",
                "timeline");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("1 insight(s) written");
        assertThat(Files.readString(root.resolve("20261128/insights/timeline.md"))).contains("09:00 standup");
        assertThat(server.takeRequest().getBody().utf8()).contains("Morning standup");

        MainTest.Result again = MainTest.run("think", "--journal", root.toString(), "--day", "20261128", "--topic",
                "timeline");
        assertThat(again.out()).startsWith("0 insight(s) written, 1 kept");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void thinkAnnouncesWhatItWroteOnARunningBus() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"canned\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"- 09:00 standup\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                        + "\"total_tokens\":5}}").build());
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "engtc");
        Path socket = sockets.resolve("bus.sock");
        java.util.List<dev.engram.callosum.Message> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var bus = dev.engram.callosum.CallosumServer.start(dev.engram.callosum.ServerConfig.of(socket));
             var listener = dev.engram.callosum.CallosumClient.start(socket, seen::add)) {
            // the listener is registered once a message sent by another connection reaches it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    dev.engram.callosum.CallosumClient.send(socket, dev.engram.callosum.Message.of("probe", "ping"))
                            && seen.stream().anyMatch(m -> m.tract().equals("probe")));

            MainTest.Result r = MainTest.run("think", "--journal", root.toString(), "--day", "20261128", "--topic",
                    "timeline", "--socket", socket.toString());

            assertThat(r.code()).as(r.err()).isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> seen.stream()
                    .anyMatch(m -> m.tract().equals("think") && m.event().equals("insight")
                            && m.json().get("topic").asString().equals("timeline")
                            && m.json().get("path").asString().equals("20261128/insights/timeline.md")));
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(sockets);
        }
    }

    @Test
    void badArgumentsAndAFailingProviderAreOneLine() {
        assertThat(MainTest.run("think", "--journal", root.toString(), "--day", "2026-11-28").code()).isEqualTo(2);
        MainTest.Result topic = MainTest.run("think", "--journal", root.toString(), "--day", "20261128", "--topic",
                "nope");
        assertThat(topic.code()).isEqualTo(2);
        assertThat(topic.err()).contains("no insight template 'nope'");
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"bad " + KEY + "\"}}")
                .build());

        MainTest.Result failed = MainTest.run("think", "--journal", root.toString(), "--day", "20261128",
                "--topic", "timeline");

        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).contains("1 failed").contains("refused the key").doesNotContain(KEY);
    }
    @Test
    void thinkByHandRunsTheWholeDailyChainRepairInsightsAndScheduledAgentsOnce() throws Exception {
        String completion = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"canned\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"[]\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                + "\"total_tokens\":5}}";
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body(completion).build();
            }
        });
        Path unprocessed = root.resolve("20261128").resolve("100000_300");
        Files.createDirectories(unprocessed);
        Files.writeString(unprocessed.resolve("audio.flac"), "fLaC audio"); // no transcription configured
        Path personas = root.resolve("personas");
        Files.createDirectories(personas);
        Files.writeString(personas.resolve("first.json"), "{\"schedule\":\"daily\",\"priority\":5}");
        Files.writeString(personas.resolve("first.txt"), "Say hello.");

        MainTest.Result r = MainTest.run("think", "--journal", root.toString(), "--day", "20261128");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("media repair skipped: no transcription configured")
                .contains("scheduled agents: 2 run(s) started"); // first and the built-in daily_news
        assertThat(Files.exists(root.resolve("20261128/insights/flow.md"))).isTrue();
        java.util.List<Path> runs;
        try (var files = Files.list(root.resolve("agents"))) {
            runs = files.filter(f -> f.toString().endsWith(".jsonl")).toList();
        }
        assertThat(runs).hasSize(2);
        assertThat(runs).anyMatch(f -> {
            try {
                return Files.readString(f).contains("Running daily scheduled task. Yesterday (2026-11-28)");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int requests = server.getRequestCount();

        MainTest.Result again = MainTest.run("think", "--journal", root.toString(), "--day", "20261128");

        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("scheduled agents already ran for 20261128");
        assertThat(server.getRequestCount()).isEqualTo(requests);
        try (var files = Files.list(root.resolve("agents"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).count()).isEqualTo(2);
        }
    }
}
