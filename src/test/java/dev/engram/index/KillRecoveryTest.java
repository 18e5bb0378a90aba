package dev.engram.index;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.index.api.SearchHit;
import dev.engram.index.api.SearchQuery;
import dev.engram.testing.SpawnsProcesses;
import dev.engram.journal.Journal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a process that holds the index: the index opens at its last commit and a catch-up completes it. */
@SpawnsProcesses
class KillRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void afterKill9TheIndexRecoversToItsLastCommitAndCatchesUpToAFreshRebuild() throws Exception {
        Journal journal = SmallJournal.create(tmp.resolve("journal"));
        String java = ChildJvm.java();
        Process child = ChildJvm.lean(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingIndexer.class.getName(), journal.root().toString()))
                .redirectError(tmp.resolve("child.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("child said ready (see child.err)").isEqualTo("ready");
        }
        child.destroyForcibly(); // SIGKILL: no close, no commit
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String> warnings = new ArrayList<>();
        try (KeywordIndex index = KeywordIndex.open(journal, warnings::add)) {
            assertThat(warnings).as("the last commit opens as it is").isEmpty();
            assertThat(index.search(SearchQuery.of("pelican")).total()).isEqualTo(1);
            assertThat(index.search(SearchQuery.of("dingo")).total()).isZero(); // not committed
            assertThat(index.vectorProgress().backlog()).as("committed vectors survive").isZero();
            IndexReport r = index.catchUp(Optional.empty(), false);
            assertThat(r.indexed()).isEqualTo(1);
            assertThat(r.unchanged()).isEqualTo(9);
            assertThat(index.vectorProgress().backlog()).as("only the caught-up chunk waits").isEqualTo(1);
            assertThat(index.embedAll((d, o) -> { }).embedded()).isEqualTo(1);
            List<String> recovered = ids(index);
            index.clear();
            index.catchUp(Optional.empty(), false);
            assertThat(recovered).isEqualTo(ids(index)).hasSize(15);
        }
    }

    private static List<String> ids(KeywordIndex index) {
        return index.search(SearchQuery.of("").withPage(1000, 0)).hits().stream().map(SearchHit::id).sorted()
                .toList();
    }
}
