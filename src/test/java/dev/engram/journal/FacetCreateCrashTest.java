package dev.engram.journal;

import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facet creation is atomic: it builds the facet in a hidden folder and renames it into place, so a crash leaves no
 * facet or a complete one, never a folder without {@code facet.json} that then reads with its name as title and makes
 * a retry answer "already exists".
 */
@SpawnsProcesses
class FacetCreateCrashTest {
    @TempDir
    Path tmp;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void aHiddenHalfBuiltFacetIsIgnoredAndCleanedByTheNextCreation() throws IOException {
        Path root = tmp.resolve("journal");
        WarningSink.Collecting warnings = WarningSink.collecting(10);
        Journal journal = Journal.create(root, "Owner").withWarnings(warnings);
        Path leftover = root.resolve("facets/.facet-work.tmp-0123abcd");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve(".facet.json.tmp-77"), "{\"tit");
        assertThat(journal.facets()).isEmpty();
        assertThat(journal.facet("work")).isEmpty();
        journal.facetStore("work").create(Facet.named("work").withTitle("Work"));
        assertThat(journal.facets()).extracting(Facet::title).containsExactly("Work");
        assertThat(leftover).doesNotExist();
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void aFolderLeftWithOnlyATempFileDoesNotBlockARetry() throws IOException {
        Path root = tmp.resolve("journal");
        Journal journal = Journal.create(root, "Owner");
        Path half = root.resolve("facets/work");
        Files.createDirectories(half);
        Files.writeString(half.resolve(".facet.json.tmp-1f2e"), "{\"tit");
        journal.facetStore("work").create(Facet.named("work").withTitle("Work"));
        assertThat(journal.facet("work")).map(Facet::title).hasValue("Work");
        assertThat(half).isDirectoryNotContaining("glob:**/.facet.json.tmp-*");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly sends SIGKILL on Linux")
    void killedWhileCreatingFacetsLeavesOnlyCompleteOnes() throws Exception {
        Path root = tmp.resolve("journal");
        Journal.create(root, "Owner");
        int next = 0;
        for (int round = 0; round < 3; round++) {
            String java = ChildJvm.java();
            Process p = ChildJvm.lean(new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    FacetCreateChild.class.getName(), root.toString(), Integer.toString(next)))
                    .redirectError(tmp.resolve("child-" + round + ".err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("child output (stderr in %s)", tmp).isEqualTo("started");
                Thread.sleep(50 + random.nextInt(400)); // the moment of the kill is the random part (seed below)
            } finally {
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            WarningSink.Collecting warnings = WarningSink.collecting(10);
            Journal journal = Journal.open(root).withWarnings(warnings);
            List<Facet> facets = journal.facets();
            for (Facet f : facets) {
                assertThat(f.title()).as("facet %s (seed %d)", f.name(), seed).isEqualTo("Title " + f.name().substring(1));
            }
            assertThat(warnings.warnings()).as("seed %d", seed).isEmpty();
            next = facets.stream().mapToInt(f -> Integer.parseInt(f.name().substring(1))).max().orElse(-1) + 1;
            // The facet being created when the child died can be created now (no 409 from a half-made folder).
            journal.facetStore("f" + next).create(Facet.named("f" + next).withTitle("Title " + next));
            next++;
        }
    }
}
