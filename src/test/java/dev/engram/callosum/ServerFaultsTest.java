package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Faults around the server's loops: failed accepts, a stall that ends just before the cut, close racing the ticker. */
class ServerFaultsTest {
    private Path dir;
    private Path sock;
    private CallosumServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("faults");
        sock = dir.resolve("bus.sock");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RawClient raw() throws IOException {
        RawClient c = RawClient.connect(sock);
        open.add(c);
        return c;
    }

    private void awaitClients(int n) {
        await("clients connected").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(server.stats().clientsConnected()).isEqualTo(n));
    }

    @Test
    void aFailedAcceptIsLoggedAndRetriedWhileTheBusKeepsServing() throws Exception {
        server = CallosumServer.start(ServerConfig.of(sock));
        RawClient first = raw();
        awaitClients(1);
        server.failAccept(new IOException("Too many open files"));
        RawClient victim = raw(); // accepted, then closed in place of the failing accept
        await("the victim's connection ends").atMost(Duration.ofSeconds(5)).until(() -> victim.eof);
        RawClient second = raw();
        awaitClients(2);
        assertThat(server.isRunning()).isTrue();
        assertThat(server.failure()).isEmpty();
        first.write("{\"tract\":\"t\",\"event\":\"after-accept-failure\"}\n");
        assertThat(second.next()).contains("after-accept-failure");
        assertThat(first.next()).contains("after-accept-failure");
    }

    @Test
    void aClientThatCaughtUpJustBeforeTheStallCutStaysConnected() throws Exception {
        server = CallosumServer.start(ServerConfig.of(sock).withQueue(64, 64 * 1024)
                .withStallGrace(Duration.ofMillis(300)));
        RawClient sender = raw();
        CountDownLatch go = new CountDownLatch(1);
        FlowControlTest.SeqReader late = new FlowControlTest.SeqReader(sock, 0, go); // reads nothing until go
        open.add(late);
        awaitClients(2);
        int n = 500;
        AtomicBoolean cutConsidered = new AtomicBoolean();
        AtomicReference<Throwable> hookFailed = new AtomicReference<>();
        // the ticker found the client stalled; before it cuts, the client reads everything and is no longer behind.
        // This runs on the ticker's thread: a failure is kept for the test's thread to report (thrown here, it would
        // end the ticker and surface, through Awaitility, in whichever test of the JVM was waiting then)
        server.beforeStallCut = c -> {
            if (!cutConsidered.getAndSet(true)) {
                go.countDown();
                try {
                    await("the late reader caught up").atMost(Duration.ofSeconds(30))
                            .until(() -> late.count == n && !c.isBehind());
                } catch (RuntimeException | Error e) {
                    hookFailed.set(e);
                }
            }
        };
        String pad = "p".repeat(1000);
        for (int i = 0; i < n; i++) {
            sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + i + ",\"pad\":\"" + pad + "\"}\n");
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> cutConsidered.get() && late.count == n
                || hookFailed.get() != null);
        assertThat(hookFailed.get()).as("in the stall hook").isNull();
        sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + n + "}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> late.count == n + 1 || late.eof);
        assertThat(late.eof).as("the caught-up client was not cut").isFalse();
        assertThat(late.gapAt).isEqualTo(-1);
        assertThat(server.stats().clientsDropped()).isZero();
        assertThat(server.stats().clientsConnected()).isEqualTo(2);
    }

    @Test
    void closeWhileTheTickerWritesAtFullSpeedAlwaysLeavesAValidClosedFile() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path stats = dir.resolve("round" + round).resolve("callosum.json");
            server = CallosumServer.start(ServerConfig.of(sock).withStatsFile(stats), 0, 0); // writes on every change
            CallosumServer s = server;
            Thread publisher = Thread.ofPlatform().start(() -> {
                while (s.publish(Message.of("t", "e"))) {
                    Thread.onSpinWait();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().messagesIn() > 200);
            s.close();
            publisher.join();
            JsonNode json = Message.MAPPER.readTree(stats.toFile()); // throws when torn
            assertThat(json.get("running").asBoolean()).as("round %d: %s", round, json).isFalse();
            try (Stream<Path> files = Files.list(stats.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).as("round %d", round)
                        .containsExactly("callosum.json");
            }
        }
    }
}
