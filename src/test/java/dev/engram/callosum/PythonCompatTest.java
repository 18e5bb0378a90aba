package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.testing.SpawnsProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A standard-library Python client and the Java server and client talk in both directions. */
@SpawnsProcesses
class PythonCompatTest {
    @Test
    void pythonAndJavaExchangeNonAsciiMessages() throws Exception {
        assumeTrue(python3().isPresent(), "python3 is not on the PATH; skipping the Python compatibility test");
        Path dir = Files.createTempDirectory("cs");
        Path sock = dir.resolve("bus.sock");
        Path script = dir.resolve("py_client.py");
        try (var in = getClass().getResourceAsStream("/callosum/py_client.py")) {
            Files.copy(in, script);
        }
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                CallosumClient java = CallosumClient.start(sock, m -> {
                    if (m.event().equals("from-python")) {
                        got.add(m);
                    }
                })) {
            Process py = new ProcessBuilder(python3().get(), script.toString(), sock.toString(), "compat", "from-python")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("connected");
            await("the Java and the Python client connected").atMost(Duration.ofSeconds(10))
                    .until(() -> server.stats().clientsConnected() == 2);
            assertThat(java.emit("compat", "from-java", Map.of("text", "zürich € 𝄞 日本"))).isTrue();
            String received = out.readLine();
            assertThat(received).isNotNull();
            assertThat(Message.parse(received).string("text")).contains("zürich € 𝄞 日本");
            Message fromPython = got.poll(10, TimeUnit.SECONDS);
            assertThat(fromPython).as("the message python sent").isNotNull();
            assertThat(fromPython.string("text")).contains("pythön € 𝄞");
            assertThat(py.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(py.exitValue()).isZero();
        }
    }

    private static java.util.Optional<String> python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p.toString());
            }
        }
        return java.util.Optional.empty();
    }
}
