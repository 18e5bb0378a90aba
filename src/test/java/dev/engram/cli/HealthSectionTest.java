package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.Health;
import dev.engram.app.HealthFile;
import dev.engram.app.Lifecycle;
import dev.engram.app.Service;
import java.time.Duration;
import java.util.List;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.awaitility.Awaitility.await;

/** `engram status` never takes a health file it cannot use for "not running". */
class HealthSectionTest {
    @TempDir
    Path root;

    private String printed() {
        StringWriter s = new StringWriter();
        HealthSection.print(new PrintWriter(s, true), root, System.currentTimeMillis());
        return s.toString();
    }

    @Test
    void noHealthFileMeansNotRunning() {
        assertThat(printed()).contains("engram    not running");
        assertThat(HealthSection.toJson(root, 0).has("problems")).isFalse();
    }

    @Test
    void aHealthFileThatCannotBeUsedIsNamedNotTakenForNotRunning() throws Exception {
        Path file = HealthFile.fileFor(root);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[1, 2, 3]");
        assertThat(printed()).contains("engram    unknown:", "engram.json", "does not hold a JSON object")
                .doesNotContain("not running");
        assertThat(HealthSection.toJson(root, 0).get("problems").get(0).asString()).contains("engram.json");

        Files.delete(file);
        Files.createDirectories(file);
        assertThat(printed()).contains("not a regular file");
    }

    @Test
    void aRestartedServiceShowsHowOftenItWasRestarted() {
        Lifecycle life = new Lifecycle().snapshotTo(HealthFile.fileFor(root), Duration.ofMillis(200))
                .add(Service.of("worker", List.of(), () -> { }, () -> { }, () -> Health.up("fine")));
        life.start();
        try {
            life.restart("worker");
            life.restart("worker");
            String[] seen = new String[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> (seen[0] = printed()).contains("restarted 2x"));
            assertThat(seen[0]).contains("worker      up       fine (restarted 2x)");
        } finally {
            life.stop();
        }
    }

    @Test
    void theIndexLineShowsAnEmbeddingBacklogInProgress() {
        String detail = "12 files, 40 chunks indexed; embedding 25% (30 chunks waiting; hybrid results improve as it"
                + " drains)"; // the shape Indexer#health gives while its background embedder drains
        Lifecycle life = new Lifecycle().snapshotTo(HealthFile.fileFor(root), Duration.ofMillis(200))
                .add(Service.of("index", List.of(), () -> { }, () -> { },
                        () -> Health.up(detail).withFacts(java.util.Map.of("embedding_backlog", 30L))));
        life.start();
        try {
            String[] seen = new String[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> (seen[0] = printed()).contains("    index "));
            assertThat(seen[0]).contains("    index       up       " + detail + System.lineSeparator());
        } finally {
            life.stop();
        }
    }
}
