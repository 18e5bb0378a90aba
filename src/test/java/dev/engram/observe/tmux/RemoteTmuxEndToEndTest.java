package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.convey.Passwords;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.Observers;
import dev.engram.testing.SpawnsProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram observe tmux --remote} end to end: real tmux on a private socket, the observer in remote mode, and a
 * whole Engram (ingest, bus, observers) receiving it with an observer key.
 */
class RemoteTmuxEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    @SpawnsProcesses
    void aTypedLineLandsInTheServersJournalWithObservingAndLiveStatus() throws Exception {
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "eng");
        Journal journal = Journal.create(tmp.resolve("server"), "Test Owner");
        Passwords.set(journal, "correct horse battery".toCharArray());
        Path bus = sockets.resolve("bus.sock");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(bus)));
             PrivateTmux tmux = new PrivateTmux("work")) {
            List<Message> seen = new CopyOnWriteArrayList<>();
            try (CallosumClient listener = CallosumClient.start(bus, m -> {
                if (m.tract().equals("observe")) {
                    seen.add(m);
                }
            })) {
                await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
                Observers observers = engram.service(Observers.class).orElseThrow();
                Ingest ingest = engram.service(Ingest.class).orElseThrow();
                String key = observers.create("vm.tmux").key();
                String prefix = key.substring(0, 8);
                tmux.attach("work");
                Journal state = Journal.create(tmp.resolve("observer-state"), null);
                TmuxObserver observer = TmuxObserver.remote(URI.create(engram.url()), key, new OutboundHttp(state),
                        state.appStorage("tmux_observer").resolve("queue"), state.scratchFolder("tmux"),
                        new TmuxObserver.Settings(
                                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5),
                                Optional.of(tmux.socket)), notices::add);
                Thread running = Thread.ofPlatform().name("observer-under-test").start(() -> {
                    try {
                        observer.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                try {
                    // the live status shows up first (relayed at once), with the session being captured
                    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.latestStatus().containsKey(prefix));
                    tmux.type("work", "echo remote-e2e-marker");
                    await().atMost(Duration.ofSeconds(20)).until(() -> screenFiles(journal).anyMatch(
                            t -> t.contains("remote-e2e-marker")));
                    await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(m ->
                            m.event().equals("observing") && m.toJson().contains("tmux_work_screen.jsonl")
                                    && m.get("observer").map(n -> n.asString().equals("vm.tmux")).orElse(false)));
                    await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(m ->
                            m.event().equals("status") && m.toJson().contains("\"work\"")
                                    && m.get("observer").isPresent()));
                    Map<String, Object> live = ingest.latestStatus().get(prefix);
                    assertThat(live).containsEntry("mode", "tmux").containsEntry("observer", "vm.tmux")
                            .containsEntry("stream_type", "tmux");
                    assertThat(observers.find(prefix).orElseThrow().freshness(System.currentTimeMillis()))
                            .isEqualTo("connected");
                } finally {
                    assertThat(observer.stop(Duration.ofSeconds(20))).isTrue();
                    running.join(5_000);
                }
                // the last status says the observer stopped capturing
                assertThat(ingest.latestStatus().get(prefix).get("tmux").toString()).contains("capturing=false");
                assertThat(notices).noneMatch(n -> n.contains(key));
            }
        } finally {
            Files.deleteIfExists(bus);
            Files.deleteIfExists(sockets);
        }
    }

    private static Stream<String> screenFiles(Journal journal) {
        return journal.days().list().stream().flatMap(d -> journal.days().segments(d).stream())
                .map(Segment::dir).map(d -> d.resolve("tmux_work_screen.jsonl")).filter(Files::exists)
                .map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
