package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.Health;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Engram's own bus client shows its losses and tells the apps and browsers after a reconnect. */
class BusClientServiceTest {
    @Test
    void aLostConnectionIsShownInHealthAndAReconnectIsToldToTheConsumers() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bcs");
        Path socket = dir.resolve("b.sock");
        List<Message> got = new CopyOnWriteArrayList<>();
        BusClientService client = new BusClientService(socket, got::add);
        CallosumServer server = CallosumServer.start(ServerConfig.of(socket));
        try {
            client.start();
            await().until(() -> client.health().state() == Health.State.UP);
            assertThat(client.health().facts()).containsEntry("connections_lost", 0L);
            server.close();
            server = CallosumServer.start(ServerConfig.of(socket));
            // health() is also where the client notices a reconnect and tells the apps (Engram's health writer asks
            // every 5 s); here the test asks
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                client.health();
                return got.stream().anyMatch(m -> m.tract().equals("callosum") && m.event().equals("reconnected"));
            });
            Health h = client.health();
            assertThat(h.state()).as("degraded after a loss").isEqualTo(Health.State.DEGRADED);
            assertThat(h.facts()).containsEntry("connections_lost", 1L).containsKeys("send_dropped",
                    "receive_skipped");
            client.health(); // asking again must not tell again
            assertThat(got.stream().filter(m -> m.event().equals("reconnected")).count()).as("told once")
                    .isEqualTo(1);
        } finally {
            client.stop();
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
