package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run as their own process write through the journal's staging folder ({@code .staging/<pid>-<start>/}) and
 * leave no empty one behind when they exit: they used to pile up until the next {@code engram start}.
 */
@SpawnsProcesses
class CommandsLeaveNoStagingTest {
    @TempDir
    Path tmp;

    @Test
    void anObserverCreatedAndAFileImportedLeaveTheStagingFolderEmpty() throws Exception {
        Path root = tmp.resolve("j"); // made by the command line too: this JVM would leave its own staging folder
        Path text = Files.writeString(tmp.resolve("call.txt"), "[09:00] Ada: hello\n");
        run("init", "--journal", root.toString(), "--name", "Ada");
        run("observer", "create", "laptop", "--journal", root.toString());
        run("import", text.toString(), "--timestamp", "20240510_090000", "--journal", root.toString(), "--socket",
                tmp.resolve("no-bus.sock").toString());
        assertThat(root.resolve("20240510")).isDirectory(); // both wrote through the staging folder
        try (Stream<Path> left = Files.list(root.resolve(".staging"))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private void run(String... args) throws Exception {
        Path log = tmp.resolve("out-" + args[0] + ".txt");
        Process p = new ProcessBuilder(ChildJvm.engram(args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }
}
