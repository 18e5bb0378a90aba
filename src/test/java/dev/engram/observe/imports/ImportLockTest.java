package dev.engram.observe.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same file imported by two importers at once (each with its own Journal, as two processes would be), and an
 * import whose process died while it was {@code importing}: one import, one set of segments.
 */
class ImportLockTest {
    private static final byte[] TEXT = "[09:00] Ada: one\n[09:20] Ada: two\n".getBytes(StandardCharsets.UTF_8);
    @TempDir
    Path dir;

    /** The text step, waiting in {@code read} until {@code go} opens (so a second import comes meanwhile). */
    private static final class HeldText implements ImportStep {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        @Override
        public Set<String> extensions() {
            return Set.of("txt");
        }

        @Override
        public String kind() {
            return "transcript";
        }

        @Override
        public ImportedContent read(Path original, ImportContext context) throws IOException {
            reading.countDown();
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TextStep().read(original, context);
        }
    }

    private static ImportOptions options() {
        return new ImportOptions("talk.txt", Optional.of(LocalDateTime.of(2026, 1, 5, 9, 0)), Optional.empty(),
                Optional.empty());
    }

    private static ImportResult importText(Importer importer) {
        return importer.importFile(new ByteArrayInputStream(TEXT), options(), (i, d, t) -> { });
    }

    @Test
    void theSameFileImportedByTwoImportersAtOnceIsImportedOnce() throws Exception {
        Path root = dir.resolve("journal");
        Journal.create(root, "Test Owner");
        Journal first = Journal.open(root);
        Journal second = Journal.open(root);
        HeldText held = new HeldText();
        try (Importer a = new Importer(first, m -> true, List.of(held));
             Importer b = new Importer(second, m -> true)) {
            CompletableFuture<ImportResult> running = CompletableFuture.supplyAsync(() -> importText(a));
            assertThat(held.reading.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> importText(b)).isInstanceOf(ImportException.class)
                    .satisfies(e -> assertThat(((ImportException) e).reasonCode()).isEqualTo("already_importing"))
                    .hasMessageContaining("being imported right now, as 20260105_090000");
            held.go.countDown();
            ImportResult r = running.get(30, TimeUnit.SECONDS);

            assertThat(r.status()).isEqualTo("imported");
            assertThat(first.imports().ids()).containsExactly(r.id());
            assertThat(first.days().segments(Day.of(2026, 1, 5))).hasSize(2);
            assertThat(importText(b).status()).as("once it ended, a duplicate").isEqualTo("duplicate");
        }
    }

    @Test
    void anImportLeftImportingByADeadProcessIsResumedUnderItsIdWithoutDuplicates() throws Exception {
        Journal journal = Journal.create(dir.resolve("journal"), "Test Owner");
        String id;
        try (Importer importer = new Importer(journal, m -> true)) {
            id = importText(importer).id();
        }
        // what a kill -9 leaves: the segments it committed, its record still importing, its lock released
        ObjectNode left = journal.imports().record(id).orElseThrow();
        left.put("status", "importing");
        left.remove(List.of("segments", "processing_completed", "notes", "events"));
        journal.imports().writeRecord(id, left);

        try (Importer again = new Importer(Journal.open(journal.root()), m -> true)) {
            // seen at once, before the file is imported again: listed as failed (interrupted), not importing for good
            ObjectNode marked = journal.imports().record(id).orElseThrow();
            assertThat(marked.path("status").asString()).isEqualTo("failed");
            assertThat(marked.path("error").asString()).startsWith("interrupted: the process importing it ended");
            ImportResult r = importText(again);
            assertThat(r.status()).isEqualTo("imported");
            assertThat(r.id()).as("resumed under the interrupted import's id").isEqualTo(id);
            assertThat(r.notes().getFirst()).contains("retried the interrupted import " + id).contains("2 of 2 reused");
        }
        assertThat(journal.imports().ids()).containsExactly(id);
        assertThat(journal.days().segments(Day.of(2026, 1, 5))).hasSize(2);
        assertThat(journal.imports().record(id).orElseThrow().path("status").asString()).isEqualTo("done");
    }
}
