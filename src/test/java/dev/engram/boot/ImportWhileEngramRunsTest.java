package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.index.api.SearchQuery;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.testing.ChildJvm;
import dev.engram.testing.SocketDir;
import dev.engram.testing.SpawnsProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram import} in its own JVM while Engram runs: what it wrote becomes searchable without a restart. */
@SpawnsProcesses
class ImportWhileEngramRunsTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final SocketDir sockets = new SocketDir("engimp");
    Journal journal;

    @BeforeEach
    void journal() throws IOException {
        journal = Journal.create(tmp.resolve("journal"), "Import Owner");
    }

    @Test
    void aCliImportIsSearchableInTheRunningEngram() throws Exception {
        Path socket = sockets.resolve("bus.sock");
        Path note = tmp.resolve("trip.md");
        Files.writeString(note, "# Trip\n\nWe watched the pangolin at dawn.\n");
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0, Optional.of(socket)))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(facts(engram).get("caught_up")));
            Process p = ChildJvm.lean(new ProcessBuilder(ChildJvm.java(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), "dev.engram.cli.Main", "import", note.toString(),
                    "--journal", journal.root().toString(), "--socket", socket.toString(),
                    "--timestamp", "20261102_090000"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("import.out").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("import.out"))).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> engram.service(Searcher.class).orElseThrow()
                    .search(SearchQuery.of("pangolin")).total() > 0);
            assertThat((Long) facts(engram).get("bus_followed")).isPositive();
        }
    }

    private static Map<String, Object> facts(Engram engram) {
        return engram.health().services().get("index").facts();
    }
}
