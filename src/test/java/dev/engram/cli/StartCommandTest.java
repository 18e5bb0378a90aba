package dev.engram.cli;

import dev.engram.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.SpawnsProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram start} as a user runs it: a real child JVM, stopped with SIGTERM. */
@SpawnsProcesses
class StartCommandTest {
    private static final Pattern URL = Pattern.compile("running at (http://\\S+)");

    @TempDir
    Path tmp;

    @Test
    void servesPrintsTheUrlAndStopsCleanlyOnSigterm() throws Exception {
        Path journal = Journal.create(tmp.resolve("j"), "Owner").root();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "st");
        Path socket = sockets.resolve("bus.sock");
        String java = ChildJvm.java();
        Process p = ChildJvm.lean(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "start", "--journal", journal.toString(),
                "--port", "0", "--socket", socket.toString()))
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            Matcher m = URL.matcher(line);
            assertThat(m.find()).as("first line: %s", line).isTrue();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValue("/setup");
            assertThat(socket).exists();

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(socket).doesNotExist();
            String err = Files.readString(tmp.resolve("stderr.txt"));
            List<String> order = new ArrayList<>();
            for (String s : List.of("Engram stopping", "callosum stopped", "Engram stopped")) {
                assertThat(err).contains(s);
                order.add(s);
            }
            assertThat(err.indexOf("Engram stopping")).isLessThan(err.indexOf("callosum stopped"));
            assertThat(err.indexOf("callosum stopped")).isLessThan(err.indexOf("Engram stopped"));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(sockets);
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws IOException {
        Path journal = Journal.create(tmp.resolve("j"), "Owner").root();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "st");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"start", "--journal", journal.toString(), "--port",
                String.valueOf(busy.getLocalPort()), "--socket", sockets.resolve("b.sock").toString()},
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("engram: port " + busy.getLocalPort()
                    + " is in use: stop the other process or pass --port");
        } finally {
            Files.deleteIfExists(sockets);
        }
    }

    @Test
    void aMissingJournalSaysHowToCreateOne() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"start", "--journal", tmp.resolve("nope").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("engram: no journal at").contains("engram init").doesNotContain("\tat ");
    }

    @Test
    void anInvalidPortIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"start", "--port", "70000"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --port 70000");
    }

    private static String readLine(BufferedReader r) {
        try {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }
}
