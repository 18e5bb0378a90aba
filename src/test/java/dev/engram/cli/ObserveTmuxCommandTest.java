package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.observe.tmux.PrivateTmux;
import dev.engram.testing.SpawnsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code engram observe tmux}: usage errors, and a real child process whose SIGTERM writes the current segment and
 * beside which a second observer of the same tmux server is refused.
 */
class ObserveTmuxCommandTest {
    @TempDir
    Path tmp;

    @Test
    void mistakesAreOneLineUsageErrors() {
        Path journal = tmp.resolve("j");
        Journal.create(journal, "Ada");
        MainTest.Result noKey = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--remote",
                "http://127.0.0.1:9");
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("--remote needs the observer key");
        MainTest.Result badUrl = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--remote",
                "ftp://x", "--key", "secret-key-value");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("invalid --remote URL").doesNotContain("secret-key-value");
        MainTest.Result badTiming = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--interval",
                "0");
        assertThat(badTiming.code()).isEqualTo(2);
        assertThat(badTiming.err()).contains("invalid timing");
        // what the observer would use, whole milliseconds: a value that rounds to 0 ms is as wrong as 0
        for (String[] timing : List.of(new String[] {"--interval", "0.0001", "--segment", "10"},
                new String[] {"--active-within", "0.0004"})) {
            List<String> args = new java.util.ArrayList<>(List.of("observe", "tmux", "--journal", journal.toString()));
            args.addAll(List.of(timing));
            MainTest.Result r = MainTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElse("")).startsWith("engram observe tmux: invalid timing");
        }
        assertThat(ObserveTmuxCommand.httpUrl("https://engram.example:65535/", "--remote").getPort())
                .isEqualTo(65535);
        // checked first: without the check the command below would run (and retry) for good
        for (String bad : List.of("http://h:0", "http://h:-1", "http://h:65536", "http://h:5015:1")) {
            assertThatThrownBy(() -> ObserveTmuxCommand.httpUrl(bad, "--remote")).as(bad)
                    .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid --remote URL '" + bad + "'");
        }
        MainTest.Result badPort = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--remote",
                "http://localhost:99999", "--key", "secret-key-value");
        assertThat(badPort.code()).as(badPort.err()).isEqualTo(2);
        assertThat(badPort.err().lines().findFirst().orElse("")).startsWith("engram observe tmux: invalid --remote URL"
                + " 'http://localhost:99999': port 99999 is out of range");
        assertThat(badPort.err()).doesNotContain("secret-key-value");
        MainTest.Result keyAlone = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--key", "k");
        assertThat(keyAlone.code()).isEqualTo(2);
        assertThat(keyAlone.err()).contains("--key goes with --remote");
        MainTest.Result noJournal = MainTest.run("observe", "tmux", "--journal", tmp.resolve("none").toString());
        assertThat(noJournal.code()).isEqualTo(1);
        assertThat(noJournal.err()).startsWith("engram: no journal at");
    }

    @Test
    void theKeyComesFromAFileOrTheEnvironmentNotOnlyTheCommandLine() throws Exception {
        Path journal = tmp.resolve("j");
        Journal.create(journal, "Ada");
        Path keyFile = tmp.resolve("observer.key");
        Files.writeString(keyFile, "  file-key-value-0123456789\nignored second line\n");
        // the key is taken from the file: the command gets past the key to the URL check (one line, no key shown)
        MainTest.Result fromFile = MainTest.run("observe", "tmux", "--journal", journal.toString(), "--remote",
                "ftp://x", "--key-file", keyFile.toString());
        assertThat(fromFile.code()).isEqualTo(2);
        assertThat(fromFile.err()).contains("invalid --remote URL").doesNotContain("file-key-value");
        assertThat(ObserveTmuxCommand.key(null, keyFile, java.util.Map.of())).isEqualTo("file-key-value-0123456789");
        assertThat(ObserveTmuxCommand.key(null, null, java.util.Map.of(ObserveTmuxCommand.KEY_ENV, "env-key\n")))
                .isEqualTo("env-key");
        assertThat(ObserveTmuxCommand.key("cli-key", null, java.util.Map.of(ObserveTmuxCommand.KEY_ENV, "env-key")))
                .as("--key still works and wins over the environment").isEqualTo("cli-key");
        // mistakes: one line, exit 2, never the file's content
        Files.writeString(tmp.resolve("empty.key"), "\n");
        Files.writeString(tmp.resolve("big.key"), "x".repeat(5000));
        for (String[] bad : List.of(new String[] {"--key-file", tmp.resolve("none.key").toString()},
                new String[] {"--key-file", tmp.resolve("empty.key").toString()},
                new String[] {"--key-file", tmp.resolve("big.key").toString()},
                new String[] {"--key-file", keyFile.toString(), "--key", "k"})) {
            List<String> args = new java.util.ArrayList<>(List.of("observe", "tmux", "--journal", journal.toString(),
                    "--remote", "http://127.0.0.1:9"));
            args.addAll(List.of(bad));
            MainTest.Result r = MainTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElse("")).as(r.err()).startsWith("engram observe tmux: ")
                    .containsAnyOf("no such file", "is empty", "larger than 4096 bytes", "not both");
            assertThat(r.err()).doesNotContain("file-key-value", "xxxxxxxx");
        }
    }

    /**
     * SIGTERM writes the current segment; also while the tmux server hangs (stopped with SIGSTOP, a tmux call in
     * flight): at once, not after the shutdown hook's 20 s, and no tmux process is left behind.
     */
    @ParameterizedTest(name = "tmux server hung: {0}")
    @ValueSource(booleans = {false, true})
    @SpawnsProcesses
    void sigtermWritesTheCurrentSegment(boolean serverHung) throws Exception {
        Path root = tmp.resolve("journal");
        Journal journal = Journal.create(root, "Ada");
        try (PrivateTmux tmux = new PrivateTmux("dev")) {
            tmux.attach("dev");
            Path log = tmp.resolve("child.out");
            Process p = child(root, tmux, log);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("observing tmux"));
                assertThat(Files.readString(log)).contains("every 0.2 s, a segment every 600 s");
                if (!serverHung) { // a second observer of this tmux server into this journal would capture twice
                    MainTest.Result second = MainTest.run("observe", "tmux", "--journal", root.toString(),
                            "--tmux-socket", tmux.socket, "--socket", tmp.resolve("nobus.sock").toString());
                    assertThat(second.code()).as(second.err()).isEqualTo(1);
                    assertThat(second.err()).startsWith("engram: another 'engram observe tmux' already captures the"
                            + " tmux server '" + tmux.socket + "' into the journal ").doesNotContain("\tat ");
                }
                tmux.type("dev", "echo before-sigterm");
                // give it a few captures; the segment is ten minutes long, so only the flush can write it
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
                assertThat(segments(journal)).isEmpty();
                try {
                    if (serverHung) {
                        tmux.signalServer("STOP");
                        await().atMost(Duration.ofSeconds(10)).until(() -> !tmux.processesWith("list-").isEmpty());
                    }
                    p.destroy(); // SIGTERM
                    assertThat(p.waitFor(serverHung ? 10 : 30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                    await().atMost(Duration.ofSeconds(2)).until(() -> tmux.processesWith("list-").isEmpty());
                } finally {
                    if (serverHung) {
                        tmux.signalServer("CONT");
                    }
                }
            } finally {
                p.destroyForcibly();
            }
            assertThat(segments(journal)).singleElement().satisfies(s -> assertThat(
                    Files.readString(s.dir().resolve("tmux_dev_screen.jsonl"))).contains("before-sigterm"));
            assertThat(Files.readString(log)).contains("no Engram bus is reachable");
        }
    }

    /** {@code engram observe tmux} in a child JVM: every 0.2 s, a segment every 600 s, no bus. */
    private Process child(Path root, PrivateTmux tmux, Path log) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "observe", "tmux", "--journal", root.toString(), "--socket",
                tmp.resolve("nobus.sock").toString(), "--tmux-socket", tmux.socket, "--interval", "0.2",
                "--segment", "600").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<Segment> segments(Journal journal) {
        return journal.days().list().stream().flatMap(d -> journal.days().segments(d).stream()).toList();
    }
}
