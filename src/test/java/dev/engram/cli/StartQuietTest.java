package dev.engram.cli;

import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram start} with the shipped logging set-up (the test classes, and their logback-test.xml, left off the
 * class path): without {@code -v} it logs nothing at INFO, and a port in use is one line, nothing before it.
 */
@SpawnsProcesses
class StartQuietTest {
    @TempDir
    Path tmp;

    private Process start(Path journal, Path socket, String port, Path stderr) throws IOException {
        String java = ChildJvm.java();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder pb = ChildJvm.lean(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                classPath, Main.class.getName(), "start", "--journal", journal.toString(), "--port", port,
                "--socket", socket.toString())).redirectError(stderr.toFile());
        pb.environment().remove("ENGRAM_LOG_LEVEL");
        pb.environment().remove("ENGRAM_PASSWORD_ITERATIONS"); // the shipped set-up: the tests' lower work factor warns
        return pb.start();
    }

    @Test
    void startLogsNothingWithoutVerboseAndAPortInUseIsOneLine() throws Exception {
        Path journal = Journal.create(tmp.resolve("j"), "Owner").root();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "sq");
        Path socket = sockets.resolve("bus.sock");
        Path err = tmp.resolve("err.txt");
        Process p = start(journal, socket, "0", err);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("Engram is running at http://127.0.0.1:");
            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Path err2 = tmp.resolve("err2.txt");
                Process second = start(journal, sockets.resolve("other.sock"), String.valueOf(busy.getLocalPort()),
                        err2);
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.exitValue()).isEqualTo(1);
                assertThat(lines(err2)).containsExactly("engram: port " + busy.getLocalPort()
                        + " is in use: stop the other process or pass --port");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lines(err)).as("stderr of a quiet start and stop").isEmpty();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(sockets.resolve("other.sock"));
            Files.deleteIfExists(sockets);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.filter(l -> !l.isBlank()).toList();
        }
    }
}
