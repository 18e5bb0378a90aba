package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.testing.ChildJvm;
import dev.engram.testing.SpawnsProcesses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CallosumCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private Path dir;
    private Path journal;
    private Path sock;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("cs");
        journal = dir.resolve("j");
        sock = journal.resolve("health").resolve("callosum.sock");
        assertThat(run("init", "--journal", journal.toString())).isZero();
        out.getBuffer().setLength(0);
    }

    @AfterEach
    void restoreStdin() {
        CallosumSendCommand.stdin = System.in;
    }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A raw socket client that has been registered by the server, returning the first line it receives. */
    private static String firstLine(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(65536);
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf("\n") < 0 && ch.read(b) >= 0) {
            sb.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            b.clear();
        }
        return sb.substring(0, sb.indexOf("\n"));
    }

    private static SocketChannel connect(CallosumServer server, int expectedClients) throws Exception {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(server.socketPath()));
        await("client registered").atMost(Duration.ofSeconds(5))
                .until(() -> server.stats().clientsConnected() >= expectedClients);
        return ch;
    }

    @Test
    void sendWithoutABusSaysHowToStartOne() {
        assertThat(run("callosum", "send", "--journal", journal.toString(), "t", "e")).isEqualTo(1);
        assertThat(err.toString()).contains("no bus at " + sock)
                .contains("start it with 'engram callosum serve' or 'engram start'");
    }

    @Test
    void sendTypesValuesThatParseAsJson() throws Exception {
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                SocketChannel ch = connect(server, 1)) {
            assertThat(run("callosum", "send", "--journal", journal.toString(), "t", "e", "n=5", "s=hello",
                    "o={\"a\":1}", "x=123abc", "b=true", "q=\"5\"")).isZero();
            JsonNode j = JSON.readTree(firstLine(ch));
            assertThat(j.get("n").isInt()).isTrue();
            assertThat(j.get("s").asString()).isEqualTo("hello");
            assertThat(j.get("o").get("a").asInt()).isEqualTo(1);
            assertThat(j.get("x").asString()).isEqualTo("123abc");
            assertThat(j.get("b").asBoolean()).isTrue();
            assertThat(j.get("q").asString()).isEqualTo("5");
        }
    }

    @Test
    void sendReadsOneJsonObjectFromStdinAndRejectsBadInput() throws Exception {
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock));
                SocketChannel ch = connect(server, 1)) {
            CallosumSendCommand.stdin = new ByteArrayInputStream(
                    "{\n  \"tract\": \"t\",\n  \"event\": \"piped\", \"ts\": 7\n}\n".getBytes(StandardCharsets.UTF_8));
            assertThat(run("callosum", "send", "--socket", sock.toString())).isZero();
            JsonNode j = JSON.readTree(firstLine(ch));
            assertThat(j.get("event").asString()).isEqualTo("piped");
            assertThat(j.get("ts").asLong()).isEqualTo(7);
            CallosumSendCommand.stdin = new ByteArrayInputStream("{\"tract\":\"t\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(run("callosum", "send", "--socket", sock.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("'tract' and 'event'");
            assertThat(run("callosum", "send", "--socket", sock.toString(), "only-a-tract")).isEqualTo(2);
        }
    }

    @Test
    void listenPrintsMatchingMessagesAndStopsAfterCount() throws Exception {
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock))) {
            int[] code = {-1};
            Thread t = Thread.ofPlatform().start(() -> code[0] = run("callosum", "listen", "--journal",
                    journal.toString(), "--tract", "a", "--event", "x", "--count", "2"));
            // listen first probes the socket (one short connection), then its client connects: wait for both
            await("listen connected").atMost(Duration.ofSeconds(20)).until(() -> server.stats().clientsAccepted() >= 2);
            server.publish(Message.of("a", "x", Map.of("i", 1)));
            server.publish(Message.of("b", "x", Map.of("i", 2)));
            server.publish(Message.of("a", "y", Map.of("i", 3)));
            server.publish(Message.of("a", "x", Map.of("i", 4, "text", "ü")));
            server.publish(Message.of("a", "x", Map.of("i", 5)));
            t.join(20_000);
            assertThat(code[0]).isZero();
            String[] lines = out.toString().strip().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(JSON.readTree(lines[0]).get("i").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(lines[1]).get("text").asString()).isEqualTo("ü");
        }
    }

    @Test
    void statusShowsTheBusAndItsCounters() throws Exception {
        assertThat(run("status", "--journal", journal.toString(), "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).get("bus").get("up").asBoolean()).isFalse();
        out.getBuffer().setLength(0);
        try (CallosumServer server = CallosumServer.start(ServerConfig.of(sock)
                .withStatsFile(journal.resolve("health").resolve("callosum.json")))) {
            assertThat(run("status", "--journal", journal.toString(), "--json")).isZero();
            JsonNode bus = JSON.readTree(out.toString()).get("bus");
            assertThat(bus.get("up").asBoolean()).isTrue();
            assertThat(bus.get("socket").asString()).isEqualTo(sock.toString());
            assertThat(bus.get("stats").get("running").asBoolean()).isTrue();
            out.getBuffer().setLength(0);
            assertThat(run("status", "--journal", journal.toString())).isZero();
            assertThat(out.toString()).contains("bus       up at " + sock);
        }
    }

    @Test
    @SpawnsProcesses
    void serveRunsUntilSigtermAndRemovesItsSocket() throws Exception {
        Process p = new ProcessBuilder(ChildJvm.engram("callosum", "serve", "--journal", journal.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("Callosum bus on " + sock + " (Ctrl-C to stop)");
            assertThat(sock).exists();
            assertThat(run("callosum", "send", "--journal", journal.toString(), "t", "e")).isZero();
            Path statsFile = journal.resolve("health").resolve("callosum.json");
            // the counters are written at most once a second
            await("messages_in counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions() // read while the file is replaced
                    .until(() -> JSON.readTree(statsFile.toFile()).get("messages_in").asLong() >= 1);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(sock).doesNotExist();
            JsonNode stats = JSON.readTree(journal.resolve("health").resolve("callosum.json").toFile());
            assertThat(stats.get("running").asBoolean()).isFalse();
            assertThat(stats.get("messages_in").asLong()).isEqualTo(1);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aTooLongSocketPathNamesTheWayOut() throws Exception {
        Path deep = dir.resolve("d".repeat(60)).resolve("e".repeat(60));
        assertThat(run("init", "--journal", deep.toString())).isZero();
        assertThat(run("callosum", "serve", "--journal", deep.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("--socket PATH").contains("ENGRAM_CALLOSUM_SOCKET");
    }
}
