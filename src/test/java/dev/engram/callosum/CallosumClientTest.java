package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallosumClientTest {
    private Path sock;

    @BeforeEach
    void setUp() throws Exception {
        sock = Files.createTempDirectory("cs").resolve("bus.sock");
    }

    private static Message next(LinkedBlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    /** Waits until the server has registered {@code n} clients, so a later broadcast reaches them. */
    private static void awaitClients(CallosumServer server, int n) {
        await("clients connected").atMost(Duration.ofSeconds(10))
                .until(() -> server.stats().clientsConnected() >= n);
    }

    @Test
    void emitsAsAsciiAndReceivesItsOwnMessages() throws Exception {
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                RawClient raw = RawClient.connect(sock)) {
            awaitClients(server, 1);
            LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
            try (CallosumClient client = CallosumClient.start(sock, got::add)) {
                assertThat(client.emit("t", "e", Map.of("text", "héllo €"))).isTrue();
                Message m = next(got);
                assertThat(m.string("text")).contains("héllo €");
                assertThat(m.ts()).isPresent();
                String wire = raw.next();
                assertThat(wire).contains("h\\u00E9llo \\u20AC").matches("\\p{ASCII}*");
            }
            assertThat(server.stats().messagesIn()).isEqualTo(1);
        }
    }

    @Test
    void queuesWhileTheBusIsDownAndReconnectsAfterARestart() throws Exception {
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        try (CallosumClient client = CallosumClient.start(sock, got::add)) {
            assertThat(client.emit(Message.of("t", "early"))).isTrue(); // no bus yet: waits in the queue
            try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock))) {
                assertThat(next(got).event()).isEqualTo("early");
            }
            assertThat(sock).doesNotExist();
            await("client notices the bus is gone").atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
            try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock))) {
                assertThat(client.emit(Message.of("t", "after-restart"))).isTrue();
                assertThat(next(got).event()).isEqualTo("after-restart");
            }
        }
    }

    @Test
    void emitIsRefusedWhenTheQueueIsFullOrTheClientStopped() throws Exception {
        CallosumClient client = CallosumClient.start(sock); // no bus: nothing drains the queue
        int accepted = 0;
        for (int i = 0; i < CallosumClient.QUEUE + 10; i++) {
            if (client.emit(Message.of("t", "e"))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(CallosumClient.QUEUE);
        assertThat(client.sendDropped()).as("refused emits are counted").isEqualTo(10);
        client.close();
        assertThat(client.emit(Message.of("t", "e"))).isFalse();
    }

    @Test
    void oneShotSendReportsWhetherItWorked() throws Exception {
        assertThat(CallosumClient.send(sock, Message.of("t", "nobody"))).isFalse();
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                RawClient raw = RawClient.connect(sock)) {
            awaitClients(server, 1);
            assertThat(CallosumClient.send(sock, Message.of("t", "once", Map.of("n", 7)))).isTrue();
            assertThat(raw.next()).contains("\"event\":\"once\"").contains("\"n\":7");
        }
    }

    @Test
    void aSlowCallbackDoesNotDelaySending() throws Exception {
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                RawClient raw = RawClient.connect(sock)) {
            awaitClients(server, 1);
            CallosumClient client = CallosumClient.start(sock, m -> sleep(60_000));
            client.emit(Message.of("t", "first")); // its echo blocks the callback for a minute
            assertThat(raw.next()).contains("first");
            client.emit(Message.of("t", "second"));
            assertThat(raw.next()).contains("second");
            client.close();
        }
    }

    @Test
    void aSlowCallbackGetsEveryMessageInOrderBecauseTheBusHoldsProducersBack() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        int n = 2000; // 2 MB of 1 KB messages: far more than the socket buffers and the 64 KB server queue
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock).withQueue(64, 64 * 1024));
                RawClient sender = RawClient.connect(sock);
                CallosumClient client = CallosumClient.start(sock, m -> {
                    seen.add(m.get("i").orElseThrow().asLong());
                    if (seen.size() % 20 == 0) {
                        LockSupport.parkNanos(1_000_000); // ~20,000 messages/s: slower than the flood
                    }
                })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().clientsConnected() == 2);
            String pad = "p".repeat(1000);
            for (int i = 0; i < n; i++) {
                sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + i + ",\"pad\":\"" + pad + "\"}\n");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= n || !client.isConnected());
            assertThat(seen).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("message %d", i).isEqualTo(i);
            }
            assertThat(client.connectionsLost()).isZero();
            assertThat(client.receiveSkipped()).isZero();
            assertThat(server.stats().undelivered()).isZero();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
