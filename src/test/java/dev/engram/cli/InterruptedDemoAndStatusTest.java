package dev.engram.cli;

import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted {@code engram demo} leaves a journal the next run recognises as incomplete and regenerates (killed
 * before the marker: a folder that is still free; after it: not "nothing changed"), and {@code engram status} refuses
 * a folder that is not a journal unless {@code --force}.
 */
@SpawnsProcesses
class InterruptedDemoAndStatusTest {
    static final String[] SPEC = {"--days", "30", "--segments-per-day", "24", "--end", "20240601"};

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private static String[] demo(Path dir, String... more) {
        String[] head = {"demo", "--journal", dir.toString()};
        return Stream.of(head, SPEC, more).flatMap(Stream::of).toArray(String[]::new);
    }

    private static long dayFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly sends SIGKILL on Linux")
    void aDemoKilledMidRunIsRegeneratedByTheNextRun() throws Exception {
        Path dir = tmp.resolve("j");
        String java = ChildJvm.java();
        String[] cmd = Stream.of(new String[] {java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()}, demo(dir)).flatMap(Stream::of).toArray(String[]::new);
        Process p = ChildJvm.lean(new ProcessBuilder(cmd)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.isDirectory(dir) && dayFolders(dir) >= 2);
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dayFolders(dir)).as("killed before every day was written").isLessThan(30);
        assertThat(run(demo(dir))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("interrupted").contains("Demo journal at").doesNotContain("nothing changed");
        assertThat(dayFolders(dir)).isEqualTo(30);
        out.getBuffer().setLength(0);
        assertThat(run(demo(dir))).isZero();
        assertThat(out.toString()).contains("nothing changed");
    }

    @Test
    void aDemoKilledBeforeItsMarkerLeavesAFolderTheNextRunAccepts() throws IOException {
        Path dir = tmp.resolve("j");
        Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(dir.resolve("facets"));
        Files.writeString(dir.resolve("config/.journal.json.tmp-5a5a"), "{\"ide");
        assertThat(run("demo", "--journal", dir.toString(), "--days", "2", "--segments-per-day", "2", "--end",
                "20240105")).as(err.toString()).isZero();
        assertThat(dayFolders(dir)).isEqualTo(2);
    }

    @Test
    void statusRefusesAFolderThatIsNotAJournalUnlessForced() throws IOException {
        Path etc = tmp.resolve("etc");
        Files.createDirectories(etc.resolve("ssh"));
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        assertThat(run("status", "--journal", etc.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("engram: not a journal: " + etc).doesNotContain("\n")
                .contains("--force");
        assertThat(out.toString()).isEmpty();
        assertThat(run("status", "--journal", etc.toString(), "--force")).isZero();
        assertThat(out.toString()).contains("Journal  " + etc);
        Path empty = tmp.resolve("fresh");
        Files.createDirectories(empty);
        assertThat(run("status", "--journal", empty.toString())).isZero();
    }
}
