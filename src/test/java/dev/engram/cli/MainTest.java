package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.ReferenceFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI on real folders: status on the reference fixture, init, version, help, and its error handling. */
class MainTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Path copyOfFixture() {
        return ReferenceFixture.copyTo(tmp.resolve("fixture"));
    }

    @Test
    void statusJsonOnTheReferenceFixture() throws Exception {
        Path journal = copyOfFixture();
        Result r = run("status", "--json", "--journal", journal.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        for (String key : List.of("days", "segments", "facets", "entities", "todos", "events")) {
            assertThat(s.get(key).isNumber()).as(key + " is a number").isTrue();
        }
        assertThat(s.get("segments").asInt()).isEqualTo(2);
        assertThat(s.get("facets").asInt()).isEqualTo(9);
        List<String> facets = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        s.get("facet_list").forEach(f -> {
            facets.add(f.get("name").asString());
            titles.add(f.get("title").asString());
        });
        assertThat(facets).containsExactly("acme", "broken-facet", "empty-entities", "full-featured", "minimal-facet",
                "personal", "priority-test", "test-facet", "work");
        assertThat(titles).contains("Full Featured Facet", "Minimal Facet", "Test Facet", "Empty Entities Test",
                "Priority Test");
        assertThat(s.get("entities").asInt()).isPositive();
        assertThat(s.get("todos").asInt()).isEqualTo(4);
        assertThat(s.get("todos_open").asInt()).isEqualTo(2);
        assertThat(s.get("todos_done").asInt()).isEqualTo(1);
        assertThat(s.get("todos_cancelled").asInt()).isEqualTo(1);
        assertThat(s.get("events").asInt()).isEqualTo(4);
        assertThat(s.get("warnings").isArray()).isTrue();
        List<String> warnings = new ArrayList<>();
        s.get("warnings").forEach(w -> warnings.add(w.asString()));
        assertThat(warnings).isNotEmpty()
                .anyMatch(w -> w.contains("234567_300") && w.contains("not a real time of day"))
                .anyMatch(w -> w.contains("audio.json") && w.contains("legacy"))
                .anyMatch(w -> w.startsWith("facets/broken-facet") && w.contains("no facet.json"));
        // Reading changed nothing in the journal.
        assertThat(Files.readAllBytes(journal.resolve("config/journal.json")))
                .isEqualTo(Files.readAllBytes(ReferenceFixture.JOURNAL.resolve("config/journal.json")));
    }

    @Test
    void statusTextOnTheReferenceFixtureWithADay() {
        Path journal = copyOfFixture();
        Result r = run("status", "--journal", journal.toString(), "--day", "20240102");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("segments  2").contains("Full Featured Facet").contains("234567_300")
                .contains("Warnings (");
    }

    @Test
    void missingJournalIsOneLineAndExitOne() {
        Path missing = tmp.resolve("nope");
        Result r = run("status", "--journal", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("engram: no journal at " + missing));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void debugPrintsTheStackTrace() {
        Result r = run("status", "--debug", "--journal", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("engram: no journal at ").contains("JournalException").contains("\tat ");
        // --debug does not leak into the next run in the same JVM.
        assertThat(run("status", "--journal", tmp.resolve("nope").toString()).err()).doesNotContain("\tat ");
    }

    @Test
    void aRunsDebugLevelEndsWithItAndItsFlagIsItsThreadsOnly() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level before = root.getLevel();
        assertThat(run("status", "--debug", "--journal", tmp.resolve("nope").toString()).err()).contains("\tat ");
        assertThat(root.getLevel()).as("the root level after a --debug run").isEqualTo(before);
        // another thread's --debug (a command line running beside this one) is not this thread's
        GlobalOptions other = new GlobalOptions();
        Thread t = Thread.ofPlatform().start(() -> other.setDebug(true));
        t.join();
        assertThat(GlobalOptions.debug()).isFalse();
        GlobalOptions.reset();
        assertThat(root.getLevel()).isEqualTo(before);
    }

    @Test
    void unknownFlagIsAUsageError() {
        Result r = run("status", "--no-such-flag");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-flag").contains("engram status --help");
    }

    @Test
    void invalidDayIsAUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("j"));
        Result r = run("status", "--journal", tmp.resolve("j").toString(), "--day", "2024-01-01");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid day '2024-01-01'").contains("YYYYMMDD");
        assertThat(run("status", "--journal", tmp.resolve("j").toString(), "--day", "20241399").code()).isEqualTo(2);
    }

    @Test
    void initCreatesTheConfigWithTheOwnerName() throws Exception {
        Path j = tmp.resolve("new journal");
        Result r = run("init", "--journal", j.toString(), "--name", "Ada Example");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Journal ready at").contains("Ada Example");
        JsonNode config = JSON.readTree(Files.readString(j.resolve("config/journal.json")));
        assertThat(config.get("identity").get("name").asString()).isEqualTo("Ada Example");
        Result status = run("status", "--json", "--journal", j.toString());
        assertThat(status.code()).isZero();
        assertThat(JSON.readTree(status.out()).get("facets").asInt()).isZero();
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("engram ").contains("Java ");
        Result h = run("help", "status");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("Usage: engram status").contains("--json").contains("--day");
    }

    @Test
    void anErrorThatEscapesACommandIsSaidAndExitsWithOne() {
        StringWriter err = new StringWriter();
        int code = Main.guarded(() -> {
            throw new NoClassDefFoundError("dev/engram/cli/Drain$Times");
        }, new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("engram: internal error: java.lang.NoClassDefFoundError:"
                + " dev/engram/cli/Drain$Times").contains("at dev.engram.cli.MainTest");
        assertThat(Main.guarded(() -> 3, new PrintWriter(new StringWriter()))).as("a command's own code").isEqualTo(3);
    }
}
