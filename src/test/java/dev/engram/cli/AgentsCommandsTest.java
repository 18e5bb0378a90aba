package dev.engram.cli;

import static dev.engram.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cli.MainTest.Result;
import dev.engram.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram ask} without a provider, {@code engram agents list|show}, run in-process on a real journal. */
class AgentsCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void askWithoutAProviderSaysWhatToConfigureInOneLineAndExits1() {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        Result r = run("ask", "what", "did", "I", "do?", "--journal", j.root().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("engram ask: no LLM provider is configured").contains("config/journal.json");
        // the failed run is kept, completed, with its error
        Result list = run("agents", "list", "--journal", j.root().toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("1 run(s) on").contains("failed").contains("default")
                .contains("what did I do?");
        String id = list.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        Result show = run("agents", "show", id, "--journal", j.root().toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("run " + id + ": failed").contains("\"event\":\"request\"")
                .contains("\"event\":\"error\"").contains("\"agent_id\":\"" + id + "\"");
        assertThat(Files.exists(j.root().resolve("agents/" + id + ".jsonl"))).isTrue();
    }

    @Test
    void unknownPersonaRunAndEmptyJournalAreOneLine() {
        Journal j = Journal.create(tmp.resolve("journal"), "Tester");
        String root = j.root().toString();
        assertThat(run("agents", "list", "--journal", root).out()).contains("No agent runs yet.");
        Result p = run("ask", "hi", "--persona", "nobody", "--journal", root);
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.err()).startsWith("engram ask: no persona named 'nobody'; known: default, daily_news, todos,"
                + " entities");
        Result show = run("agents", "show", "123", "--journal", root);
        assertThat(show.code()).isEqualTo(1);
        assertThat(show.err().strip()).isEqualTo("engram: no agent run 123 in agents/; 'engram agents list' shows"
                + " the runs");
    }
}
