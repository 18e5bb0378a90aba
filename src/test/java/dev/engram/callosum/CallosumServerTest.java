package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CallosumServerTest {
    private Path dir;
    private Path sock;
    private CallosumServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("cs");
        sock = dir.resolve("bus.sock");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CallosumServer start(ServerConfig cfg) {
        server = CallosumServer.start(cfg);
        return server;
    }

    private RawClient client() throws IOException {
        RawClient c = RawClient.connect(sock);
        clients.add(c);
        return c;
    }

    /** Waits until the server has registered {@code n} clients, so a following broadcast reaches all of them. */
    private void awaitClients(int n) {
        await("clients connected").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(server.stats().clientsConnected()).as("" + server.stats()).isEqualTo(n));
    }

    private static JsonNode json(String line) {
        return Message.MAPPER.readTree(line);
    }

    @Test
    void everyClientIncludingTheSenderGetsEveryMessageInOneOrder() throws Exception {
        start(ServerConfig.of(sock));
        List<RawClient> cs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cs.add(client());
        }
        awaitClients(8);
        for (int i = 0; i < 50; i++) {
            cs.get(i % 2).write("{\"tract\":\"t\",\"event\":\"e\",\"from\":" + (i % 2) + ",\"i\":" + i + "}\n");
        }
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(cs.get(0).next());
        }
        for (RawClient c : cs.subList(1, cs.size())) {
            for (int i = 0; i < 50; i++) {
                assertThat(c.next()).isEqualTo(first.get(i));
            }
        }
        assertThat(first).anyMatch(l -> json(l).get("from").asInt() == 0); // the sender got its own
        assertThat(server.stats().messagesIn()).isEqualTo(50);
    }

    @Test
    void tsIsAddedWhenAbsentAndNeverOverwritten() throws Exception {
        start(ServerConfig.of(sock));
        RawClient c = client();
        awaitClients(1);
        long before = System.currentTimeMillis();
        c.write("{\"tract\":\"t\",\"event\":\"e\"}\n");
        c.write("{\"tract\":\"t\",\"event\":\"e\",\"ts\":42}\n");
        c.write("  {\"tract\":\"t\", \"event\":\"e\", \"ts\":\"later\"}  \r\n");
        JsonNode a = json(c.next());
        assertThat(a.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(json(c.next()).get("ts").asLong()).isEqualTo(42);
        assertThat(json(c.next()).get("ts").asString()).isEqualTo("later");
    }

    @Test
    void badInputIsDroppedAndCountedAndTheConnectionStaysOpen() throws Exception {
        start(ServerConfig.of(sock).withMaxLineBytes(100));
        RawClient bad = client();
        RawClient other = client();
        awaitClients(2);
        bad.write("not json\n");
        bad.write("[1,2]\n");
        bad.write("\"str\"\n");
        bad.write("{\"tract\":\"t\"}\n");
        bad.write("{\"tract\":1,\"event\":\"e\"}\n");
        bad.write("\n   \n");
        bad.write("{\"tract\":\"t\",\"event\":\"e\"} {}\n");
        bad.write("{\"tract\":\"t\",\"event\":\"" + "x".repeat(200) + "\"}\n");
        bad.write(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', '\n'});
        bad.write("{\"tract\":\"t\",\"event\":\"utf16\"}".getBytes(StandardCharsets.UTF_16LE));
        bad.write("\n");
        bad.write("{\"tract\":\"t\",\"event\":\"ok\"}\n");
        assertThat(json(bad.next()).get("event").asString()).isEqualTo("ok");
        assertThat(json(other.next()).get("event").asString()).isEqualTo("ok");
        CallosumStats s = server.stats();
        assertThat(s.dropped()).containsEntry("invalid_json", 4L).containsEntry("not_an_object", 2L)
                .containsEntry("missing_tract_or_event", 2L).containsEntry("blank", 2L).containsEntry("too_long", 1L);
        assertThat(s.messagesIn()).isEqualTo(1);
        assertThat(s.clientsConnected()).isEqualTo(2);
    }

    @Test
    void anOversizedLineIsDiscardedWithoutHurtingTheNextOne() throws Exception {
        start(ServerConfig.of(sock)); // the default 1 MiB limit
        RawClient c = client();
        awaitClients(1);
        byte[] chunk = "y".repeat(256 * 1024).getBytes(StandardCharsets.US_ASCII);
        c.write("{\"tract\":\"t\",\"event\":\"big\",\"pad\":\"");
        for (int i = 0; i < 6; i++) {
            c.write(chunk);
        }
        c.write("\"}\n{\"tract\":\"t\",\"event\":\"after\"}\n");
        assertThat(json(c.next()).get("event").asString()).isEqualTo("after");
        assertThat(server.stats().dropped()).containsEntry("too_long", 1L);
    }

    @Test
    void aMultiByteCharacterSplitAcrossWritesArrivesIntact() throws Exception {
        start(ServerConfig.of(sock));
        RawClient c = client();
        awaitClients(1);
        byte[] line = "{\"tract\":\"t\",\"event\":\"e\",\"text\":\"€𝄞\"}\n".getBytes(StandardCharsets.UTF_8);
        int split = new String(line, StandardCharsets.ISO_8859_1).indexOf('\u00e2') + 1; // inside the euro sign
        c.write(java.util.Arrays.copyOfRange(line, 0, split));
        Thread.sleep(50);
        c.write(java.util.Arrays.copyOfRange(line, split, split + 3));
        Thread.sleep(50);
        c.write(java.util.Arrays.copyOfRange(line, split + 3, line.length));
        assertThat(json(c.next()).get("text").asString()).isEqualTo("€𝄞");
    }

    @Test
    void aStalledReaderIsDisconnectedAndTheOthersKeepReceiving() throws Exception {
        start(ServerConfig.of(sock).withQueue(4096, 8 << 20).withStallGrace(Duration.ofMillis(300)));
        RawClient stalled = new RawClient(sock, false); // never reads
        clients.add(stalled);
        RawClient sender = client();
        RawClient reader = client();
        awaitClients(3);
        String pad = "p".repeat(4000);
        int n = 6000; // about 24 MB: far more than the stalled socket buffer plus its 8 MB queue
        Thread feeder = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + i + ",\"pad\":\"" + pad + "\"}\n");
                    if (i % 50 == 0) {
                        Thread.sleep(20); // bursts of 200 KB, spread over ~2.4 s so the grace period passes
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < n; i++) {
            assertThat(json(reader.next()).get("i").asInt()).isEqualTo(i);
        }
        feeder.join();
        await("the stalled reader dropped").atMost(Duration.ofSeconds(5)).until(() -> server.stats().clientsDropped() > 0);
        assertThat(server.stats().clientsDropped()).isEqualTo(1);
        assertThat(server.stats().clientsConnected()).isEqualTo(2);
    }

    @Test
    void theSocketIsPrivateAndRemovedAtStop() throws Exception {
        start(ServerConfig.of(sock));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
        assertThat(dir.toFile().list()).containsExactly("bus.sock"); // the private bind folder is gone
        server.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplacedButALiveBusIsNot() throws Exception {
        CallosumServer first = CallosumServer.start(ServerConfig.of(sock));
        assertThatThrownBy(() -> CallosumServer.start(ServerConfig.of(sock)))
                .isInstanceOf(CallosumException.class).hasMessageContaining("already running");
        // simulate a crash: the socket file stays behind without a listener
        Path stale = dir.resolve("stale.sock");
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        first.close();
        CallosumServer second = CallosumServer.start(ServerConfig.of(stale));
        try (RawClient c = RawClient.connect(stale)) {
            c.write("{\"tract\":\"t\",\"event\":\"e\"}\n");
            assertThat(c.next()).contains("\"tract\":\"t\"");
        } finally {
            second.close();
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotDeleted() throws Exception {
        Files.writeString(sock, "precious");
        assertThatThrownBy(() -> CallosumServer.start(ServerConfig.of(sock)))
                .isInstanceOf(CallosumException.class).hasMessageContaining("not a socket");
        assertThat(Files.readString(sock)).isEqualTo("precious");
    }

    @Test
    void aTooLongPathNamesTheOptionAndTheVariable() {
        Path longPath = dir.resolve("x".repeat(120)).resolve("callosum.sock");
        assertThatThrownBy(() -> CallosumServer.start(ServerConfig.of(longPath)))
                .isInstanceOf(CallosumException.class)
                .hasMessageContaining("--socket PATH").hasMessageContaining("ENGRAM_CALLOSUM_SOCKET");
    }

    @Test
    void countersAreWrittenToTheStatsFile() throws Exception {
        Path stats = dir.resolve("health").resolve("callosum.json");
        start(ServerConfig.of(sock).withStatsFile(stats));
        assertThat(Message.MAPPER.readTree(stats.toFile()).get("running").asBoolean()).isTrue();
        RawClient c = client();
        c.write("{\"tract\":\"t\",\"event\":\"e\"}\nnope\n");
        c.next();
        server.close();
        JsonNode j = Message.MAPPER.readTree(stats.toFile());
        assertThat(j.get("running").asBoolean()).isFalse();
        assertThat(j.get("messages_in").asLong()).isEqualTo(1);
        assertThat(j.get("dropped").get("invalid_json").asLong()).isEqualTo(1);
        assertThat(j.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(j.get("socket").asString()).isEqualTo(sock.toString());
    }

    @Test
    void publishBroadcastsFromInsideTheProcess() throws Exception {
        start(ServerConfig.of(sock));
        RawClient c = client();
        awaitClients(1);
        assertThat(server.publish(Message.of("t", "e", Map.of("n", 1)))).isTrue();
        JsonNode j = json(c.next());
        assertThat(j.get("n").asInt()).isEqualTo(1);
        assertThat(j.has("ts")).isTrue();
    }
}
