package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.Health;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.testing.SocketDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the composition root adds to the parts: the change feed on the bus, crash leftovers removed, bus health. */
class JournalOnTheBusTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final SocketDir sockets = new SocketDir("engfeed");
    Journal journal;

    @BeforeEach
    void journal() throws IOException {
        journal = Journal.create(tmp.resolve("journal"), "Feed Owner");
    }

    @Test
    void everyJournalWriteOfARunningEngramIsAnnouncedOnTheBus() throws Exception {
        try (Engram engram = start(); Listener listener = listen()) {
            List<Message> seen = listener.seen();
            // through Engram's own Journal: another Journal.open of the same folder has a feed of its own
            engram.journal().facetStore("garden").create(Facet.named("garden"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
            Message m = seen.get(0);
            assertThat(m.event()).isEqualTo("changed");
            assertThat(m.json().get("kind").asString()).isEqualTo("facet");
            assertThat(m.json().get("path").asString()).isEqualTo("facets/garden/facet.json");
            assertThat(m.json().get("facet").asString()).isEqualTo("garden");
            assertThat(engram.health().services().get("journal-feed").state()).isEqualTo(Health.State.UP);
        }
    }

    /**
     * The bus carries what other processes and pages need: a committed segment once (not one message per file, which
     * cost about a tenth of an upload's CPU), and no app's private files (ingest writes two history lines per upload).
     */
    @Test
    void aCommittedSegmentIsOneMessageAndAppFilesStayInProcess() throws Exception {
        try (Engram engram = start(); Listener listener = listen()) {
            List<Message> seen = listener.seen();
            Journal j = engram.journal();
            try (var staged = j.stageSegment()) {
                for (String name : List.of("audio.flac", "screen.jsonl", "extra.txt")) {
                    staged.add(name, new java.io.ByteArrayInputStream(new byte[] {1, 2}), 10);
                }
                staged.commit(dev.engram.journal.Day.of(2024, 6, 1),
                        dev.engram.journal.SegmentKey.of(java.time.LocalTime.of(10, 15), 300));
            }
            j.appendAppLine("observers", tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("ts", 1), "hist.jsonl"); // as ingest's upload history
            engram.journal().facetStore("garden").create(Facet.named("garden")); // the last write: a marker
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
                    .anyMatch(m -> m.json().get("kind").asString().equals("facet")));
            assertThat(seen).extracting(m -> m.json().get("kind").asString() + " " + m.json().get("path").asString())
                    .filteredOn(s -> s.contains("20240601") || s.startsWith("app_file"))
                    .containsExactly("segment 20240601/101500_300");
            assertThat(engram.health().services().get("journal-feed").facts()).containsEntry("kept_in_process", 1L);
        }
    }

    private Engram start() {
        return Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(sockets.resolve("bus.sock"))));
    }

    /** A client of the running Engram's bus keeping the journal tract's messages, connected when returned. */
    private Listener listen() {
        List<Message> seen = new CopyOnWriteArrayList<>();
        CallosumClient client = CallosumClient.start(sockets.resolve("bus.sock"), m -> {
            if (m.tract().equals("journal")) {
                seen.add(m);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
        return new Listener(client, seen);
    }

    private record Listener(CallosumClient client, List<Message> seen) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    @Test
    void startRemovesWhatACrashedWriterLeftInStaging() throws Exception {
        Path dead = journal.root().resolve(".staging/999999999-1");
        Files.createDirectories(dead);
        Files.writeString(dead.resolve("half.flac"), "not finished");
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))))) {
            assertThat(dead).doesNotExist();
        }
    }

    @Test
    void aClosedBusIsReportedDown() {
        BusServerService bus = new BusServerService(ServerConfig.of(sockets.resolve("down.sock")));
        bus.start();
        assertThat(bus.health().state()).isEqualTo(Health.State.UP);
        bus.stop();
        assertThat(bus.health().state()).isEqualTo(Health.State.DOWN);
        assertThat(bus.health().detail()).contains("closed");
    }
}
