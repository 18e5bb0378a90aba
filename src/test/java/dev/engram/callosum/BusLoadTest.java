package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.engram.callosum.InvalidMessageException.Reason;
import dev.engram.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The bus under load over real sockets: many connections at once, and a long stream of fuzzed input. */
@Isolated("opens 2,200 file descriptors and pushes 200,000 lines through the bus; timing-sensitive under load")
class BusLoadTest {
    private static final int CONNECTIONS = 1100;

    private Path sock;
    private CallosumServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        sock = Files.createTempDirectory("load").resolve("bus.sock");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void elevenHundredConcurrentConnectionsAllGetAMessageAndTheServerStaysHealthy() throws Exception {
        long needed = 2L * CONNECTIONS + 256; // both ends live in this JVM, plus what the JVM and Maven hold
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
            assumeThat(free).as("free file descriptors (ulimit -n is %d; this test needs %d free: raise ulimit -n)",
                    os.getMaxFileDescriptorCount(), needed).isGreaterThanOrEqualTo(needed);
        }
        ServerConfig d = ServerConfig.of(sock);
        server = CallosumServer.start(new ServerConfig(sock, Optional.empty(), d.maxLineBytes(), d.queueMessages(),
                d.queueBytes(), d.stallGrace(), CONNECTIONS + 100));
        ConcurrentLinkedQueue<SocketChannel> chans = new ConcurrentLinkedQueue<>();
        // platform threads: a virtual thread's connect does not wait for room in the listen backlog
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                pool.submit(() -> {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    chans.add(ch);
                    ch.connect(UnixDomainSocketAddress.of(sock));
                    return null;
                });
            }
        }
        open.addAll(chans);
        assertThat(chans).hasSize(CONNECTIONS);
        await("all connected").atMost(Duration.ofSeconds(20))
                .until(() -> server.stats().clientsConnected() == CONNECTIONS);
        assertThat(server.publish(Message.of("load", "hello"))).isTrue();

        int got = 0;
        try (Selector sel = Selector.open()) {
            for (SocketChannel ch : chans) {
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ, new ByteArrayOutputStream());
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got < CONNECTIONS && System.nanoTime() < deadline) {
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    in.clear();
                    int n = ((SocketChannel) k.channel()).read(in);
                    assertThat(n).as("a client's connection ended").isNotNegative();
                    var line = (ByteArrayOutputStream) k.attachment();
                    line.write(in.array(), 0, n);
                    String s = line.toString(StandardCharsets.UTF_8);
                    if (s.endsWith("\n")) {
                        assertThat(s).contains("\"tract\":\"load\"").contains("\"event\":\"hello\"");
                        got++;
                        k.cancel();
                    }
                }
                sel.selectedKeys().clear();
            }
        }
        assertThat(got).as("clients that got the message").isEqualTo(CONNECTIONS);
        await("delivered counted").atMost(Duration.ofSeconds(5)).until(() -> server.stats().delivered() == CONNECTIONS);
        CallosumStats s = server.stats();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.failure()).isEmpty();
        assertThat(s.clientsDropped()).isZero();
        for (SocketChannel ch : chans) {
            ch.close();
        }
        await("all gone").atMost(Duration.ofSeconds(20)).until(() -> server.stats().clientsConnected() == 0);
        RawClient after = RawClient.connect(sock); // still serving
        open.add(after);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().clientsConnected() == 1);
        after.write("{\"tract\":\"load\",\"event\":\"after\"}\n");
        assertThat(after.next()).contains("\"after\"");
    }

    @Test
    void twoHundredThousandFuzzedLinesThroughARunningBus() throws Exception {
        long seed = Seeds.fresh("BusLoadTest.twoHundredThousandFuzzedLines");
        Random rnd = new Random(seed);
        int maxLine = 512;
        server = CallosumServer.start(ServerConfig.of(sock).withMaxLineBytes(maxLine));
        FlowControlTest.SeqReader sender = new FlowControlTest.SeqReader(sock, 0, new CountDownLatch(0));
        FlowControlTest.SeqReader receiver = new FlowControlTest.SeqReader(sock, 0, new CountDownLatch(0));
        open.add(sender);
        open.add(receiver);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().clientsConnected() == 2);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Map<Reason, Long> expected = new EnumMap<>(Reason.class);
        long valid = 0;
        for (int n = 0; n < 200_000; n++) {
            int kind = rnd.nextInt(10);
            Reason r = switch (kind) {
                case 5 -> Reason.INVALID_JSON;
                case 6 -> Reason.NOT_AN_OBJECT;
                case 7 -> Reason.MISSING_TRACT_OR_EVENT;
                case 8 -> Reason.BLANK;
                case 9 -> Reason.TOO_LONG;
                default -> null;
            };
            byte[] line = r == null ? Fuzz.valid(rnd, valid++) : Fuzz.invalid(rnd, r, maxLine);
            if (r != null) {
                expected.merge(r, 1L, Long::sum);
            }
            stream.writeBytes(line);
            stream.write('\n');
        }
        byte[] all = stream.toByteArray();
        for (int pos = 0; pos < all.length; ) { // random cuts: lines and UTF-8 characters split across writes
            int len = Math.min(all.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000));
            ByteBuffer b = ByteBuffer.wrap(all, pos, len);
            while (b.hasRemaining()) {
                sender.ch.write(b);
            }
            pos += len;
        }
        long v = valid;
        await("valid lines delivered").atMost(Duration.ofSeconds(30))
                .until(() -> receiver.count >= v || receiver.gapAt >= 0 || receiver.eof);
        assertThat(receiver.gapAt).as("first missing valid line at the receiver (seed %d)", seed).isEqualTo(-1);
        assertThat(receiver.count).isEqualTo(valid);
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.count >= v || sender.eof);
        assertThat(sender.gapAt).isEqualTo(-1);
        assertThat(sender.count).isEqualTo(valid);
        Map<String, Long> want = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            want.put(r.name().toLowerCase(Locale.ROOT), expected.getOrDefault(r, 0L));
        }
        CallosumStats s = server.stats();
        assertThat(s.dropped()).as("dropped by reason (seed %d)", seed).isEqualTo(want);
        assertThat(s.messagesIn()).isEqualTo(valid);
        assertThat(sender.eof).as("the sender's connection is kept").isFalse();
        assertThat(s.clientsConnected()).isEqualTo(2);
        assertThat(server.isRunning()).isTrue();
    }

    /** Lines whose fate is known by construction. */
    static final class Fuzz {
        private static final String[] TEXT = {"a", "Z", "é", "€", "𝄞", "日本", " ", "\\\"", "\\n", "\\u00e9", "{", "}",
            ":", ","};

        private Fuzz() {
        }

        static String text(Random rnd, int max) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(max);
            for (int i = 0; i < n; i++) {
                sb.append(TEXT[rnd.nextInt(TEXT.length)]);
            }
            return sb.toString();
        }

        /** A valid message whose first {@code "i":} is its sequence number. */
        static byte[] valid(Random rnd, long i) {
            String sp = rnd.nextInt(4) == 0 ? " " : "";
            String extra = switch (rnd.nextInt(4)) {
                case 0 -> ",\"ts\":" + rnd.nextInt(1_000_000);
                case 1 -> ",\"n\":[1,{\"x\":null},true]";
                case 2 -> ",\"s\":\"" + text(rnd, 12) + "\"";
                default -> "";
            };
            return (sp + "{\"tract\":\"fz" + text(rnd, 3).replace("\\", "").replace("\"", "") + "\"," + sp
                    + "\"event\":\"e\",\"i\":" + i + extra + "}" + sp).getBytes(StandardCharsets.UTF_8);
        }

        static byte[] invalid(Random rnd, Reason r, int maxLine) {
            String s = switch (r) {
                case INVALID_JSON -> switch (rnd.nextInt(4)) {
                    case 0 -> { // a valid message cut before its closing brace
                        String v = new String(valid(rnd, 7), StandardCharsets.UTF_8).strip();
                        yield v.substring(0, 1 + rnd.nextInt(v.length() - 1));
                    }
                    case 1 -> "{\"tract\":\"t\",\"event\":\"e\"} trailing";
                    case 2 -> "{tract:t}";
                    default -> "{\"tract\":\"t\",\"event\":\"e\",\"x\":}";
                };
                case NOT_AN_OBJECT -> List.of("[1,2]", "\"tract\"", "42", "null", "true").get(rnd.nextInt(5));
                case MISSING_TRACT_OR_EVENT -> List.of("{\"event\":\"e\"}", "{\"tract\":\"t\"}",
                        "{\"tract\":1,\"event\":\"e\"}", "{\"tract\":\"t\",\"event\":null}", "{}").get(rnd.nextInt(5));
                case BLANK -> List.of("", " ", "\t", "  \t ").get(rnd.nextInt(4));
                case TOO_LONG -> "{\"tract\":\"t\",\"event\":\"e\",\"i\":0,\"pad\":\""
                        + "x".repeat(maxLine + rnd.nextInt(3 * maxLine)) + "\"}";
            };
            if (r == Reason.INVALID_JSON && rnd.nextInt(8) == 0) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                byte[] bad = new byte[b.length + 1]; // a byte that is never UTF-8, after the opening brace
                bad[0] = b[0];
                bad[1] = (byte) 0xff;
                System.arraycopy(b, 1, bad, 2, b.length - 1);
                return bad;
            }
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
