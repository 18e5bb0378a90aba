package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import dev.engram.testing.SpawnsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code engram observe tmux} (local mode) end to end: real tmux on a private socket, a whole Engram, and the observer
 * putting {@code observe.status} on the Engram's real Callosum bus, so the Observers app lists it live.
 */
class LocalTmuxEndToEndTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;

    @Test
    @SpawnsProcesses
    void theLocalObserversStatusGoesOnTheBusAndTheObserversAppShowsItLive() throws Exception {
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "eng");
        Journal journal = Journal.create(tmp.resolve("journal"), "Test Owner");
        Passwords.set(journal, PASSWORD.toCharArray());
        Path bus = sockets.resolve("bus.sock");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(bus)));
             PrivateTmux tmux = new PrivateTmux("work")) {
            List<Message> seen = new CopyOnWriteArrayList<>();
            try (CallosumClient listener = CallosumClient.start(bus, m -> {
                if (m.tract().equals("observe") && m.event().equals("status")) {
                    seen.add(m);
                }
            })) {
                await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
                HttpSession owner = new HttpSession(engram.url()).login(PASSWORD);
                tmux.attach("work");
                TmuxObserver observer = TmuxObserver.local(journal, m -> CallosumClient.send(bus, m),
                        new TmuxObserver.Settings(Duration.ofMillis(200), Duration.ofSeconds(30),
                                Duration.ofMinutes(5), Optional.of(tmux.socket)), notices::add);
                Thread running = Thread.ofPlatform().name("local-observer-under-test").start(() -> {
                    try {
                        observer.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                try {
                    // the status event has the remote observer's shape, with observer "tmux-local"
                    // the first status goes out at once, maybe from a capture before the control client attached
                    // (a loaded machine); the one naming the session follows at the capture that sees it (it timed
                    // out once at 10 s in a loaded slow phase, when that one waited for StatusRelay.EVERY). On a
                    // timeout, say what came
                    await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(seen.stream()
                            .map(Message::toJson).toList()).as(() -> "status events: " + seen.size()
                                    + "; notices " + notices + "; tmux clients " + tmux.clients())
                            .anyMatch(j -> j.contains("\"work\"")));
                    Message status = seen.stream().filter(m -> m.toJson().contains("\"work\"")).findFirst()
                            .orElseThrow();
                    assertThat(status.string("observer")).contains(LocalSink.OBSERVER);
                    assertThat(status.string("mode")).contains("tmux");
                    assertThat(status.string("stream_type")).contains("tmux");
                    assertThat(status.string("host")).isPresent();
                    assertThat(status.string("stream").orElseThrow()).endsWith(".tmux");
                    assertThat(status.get("tmux").orElseThrow().path("capturing").asBoolean()).isTrue();
                    // the Observers app shows it live
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                        JsonNode local = HttpSession.json(owner.get("/app/observers/api/local"));
                        assertThat(local.size()).isEqualTo(1);
                        assertThat(local.get(0).path("name").asString()).isEqualTo(LocalSink.OBSERVER);
                        assertThat(local.get(0).path("freshness").asString()).isEqualTo("connected");
                        assertThat(local.get(0).path("status").path("tmux").path("sessions").toString())
                                .contains("work");
                    });
                    // a keyed observer's list is not mixed with it
                    assertThat(HttpSession.json(owner.get("/app/observers/api/list")).size()).isZero();
                } finally {
                    assertThat(observer.stop(Duration.ofSeconds(20))).isTrue();
                    running.join(5_000);
                }
                // the last status says it stopped capturing, and the app says so
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HttpSession.json(
                        owner.get("/app/observers/api/local")).get(0).path("freshness").asString())
                        .isEqualTo("stopped"));
                // no failure; at most, when a capture came before the client attached, that it waited for one
                assertThat(notices).allMatch(n -> n.startsWith("no tmux session has an attached client active")
                        || n.equals("capturing again: work"));
            }
        } finally {
            Files.deleteIfExists(bus);
            Files.deleteIfExists(sockets);
        }
    }
}
